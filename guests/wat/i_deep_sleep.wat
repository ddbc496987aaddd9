;; Deep suspension test: `deep(n)` recurses n frames deep (each frame keeps locals live across
;; the call) and then sleeps 1 ms at the bottom, so suspending must save n frames; it stores
;; n(n+1), computed across the suspension, at address 0. One page of memory and no
;; allocator: 2,000 frames of unwind data fit in it, 10,000 do not.
(module
  (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
  (memory (export "memory") 1)
  (func $down (param $n i32) (result i32) (local $a i64) (local $b i64)
    (local.set $a (i64.extend_i32_u (local.get $n)))
    (local.set $b (i64.mul (local.get $a) (i64.const 3)))
    (if (i32.eqz (local.get $n))
      (then (call $sleep_ms (i64.const 1)) (return (i32.const 0))))
    (i32.add
      (call $down (i32.sub (local.get $n) (i32.const 1)))
      (i32.wrap_i64 (i64.sub (local.get $b) (local.get $a)))))
  ;; Sum of 2k for k in 1..n, computed across the suspension (checks the rewound stack).
  (func (export "deep") (param $n i32)
    (i32.store (i32.const 0) (call $down (local.get $n)))))
