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

}  // namespace
}  // namespace lh::engine::testing
