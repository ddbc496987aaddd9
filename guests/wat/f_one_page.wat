;; A guest with exactly one page of memory and no allocator: it prints memory.size, computes
;; for 10 fuel slices (each slice end suspends it), sleeps, grows its memory by one page
;; (which must fail: its maximum is 1) and prints memory.size again. Suspension must not
;; take any of its memory (spec/harness.md, "Suspension").
(module
  (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1 1)
  (data (i32.const 32) "pages=? grow=?\n")

  (func $report (param $grow i32)
    (i32.store8 (i32.const 38) (i32.add (i32.const 48) (memory.size)))
    (i32.store8 (i32.const 45) (select (i32.const 45) (i32.const 43)
                                       (i32.lt_s (local.get $grow) (i32.const 0))))
    (i32.store (i32.const 0) (i32.const 32))
    (i32.store (i32.const 4) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  (func (export "compute_then_sleep") (local $i i32)
    (call $report (i32.const 0))
    ;; 8 fuel units per iteration: 125,000 iterations are 10 slices
    (loop $burn
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $burn (i32.lt_u (local.get $i) (i32.const 125000))))
    (call $sleep_ms (i64.const 5))
    (call $report (memory.grow (i32.const 1)))))
