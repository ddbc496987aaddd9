#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

class Global : public EngineTest {};

TEST_F(Global, ImportedAndExportedGlobalsShareValues) {
  auto module = compile(R"((module
    (import "env" "counter" (global $c (mut i64)))
    (global $own (export "own") (mut i32) (i32.const 5))
    (export "counter" (global $c))
    (func (export "bump") (global.set $c (i64.add (global.get $c) (i64.const 1)))
                          (global.set $own (i32.add (global.get $own) (i32.const 1)))))
  )");
  ASSERT_TRUE(module);
  std::unique_ptr<wasm_globaltype_t, Deleter<wasm_globaltype_t, wasm_globaltype_delete>> type(
      wasm_globaltype_new(wasm_valtype_new(WASM_I64), WASM_VAR));
  wasm_val_t start = i64(INT64_MAX - 1);
  GlobalPtr counter(wasm_global_new(store(), type.get(), &start));
  ASSERT_TRUE(counter);
  auto instance = instantiate(module.get(), {wasm_global_as_extern(counter.get())});
  ASSERT_TRUE(instance);
  auto* bump = wasm_extern_as_func(find_export(instance.get(), module.get(), "bump"));
  ASSERT_EQ(call(bump, {}), "");
  wasm_val_t value;
  wasm_global_get(counter.get(), &value);
  EXPECT_EQ(value.of.i64, INT64_MAX);
  auto* own = wasm_extern_as_global(find_export(instance.get(), module.get(), "own"));
  ASSERT_TRUE(own);
  wasm_global_get(own, &value);
  EXPECT_EQ(value.of.i32, 6);
  wasm_val_t set = i32(100);
  wasm_global_set(own, &set);
  ASSERT_EQ(call(bump, {}), "");
  wasm_global_get(own, &value);
  EXPECT_EQ(value.of.i32, 101);
  auto* exported_counter =
      wasm_extern_as_global(find_export(instance.get(), module.get(), "counter"));
  wasm_global_get(exported_counter, &value);
  EXPECT_EQ(value.of.i64, INT64_MIN);  // wrapped
}

TEST_F(Global, WasmEpochMovesOnlyWhenWasmCodeMayHaveRun) {
  uint64_t inside_host = 0;
  auto note = host_func({}, {}, [&](const wasm_val_vec_t*, wasm_val_vec_t*) -> wasm_trap_t* {
    inside_host = wasmx_store_wasm_epoch(store());
    return nullptr;
  });
  auto module = compile(R"((module (import "env" "note" (func $note))
    (global $g (export "g") (mut i32) (i32.const 0))
    (func (export "run") (global.set $g (i32.const 1)) (call $note) (global.set $g (i32.const 2)))))");
  ASSERT_TRUE(module);
  auto instance = instantiate(module.get(), {wasm_func_as_extern(note.get())});
  ASSERT_TRUE(instance);
  auto* g = wasm_extern_as_global(find_export(instance.get(), module.get(), "g"));
  auto* run = wasm_extern_as_func(find_export(instance.get(), module.get(), "run"));
  uint64_t before = wasmx_store_wasm_epoch(store());
  wasm_val_t value = i32(7);
  wasm_global_set(g, &value);
  wasm_global_get(g, &value);
  EXPECT_EQ(wasmx_store_wasm_epoch(store()), before) << "host-only access moved the epoch";
  ASSERT_EQ(call(run, {}), "");
  uint64_t after = wasmx_store_wasm_epoch(store());
  EXPECT_NE(inside_host, before) << "entering the host from wasm kept the epoch";
  EXPECT_NE(after, inside_host) << "returning from wasm kept the epoch";
}

TEST_F(Global, OneExportIsWrappedByIndexAndOutOfRangeIsNull) {
  auto module = compile(R"((module (func (export "f")) (global (export "g") i32 (i32.const 9))))");
  auto instance = instantiate(module.get(), {});
  ASSERT_TRUE(instance);
  ExternPtr global(wasmx_instance_export(instance.get(), 1));
  ASSERT_TRUE(global);
  ASSERT_EQ(wasm_extern_kind(global.get()), WASM_EXTERN_GLOBAL);
  wasm_val_t value;
  wasm_global_get(wasm_extern_as_global(global.get()), &value);
  EXPECT_EQ(value.of.i32, 9);
  EXPECT_EQ(wasmx_instance_export(instance.get(), 2), nullptr);
}

}  // namespace
}  // namespace lh::engine::testing
