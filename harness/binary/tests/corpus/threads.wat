;; Threads: shared memory and atomics, including fence and wait/notify.
(module
  (memory 1 2 shared)
  (func $atomics (param i32) (result i64)
    (atomic.fence)
    (i32.atomic.store (local.get 0) (i32.const 1))
    (drop (i32.atomic.rmw.add (local.get 0) (i32.const 1)))
    (drop (i64.atomic.rmw32.cmpxchg_u (local.get 0) (i64.const 1) (i64.const 2)))
    (drop (memory.atomic.notify (local.get 0) (i32.const 1)))
    (drop (memory.atomic.wait32 (local.get 0) (i32.const 0) (i64.const 0)))
    (drop (memory.atomic.wait64 (local.get 0) (i64.const 0) (i64.const 0)))
    (i64.atomic.load16_u offset=8 (local.get 0)))
  (export "atomics" (func $atomics)))
