;; A start function that runs 250,000 loop iterations (8 fuel units each: 20 slices) before
;; the entry: metered like any other code (spec/harness.md, "Start functions").
;; Entries: run (nothing), spawn_under_max_fuel_4 (spawns `run` of this module with a config
;; of max_fuel 4, so the child's start function runs out of fuel and the spawn fails).
(module
  (import "lunatic::process" "create_config" (func $create_config (result i64)))
  (import "lunatic::process" "config_set_max_fuel" (func $config_set_max_fuel (param i64 i64)))
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "run")
  (func $init (local $i i32)
    (loop $again
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $again (i32.lt_u (local.get $i) (i32.const 250000)))))
  (start $init)
  (func (export "run"))
  (func (export "spawn_under_max_fuel_4") (local $config i64)
    (local.set $config (call $create_config))
    (call $config_set_max_fuel (local.get $config) (i64.const 4))
    (drop (call $spawn (i64.const 0) (local.get $config) (i64.const -1)
                       (i32.const 16) (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 32)))))
