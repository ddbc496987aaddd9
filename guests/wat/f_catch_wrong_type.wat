;; lunatic::trap::catch where `_lunatic_catch_trap` is a function of another type than
;; (i32, i32) -> i32: the call fails before it runs, so catch returns 0. _start prints the
;; result as a digit and a newline; the export would print "X" if it ran.
(module
  (import "lunatic::trap" "catch" (func $catch (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "X\n")
  (func $puts (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_lunatic_catch_trap") (param i32) (result i32)
    (call $puts (i32.const 32) (i32.const 2))
    (i32.const 7))
  (func (export "_start")
    (i32.store8 (i32.const 16) (i32.add (i32.const 48) (call $catch (i32.const 0) (i32.const 0))))
    (i32.store8 (i32.const 17) (i32.const 10))
    (call $puts (i32.const 16) (i32.const 2))))
