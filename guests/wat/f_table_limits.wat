;; Modules over lunatic's table limits compile and fail at instantiation (findings A12, A15):
;; `run` compiles a module with two tables and one whose table starts at 100,000 elements,
;; prints each compile_module result, spawns `run` of each, and prints spawn's result and
;; the error's text ("compile=0 spawn=1 <text>" per module).
(module
  (import "lunatic::process" "compile_module" (func $compile (param i32 i32 i32) (result i32)))
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::error" "string_size" (func $string_size (param i64) (result i32)))
  (import "lunatic::error" "to_string" (func $to_string (param i64 i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "run")
  (data (i32.const 24) "compile=")
  (data (i32.const 40) " spawn=")
  (data (i32.const 56) " ")
  (data (i32.const 60) "\n")
  ;; (module (table 1 funcref) (table 1 funcref) (func (export "run")))
  (data (i32.const 200) "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\02\01\00\04\07\02\70\00\01\70\00\01\07\07\01\03\72\75\6e\00\00\0a\04\01\02\00\0b")
  ;; (module (table 100000 funcref) (func (export "run")))
  (data (i32.const 300) "\00\61\73\6d\01\00\00\00\01\04\01\60\00\00\03\02\01\00\04\06\01\70\00\a0\8d\06\07\07\01\03\72\75\6e\00\00\0a\04\01\02\00\0b")

  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $digit (param $n i32)
    (i32.store8 (i32.const 64) (i32.add (i32.const 48) (local.get $n)))
    (call $write (i32.const 64) (i32.const 1)))

  (func $try (param $ptr i32) (param $len i32) (local $rc i32) (local $size i32)
    (local.set $rc (call $compile (local.get $ptr) (local.get $len) (i32.const 80)))
    (call $write (i32.const 24) (i32.const 8))
    (call $digit (local.get $rc))
    (local.set $rc (call $spawn (i64.const 0) (i64.const -1) (i64.load (i32.const 80))
                                (i32.const 16) (i32.const 3) (i32.const 0) (i32.const 0)
                                (i32.const 88)))
    (call $write (i32.const 40) (i32.const 7))
    (call $digit (local.get $rc))
    (call $write (i32.const 56) (i32.const 1))
    (local.set $size (call $string_size (i64.load (i32.const 88))))
    (call $to_string (i64.load (i32.const 88)) (i32.const 1024))
    (call $write (i32.const 1024) (local.get $size))
    (call $write (i32.const 60) (i32.const 1)))

  (func (export "run")
    (call $try (i32.const 200) (i32.const 42))
    (call $try (i32.const 300) (i32.const 41))))
