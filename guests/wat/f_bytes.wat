;; Output that is not plain UTF-8 text, for the rule that every output of the harness stays
;; valid UTF-8 (spec/trace-events.md). Entries:
;;   split_char     writes 4,095 "a" then "é" in one fd_write: the trace keeps 4,096 bytes at
;;                  most per write and must not split the character
;;   invalid_bytes  writes "ok\ff\fe!\n" (two bytes that are not UTF-8) to stdout and stderr
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 16) "ok\ff\fe!\n")
  (data (i32.const 4195) "\c3\a9")

  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "split_char")
    (memory.fill (i32.const 100) (i32.const 97) (i32.const 4095))
    (call $write (i32.const 1) (i32.const 100) (i32.const 4097)))

  (func (export "invalid_bytes")
    (call $write (i32.const 1) (i32.const 16) (i32.const 6))
    (call $write (i32.const 2) (i32.const 16) (i32.const 6))))
