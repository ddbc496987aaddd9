;; Test guest (determinism tests): `_start` spawns four children of this module, each
;; printing its own process id, so the order they run in depends on the schedule.
(module
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 64) "child")

  (func (export "_start") (local $i i32)
    (loop $more
      (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 64) (i32.const 5)
                         (i32.const 0) (i32.const 0) (i32.const 128)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $more (i32.lt_u (local.get $i) (i32.const 4)))))

  ;; prints "<id>\n" (ids below 10 here)
  (func (export "child")
    (i32.store8 (i32.const 256) (i32.add (i32.const 48) (i32.wrap_i64 (call $process_id))))
    (i32.store8 (i32.const 257) (i32.const 10))
    (i32.store (i32.const 0) (i32.const 256))
    (i32.store (i32.const 4) (i32.const 2))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
