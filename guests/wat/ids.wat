;; Writes "pid=<d> env=<d>\n" to stdout through WASI fd_write, digits formatted in wasm.
;; Exports `_start` (no params) and `exit_with` (i32 code) for proc_exit.
(module
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "lunatic::process" "environment_id" (func $environment_id (result i64)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 16) "pid=")
  (data (i32.const 24) " env=")
  (data (i32.const 32) "\n")

  ;; write(ptr, len) to fd 1 with one iovec at address 0
  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; decimal digits of $n into [256, 256+len), written out
  (func $write_u64 (param $n i64) (local $pos i32)
    (local.set $pos (i32.const 300))
    (loop $digits
      (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
      (i64.store8 (local.get $pos) (i64.add (i64.const 48) (i64.rem_u (local.get $n) (i64.const 10))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $n) (i64.const 0))))
    (call $write (local.get $pos) (i32.sub (i32.const 300) (local.get $pos))))

  (func (export "_start")
    (call $write (i32.const 16) (i32.const 4))
    (call $write_u64 (call $process_id))
    (call $write (i32.const 24) (i32.const 5))
    (call $write_u64 (call $environment_id))
    (call $write (i32.const 32) (i32.const 1)))

  (func (export "exit_with") (param i32) (call $proc_exit (local.get 0))))
