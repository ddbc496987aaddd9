#include <cmath>
#include <limits>

#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

class Callback : public EngineTest {};

constexpr std::string_view kRoundTrip = R"((module
  (import "env" "echo" (func $echo (param i32 i64 f32 f64) (result i32 i64 f32 f64)))
  (func (export "run") (param i32 i64 f32 f64) (result i32 i64 f32 f64)
    (call $echo (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
)";

TEST_F(Callback, EveryValueTypeRoundTripsThroughHostAndWasm) {
  auto module = compile(kRoundTrip);
  ASSERT_TRUE(module);
  std::vector<wasm_val_t> seen;
  auto echo =
      host_func({WASM_I32, WASM_I64, WASM_F32, WASM_F64}, {WASM_I32, WASM_I64, WASM_F32, WASM_F64},
                [&](const wasm_val_vec_t* args, wasm_val_vec_t* results) {
                  seen.assign(args->data, args->data + args->size);
                  for (size_t i = 0; i < 4; ++i) results->data[i] = args->data[i];
                  return nullptr;
                });
  auto instance = instantiate(module.get(), {wasm_func_as_extern(echo.get())});
  ASSERT_TRUE(instance);
  auto* run = wasm_extern_as_func(find_export(instance.get(), module.get(), "run"));
  for (int64_t extreme : {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                          int64_t{-1}, int64_t{0}, int64_t{1} << 53, (int64_t{1} << 53) + 1}) {
    std::vector<wasm_val_t> out;
    ASSERT_EQ(call(run, {i32(INT32_MIN), i64(extreme), f32(-1.5f), f64(M_PI)}, &out), "");
    ASSERT_EQ(seen.size(), 4u);
    EXPECT_EQ(seen[1].of.i64, extreme);
    EXPECT_EQ(out[0].of.i32, INT32_MIN);
    EXPECT_EQ(out[1].of.i64, extreme);
    EXPECT_EQ(out[2].of.f32, -1.5f);
    EXPECT_EQ(out[3].of.f64, M_PI);
  }
}

TEST_F(Callback, FuncTypeAndArityAreReported) {
  auto f = host_func({WASM_I64, WASM_I32}, {WASM_I32}, [](auto, auto) { return nullptr; });
  EXPECT_EQ(wasm_func_param_arity(f.get()), 2u);
  EXPECT_EQ(wasm_func_result_arity(f.get()), 1u);
  FuncTypePtr type(wasm_func_type(f.get()));
  EXPECT_EQ(wasm_valtype_kind(wasm_functype_params(type.get())->data[0]), WASM_I64);
}

TEST_F(Callback, HostCanCallBackIntoWasmFromACallback) {
  auto module = compile(R"((module
    (import "env" "outer" (func $outer (param i32) (result i32)))
    (func (export "double") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
    (func (export "run") (param i32) (result i32) (call $outer (local.get 0))))
  )");
  ASSERT_TRUE(module);
  wasm_func_t* doubler = nullptr;
  auto outer =
      host_func({WASM_I32}, {WASM_I32}, [&](const wasm_val_vec_t* args, wasm_val_vec_t* results) {
        wasm_val_t in = args->data[0];
        wasm_val_vec_t a{1, &in};
        return wasm_func_call(doubler, &a, results);
      });
  auto instance = instantiate(module.get(), {wasm_func_as_extern(outer.get())});
  doubler = wasm_extern_as_func(find_export(instance.get(), module.get(), "double"));
  auto* run = wasm_extern_as_func(find_export(instance.get(), module.get(), "run"));
  std::vector<wasm_val_t> out;
  ASSERT_EQ(call(run, {i32(21)}, &out), "");
  EXPECT_EQ(out[0].of.i32, 42);
}

TEST_F(Callback, WrongArgumentCountIsATrapNotACrash) {
  auto module = compile(R"((module (func (export "f") (param i32))))");
  auto instance = instantiate(module.get(), {});
  auto* f = wasm_extern_as_func(find_export(instance.get(), module.get(), "f"));
  EXPECT_NE(call(f, {}), "");
  EXPECT_NE(call(f, {i64(1)}), "");
}

// The finalizer a host function is created with runs once the engine has collected it (in
// the second pass of the weak callback, review R6), and not before.
TEST_F(Callback, FinalizerRunsOnceAfterTheFunctionIsCollected) {
  static int finalized = 0;
  finalized = 0;
  {
    wasm_valtype_vec_t p, r;
    wasm_valtype_vec_new_empty(&p);
    wasm_valtype_vec_new_empty(&r);
    FuncTypePtr type(wasm_functype_new(&p, &r));
    FuncPtr func(wasm_func_new_with_env(
        store(), type.get(),
        [](void*, const wasm_val_vec_t*, wasm_val_vec_t*) -> wasm_trap_t* { return nullptr; },
        nullptr, [](void*) { ++finalized; }));
    ASSERT_TRUE(func);
    wasmx_store_collect_garbage(store());
    EXPECT_EQ(finalized, 0) << "still referenced";
  }
  wasmx_store_collect_garbage(store());
  wasmx_store_collect_garbage(store());
  EXPECT_EQ(finalized, 1);
}

}  // namespace
}  // namespace lh::engine::testing
