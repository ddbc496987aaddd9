;; Exception handling (the legacy proposal V8 10.2 ships): try/catch/catch_all/delegate,
;; throw and rethrow.
(module
  (tag $e (param i32))
  (tag $f)
  (func $thrower (param i32) (if (local.get 0) (then (throw $e (local.get 0)))))
  (func $catcher (param i32) (result i32)
    (try (result i32)
      (do (call $thrower (local.get 0)) (i32.const 0))
      (catch $e)
      (catch_all (i32.const -1))))
  (func $nested
    (try $outer
      (do
        (try (do (throw $f)) (delegate $outer)))
      (catch $f)
      (catch_all (rethrow $outer))))
  (export "catcher" (func $catcher)))
