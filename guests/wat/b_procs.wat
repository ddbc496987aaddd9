;; Benchmark guest (bench/lh_bench): processes that block. Two pages of memory with a
;; maximum: page 0 for data, page 1 for the asyncify buffer that `lunatic_alloc` hands the
;; harness (so suspending never grows memory). Entries, each the root of one benchmark:
;;   spawn_link_loop(n)     n children spawned linked (tag 1); each returns (Normal exit,
;;                          which notifies nobody)
;;   spawn_link_fail(n)     die_when_link_dies(0); n times: spawn a linked child that traps,
;;                          then receive the LinkDied message
;;   link_unlink(n)         spawns a child waiting forever, then n link+unlink pairs with it,
;;                          then yields once so both sides handle their signals
;;   chain(k)               spawns `chain(k-1)` linked, then waits forever (k = 0: just waits)
;;   ping_pong(n)           spawns `echo(parent)`; n times: send a message, receive the reply
;;   yield_loop(n)          n times sleep_ms(0)
;;   sleepers(k)            spawns k children that wait forever in receive
(module
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
  (import "lunatic::process" "die_when_link_dies" (func $die_when_link_dies (param i32)))
  (import "lunatic::process" "link" (func $link (param i64 i64)))
  (import "lunatic::process" "unlink" (func $unlink (param i64)))
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "lunatic::message" "create_data" (func $create_data (param i64 i64)))
  (import "lunatic::message" "send" (func $send (param i64) (result i32)))
  (import "lunatic::message" "receive" (func $receive (param i32 i32 i64) (result i32)))
  (memory (export "memory") 2 2)
  ;; 0: child id; 32: params chunk (17 bytes); 64..: entry names.
  (data (i32.const 64) "nop")          ;; 64, 3
  (data (i32.const 80) "trap")         ;; 80, 4
  (data (i32.const 96) "wait")         ;; 96, 4
  (data (i32.const 112) "chain")       ;; 112, 5
  (data (i32.const 128) "echo")        ;; 128, 4
  (func (export "lunatic_alloc") (param i32) (result i32) (i32.const 65536))
  (func (export "nop"))
  (func (export "trap") unreachable)
  (func $wait_forever (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1))))
  (func (export "wait") (call $wait_forever))
  ;; The params chunk at 32: one i64.
  (func $i64_param (param $v i64)
    (i32.store8 (i32.const 32) (i32.const 0x7e))
    (i64.store (i32.const 33) (local.get $v))
    (i64.store (i32.const 41) (i64.const 0)))
  (func $spawn_named (param $link i64) (param $name i32) (param $len i32) (param $nparams i32)
                     (result i64)
    (drop (call $spawn (local.get $link) (i64.const -1) (i64.const -1)
                       (local.get $name) (local.get $len)
                       (i32.const 32) (i32.mul (local.get $nparams) (i32.const 17)) (i32.const 0)))
    (i64.load (i32.const 0)))
  (func (export "spawn_link_loop") (param $n i64)
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (drop (call $spawn_named (i64.const 1) (i32.const 64) (i32.const 3) (i32.const 0)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top))))
  (func (export "spawn_link_fail") (param $n i64)
    (call $die_when_link_dies (i32.const 0))
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (drop (call $spawn_named (i64.const 1) (i32.const 80) (i32.const 4) (i32.const 0)))
        (if (i32.ne (call $receive (i32.const 0) (i32.const 0) (i64.const -1)) (i32.const 1))
          (then unreachable))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top))))
  (func (export "link_unlink") (param $n i64) (local $other i64)
    (local.set $other (call $spawn_named (i64.const 0) (i32.const 96) (i32.const 4) (i32.const 0)))
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (call $link (i64.const 0) (local.get $other))
        (call $unlink (local.get $other))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top)))
    (call $sleep_ms (i64.const 0)))
  (func (export "chain") (param $k i64)
    (if (i64.ne (local.get $k) (i64.const 0))
      (then
        (call $i64_param (i64.sub (local.get $k) (i64.const 1)))
        (drop (call $spawn_named (i64.const 1) (i32.const 112) (i32.const 5) (i32.const 1)))))
    (call $wait_forever))
  (func (export "echo") (param $parent i64)
    (loop $top
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $create_data (i64.const 2) (i64.const 0))
      (drop (call $send (local.get $parent)))
      (br $top)))
  (func (export "ping_pong") (param $n i64) (local $other i64)
    (call $i64_param (call $process_id))
    (local.set $other (call $spawn_named (i64.const 0) (i32.const 128) (i32.const 4) (i32.const 1)))
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (call $create_data (i64.const 1) (i64.const 0))
        (drop (call $send (local.get $other)))
        (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top))))
  (func (export "yield_loop") (param $n i64)
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (call $sleep_ms (i64.const 0))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top))))
  (func (export "sleepers") (param $k i64)
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $k)))
        (drop (call $spawn_named (i64.const 0) (i32.const 96) (i32.const 4) (i32.const 0)))
        (local.set $k (i64.sub (local.get $k) (i64.const 1)))
        (br $top)))))
