;; An `_initialize` that runs 20,000 loop iterations (8 fuel units each: 160,000 units, so
;; one slice and part of a second) before the entry `run`, which spins forever. Outside the
;; entry function a spent slice is refilled without a yield, and it counts against max_fuel.
(module
  (memory (export "memory") 1)
  (func (export "_initialize") (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 20000)))))
  (func (export "run") (local $n i32)
    (loop $forever
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $forever))))
