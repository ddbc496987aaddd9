;; Memory growth against the process's max_memory: `grow_twice` grows by one page twice and
;; prints both results of memory.grow ("grow=1 grow=-1\n" under a 2-page limit); the
;; process goes on either way.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "grow=")
  (data (i32.const 24) "\n")
  (data (i32.const 28) " ")

  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; "grow=<n>" with n a small signed number (-1 or 0..9)
  (func $write_grow (param $n i32)
    (call $write (i32.const 16) (i32.const 5))
    (if (i32.lt_s (local.get $n) (i32.const 0))
      (then (i32.store8 (i32.const 32) (i32.const 45))
            (i32.store8 (i32.const 33) (i32.const 49))
            (call $write (i32.const 32) (i32.const 2)))
      (else (i32.store8 (i32.const 32) (i32.add (i32.const 48) (local.get $n)))
            (call $write (i32.const 32) (i32.const 1)))))

  (func (export "grow_twice")
    (call $write_grow (memory.grow (i32.const 1)))
    (call $write (i32.const 28) (i32.const 1))
    (call $write_grow (memory.grow (i32.const 1)))
    (call $write (i32.const 24) (i32.const 1))))
