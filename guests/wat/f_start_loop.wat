;; A start function that runs 250,000 loop iterations (8 fuel units each: 20 slices) before
;; the entry: metered like any other code (spec/harness.md, "Start functions").
(module
  (memory (export "memory") 1)
  (func $init (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 250000)))))
  (start $init)
  (func (export "run")))
