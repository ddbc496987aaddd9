;; Benchmark guest (bench/lh_bench): the smallest process there is. One page of memory with
;; a maximum, so each process reserves only 64 KiB of address space. `spawn_loop(n)` spawns
;; n unlinked children running `nop`, which returns at once. Nothing here ever blocks.
(module
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 16) "nop")
  (func (export "nop"))
  ;; id written at 0; the entry name "nop" at 16.
  (func (export "spawn_loop") (param $n i64)
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1)
                           (i32.const 16) (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 0)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top)))))
