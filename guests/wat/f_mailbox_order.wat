;; lunatic's mailbox order (findings A3, A8), printed as numbers separated by spaces.
;; `after_timeout`: a receive times out (9027); a child then sends tag 1 and tag 2 while the
;; root sleeps; the two receives that follow return tag 2 first, then tag 1: the stale waiter
;; left by the timeout parked the first message, and the next receive moved it to the back.
;; `tag_zero`: the root sends itself an untagged message; a receive filtering on tag 0 times
;; out (9027: filters only see tagged messages), a receive without a filter takes it (0).
(module
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "lunatic::message" "create_data" (func $create_data (param i64 i64)))
  (import "lunatic::message" "send" (func $send (param i64) (result i32)))
  (import "lunatic::message" "receive" (func $receive (param i32 i32 i64) (result i32)))
  (import "lunatic::message" "get_tag" (func $get_tag (result i64)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "sender")
  (data (i32.const 32) " ")
  (data (i32.const 33) "\n")

  (func $write (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))

  ;; Prints a non-negative number and a space.
  (func $print (param $n i64) (local $at i32)
    (local.set $at (i32.const 120))
    (loop $digits
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i64.store8 (local.get $at) (i64.add (i64.const 48) (i64.rem_u (local.get $n) (i64.const 10))))
      (local.set $n (i64.div_u (local.get $n) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $n) (i64.const 0))))
    (call $write (local.get $at) (i32.sub (i32.const 120) (local.get $at)))
    (call $write (i32.const 32) (i32.const 1)))

  (func (export "sender")
    (call $create_data (i64.const 1) (i64.const 0))
    (drop (call $send (i64.const 1)))
    (call $create_data (i64.const 2) (i64.const 0))
    (drop (call $send (i64.const 1))))

  (func (export "after_timeout")
    (call $print (i64.extend_i32_u (call $receive (i32.const 0) (i32.const 0) (i64.const 1))))
    (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 16) (i32.const 6)
                       (i32.const 0) (i32.const 0) (i32.const 40)))
    (call $sleep_ms (i64.const 10))
    (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
    (call $print (call $get_tag))
    (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
    (call $print (call $get_tag))
    (call $write (i32.const 33) (i32.const 1)))

  (func (export "tag_zero")
    (call $create_data (i64.const 0) (i64.const 0))
    (drop (call $send (call $process_id)))
    (i64.store (i32.const 48) (i64.const 0))
    (call $print (i64.extend_i32_u (call $receive (i32.const 48) (i32.const 1) (i64.const 1))))
    (call $print (i64.extend_i32_u (call $receive (i32.const 0) (i32.const 0) (i64.const 1))))
    (call $write (i32.const 33) (i32.const 1))))
