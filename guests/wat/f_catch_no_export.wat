;; lunatic::trap::catch in a module without the export `_lunatic_catch_trap`: catch traps.
(module
  (import "lunatic::trap" "catch" (func $catch (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $catch (i32.const 0) (i32.const 0)))))
