;; v128 spawn params reach the child with every bit (issue #12: the harness passes them through
;; an i64-pair trampoline, instrument/v128_trampoline.h). `run` spawns three children of this
;; module: `one` with one v128, `mix` with i32, v128, i64, and `ones` with an all-ones v128.
;; Each checks the exact values it received, traps (unreachable) on any difference, and
;; prints "<name> ok". The root sleeps so that the children finish before it returns.
(module
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "one")
  (data (i32.const 110) "mix")
  (data (i32.const 120) "ones")
  (data (i32.const 200) "\7b\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (data (i32.const 300) "\7f\fb\ff\ff\ff\00\00\00\00\00\00\00\00\00\00\00\00"
                        "\7b\88\77\66\55\44\33\22\11\00\ff\ee\dd\cc\bb\aa\99"
                        "\7e\fe\ff\ff\ff\ff\ff\ff\ff\00\00\00\00\00\00\00\00")
  (data (i32.const 400) "\7b\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff\ff")
  (data (i32.const 500) "one ok\n")
  (data (i32.const 520) "mix ok\n")
  (data (i32.const 540) "ones ok\n")

  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func $expect (param $got i64) (param $want i64)
    (if (i64.ne (local.get $got) (local.get $want)) (then unreachable)))

  (func (export "run")
    (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 100) (i32.const 3)
                       (i32.const 200) (i32.const 17) (i32.const 40)))
    (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 110) (i32.const 3)
                       (i32.const 300) (i32.const 51) (i32.const 40)))
    (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 120) (i32.const 4)
                       (i32.const 400) (i32.const 17) (i32.const 40)))
    (call $sleep_ms (i64.const 10)))

  (func (export "one") (param $v v128)
    (call $expect (i64x2.extract_lane 0 (local.get $v)) (i64.const 0x0807060504030201))
    (call $expect (i64x2.extract_lane 1 (local.get $v)) (i64.const 0x100f0e0d0c0b0a09))
    (call $write (i32.const 500) (i32.const 7)))

  (func (export "mix") (param $a i32) (param $v v128) (param $b i64)
    (if (i32.ne (local.get $a) (i32.const -5)) (then unreachable))
    (call $expect (i64x2.extract_lane 0 (local.get $v)) (i64.const 0x1122334455667788))
    (call $expect (i64x2.extract_lane 1 (local.get $v)) (i64.const 0x99aabbccddeeff00))
    (call $expect (local.get $b) (i64.const -2))
    ;; a sleep inside the entry: the suspension unwinds and rewinds through the trampoline
    (call $sleep_ms (i64.const 1))
    (call $expect (i64x2.extract_lane 1 (local.get $v)) (i64.const 0x99aabbccddeeff00))
    (call $write (i32.const 520) (i32.const 7)))

  (func (export "ones") (param $v v128)
    (call $expect (i64x2.extract_lane 0 (local.get $v)) (i64.const -1))
    (call $expect (i64x2.extract_lane 1 (local.get $v)) (i64.const -1))
    (call $write (i32.const 540) (i32.const 8))))
