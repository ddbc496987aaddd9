;; Benchmark guest (bench/lh_bench): a pure compute loop for the fuel-metering overhead.
;; `mix(n)` runs an xorshift and multiply-accumulate loop n times and returns the sum.
(module
  (memory (export "memory") 1 1)
  (func (export "mix") (param $n i32) (result i64) (local $x i64) (local $acc i64)
    (local.set $x (i64.const 0x2545f4914f6cdd1d))
    (block $done
      (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (local.set $acc (i64.add (local.get $acc) (i64.mul (local.get $x) (i64.const 31))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
    (local.get $acc)))
