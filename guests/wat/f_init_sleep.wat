;; A blocking host function called outside the entry function (here in `_initialize`)
;; cannot suspend: the call traps with "cannot suspend here".
(module
  (import "lunatic::process" "sleep_ms" (func $sleep (param i64)))
  (memory (export "memory") 1)
  (func (export "_initialize") (call $sleep (i64.const 1)))
  (func (export "run")))
