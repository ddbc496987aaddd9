;; Compute-loop guest for the run-time overhead benchmark: `mix(n)` runs an xorshift and
;; multiply-accumulate loop n times and returns the accumulator; `fill(n)` writes and sums
;; n words of memory. No imports but the memory.
(module
  (memory (export "memory") 2)
  (func (export "mix") (param $n i32) (result i64) (local $x i64) (local $acc i64)
    (local.set $x (i64.const 0x9e3779b97f4a7c15))
    (block $done
      (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
        (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
        (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 17))))
        (local.set $acc (i64.add (local.get $acc) (i64.mul (local.get $x) (i64.const 31))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
    (local.get $acc))
  (func (export "fill") (param $n i32) (result i32) (local $i i32) (local $sum i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.shl (i32.and (local.get $i) (i32.const 0x7fff)) (i32.const 2))
                   (i32.mul (local.get $i) (i32.const 2654435761)))
        (local.set $sum (i32.add (local.get $sum)
          (i32.load (i32.shl (i32.and (local.get $i) (i32.const 0x7fff)) (i32.const 2)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $sum)))
