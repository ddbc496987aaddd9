;; Order-dependent guest (issue #16: explore's strategies). Each root entry spawns workers
;; of this module that message the root; the root checks the order the messages arrive in.
;; Every worker takes the root's id as its one i64 param. sleep_ms(0) is a scheduling point.
;;   workers(n, yields)  n workers, each yields `yields` times then sends one message; the
;;                       root receives the n messages (never fails: a throughput scenario)
;;   depth2()            a planted depth-2 bug. A: send 1, 3 yields, send 2. B: 15 yields,
;;                       send 3. The root traps when B's message arrives between A's two:
;;                       B must run 16 slices inside A's 3-yield window.
;;   depth3()            a planted depth-3 bug. A: send 1, yield, send 2, 7 yields, send 5.
;;                       B: 7 yields, send 3, yield, send 4. The root traps on the order
;;                       1 3 2 5 4: B runs 8 slices inside A's one-yield window, then A runs
;;                       8 slices inside B's.
(module
  (import "lunatic::process" "spawn"
    (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "lunatic::message" "create_data" (func $create_data (param i64 i64)))
  (import "lunatic::message" "send" (func $send (param i64) (result i32)))
  (import "lunatic::message" "receive" (func $receive (param i32 i32 i64) (result i32)))
  (import "lunatic::message" "get_tag" (func $get_tag (result i64)))
  (memory (export "memory") 1 1)
  ;; 0: spawned id; 32: params (two i64 entries, 17 bytes each); 128..: entry names;
  ;; 256..: the tags received, one i64 each.
  (data (i32.const 128) "worker")  ;; 128, 6
  (data (i32.const 144) "d2_a")    ;; 144, 4
  (data (i32.const 152) "d2_b")    ;; 152, 4
  (data (i32.const 160) "d3_a")    ;; 160, 4
  (data (i32.const 168) "d3_b")    ;; 168, 4

  (func $i64_param (param $at i32) (param $v i64)
    (i32.store8 (local.get $at) (i32.const 0x7e))
    (i64.store offset=1 (local.get $at) (local.get $v))
    (i64.store offset=9 (local.get $at) (i64.const 0)))
  ;; Spawns `name` with the root's id (and `extra` as a second param when nparams is 2).
  (func $spawn_worker (param $name i32) (param $len i32) (param $nparams i32) (param $extra i64)
    (call $i64_param (i32.const 32) (call $process_id))
    (call $i64_param (i32.const 49) (local.get $extra))
    (if (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (local.get $name)
                     (local.get $len) (i32.const 32)
                     (i32.mul (local.get $nparams) (i32.const 17)) (i32.const 0))
      (then unreachable)))
  (func $yields (param $n i64)
    (block $done
      (loop $top
        (br_if $done (i64.eqz (local.get $n)))
        (call $sleep_ms (i64.const 0))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $top))))
  (func $tell (param $root i64) (param $tag i64)
    (call $create_data (local.get $tag) (i64.const 0))
    (drop (call $send (local.get $root))))
  ;; Receives n messages, storing their tags at 256, 264, ...
  (func $collect (param $n i32) (local $i i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
        (i64.store (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 3)))
                   (call $get_tag))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top))))
  (func $tag_at (param $i i32) (result i64)
    (i64.load (i32.add (i32.const 256) (i32.shl (local.get $i) (i32.const 3)))))

  (func (export "worker") (param $root i64) (param $yields i64)
    (call $yields (local.get $yields))
    (call $tell (local.get $root) (i64.const 1)))
  (func (export "workers") (param $n i64) (param $yields i64) (local $i i64)
    (block $done
      (loop $top
        (br_if $done (i64.ge_u (local.get $i) (local.get $n)))
        (call $spawn_worker (i32.const 128) (i32.const 6) (i32.const 2) (local.get $yields))
        (local.set $i (i64.add (local.get $i) (i64.const 1)))
        (br $top)))
    (call $collect (i32.wrap_i64 (local.get $n))))

  (func (export "d2_a") (param $root i64)
    (call $tell (local.get $root) (i64.const 1))
    (call $yields (i64.const 3))
    (call $tell (local.get $root) (i64.const 2)))
  (func (export "d2_b") (param $root i64)
    (call $yields (i64.const 15))
    (call $tell (local.get $root) (i64.const 3)))
  (func (export "depth2")
    (call $spawn_worker (i32.const 144) (i32.const 4) (i32.const 1) (i64.const 0))
    (call $spawn_worker (i32.const 152) (i32.const 4) (i32.const 1) (i64.const 0))
    (call $collect (i32.const 3))
    (if (i32.and (i64.eq (call $tag_at (i32.const 0)) (i64.const 1))
                 (i64.eq (call $tag_at (i32.const 1)) (i64.const 3)))
      (then unreachable)))

  (func (export "d3_a") (param $root i64)
    (call $tell (local.get $root) (i64.const 1))
    (call $yields (i64.const 1))
    (call $tell (local.get $root) (i64.const 2))
    (call $yields (i64.const 7))
    (call $tell (local.get $root) (i64.const 5)))
  (func (export "d3_b") (param $root i64)
    (call $yields (i64.const 7))
    (call $tell (local.get $root) (i64.const 3))
    (call $yields (i64.const 1))
    (call $tell (local.get $root) (i64.const 4)))
  (func (export "depth3")
    (call $spawn_worker (i32.const 160) (i32.const 4) (i32.const 1) (i64.const 0))
    (call $spawn_worker (i32.const 168) (i32.const 4) (i32.const 1) (i64.const 0))
    (call $collect (i32.const 5))
    (if (i32.and (i32.and (i64.eq (call $tag_at (i32.const 0)) (i64.const 1))
                          (i64.eq (call $tag_at (i32.const 1)) (i64.const 3)))
                 (i32.and (i64.eq (call $tag_at (i32.const 2)) (i64.const 2))
                          (i64.eq (call $tag_at (i32.const 3)) (i64.const 5))))
      (then unreachable))))
