;; lunatic::trap::catch where `_lunatic_catch_trap` is a global, not a function: catch traps.
(module
  (import "lunatic::trap" "catch" (func $catch (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (global (export "_lunatic_catch_trap") i32 (i32.const 0))
  (func (export "_start") (drop (call $catch (i32.const 0) (i32.const 0)))))
