;; A module importing a function the harness does not provide (lunatic::networking is out of
;; the harness's scope), so it cannot be instantiated.
(module
  (import "lunatic::networking" "tcp_bind"
    (func $tcp_bind (param i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")))
