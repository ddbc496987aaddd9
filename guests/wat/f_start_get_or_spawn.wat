;; get_or_spawn of an unregistered name called from a start function, i.e. during
;; instantiation, traps ("lunatic::process:get_or_spawn: Cannot spawn process during module
;; initialization"). The root (process 1) skips it in its own start function; its entry
;; `run` spawns `run` of this module, whose instantiation then fails: spawn returns 1 and
;; `run` prints "rc=1 " and the error's text.
(module
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "get_or_spawn"
    (func $get_or_spawn (param i32 i32 i64 i64 i64 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::error" "string_size" (func $string_size (param i64) (result i32)))
  (import "lunatic::error" "to_string" (func $to_string (param i64 i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "run")
  (data (i32.const 24) "rc=")
  (data (i32.const 32) "\n")
  (data (i32.const 36) "w")

  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $init
    (if (i64.ne (call $process_id) (i64.const 1))
      (then (drop (call $get_or_spawn (i32.const 36) (i32.const 1) (i64.const 0) (i64.const -1)
                                      (i64.const -1) (i32.const 16) (i32.const 3) (i32.const 0)
                                      (i32.const 0) (i32.const 56) (i32.const 64))))))
  (start $init)

  (func (export "run") (local $rc i32) (local $len i32)
    (local.set $rc (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 16)
                                (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 40)))
    (call $write (i32.const 24) (i32.const 3))
    (i32.store8 (i32.const 48) (i32.add (i32.const 48) (local.get $rc)))
    (i32.store8 (i32.const 49) (i32.const 32))
    (call $write (i32.const 48) (i32.const 2))
    (local.set $len (call $string_size (i64.load (i32.const 40))))
    (call $to_string (i64.load (i32.const 40)) (i32.const 1024))
    (call $write (i32.const 1024) (local.get $len))
    (call $write (i32.const 32) (i32.const 1))))
