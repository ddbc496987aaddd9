;; A process that never ends: it computes forever, yielding at every spent fuel slice.
(module
  (memory (export "memory") 1)
  (func (export "spin") (local $i i64)
    (loop $forever
      (local.set $i (i64.add (local.get $i) (i64.const 1)))
      (br $forever))))
