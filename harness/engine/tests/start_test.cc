#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

class Start : public EngineTest {};

TEST_F(Start, StartFunctionRunsDuringInstantiation) {
  auto module = compile(R"((module (import "env" "f" (func $f)) (start $f)))");
  int calls = 0;
  auto f = host_func({}, {}, [&](auto, auto) {
    ++calls;
    return nullptr;
  });
  auto instance = instantiate(module.get(), {wasm_func_as_extern(f.get())});
  EXPECT_TRUE(instance);
  EXPECT_EQ(calls, 1);
}

TEST_F(Start, HostTrapInStartFunctionFailsInstantiationWithTheMessage) {
  auto module = compile(R"((module (import "env" "f" (func $f)) (start $f)))");
  auto f = host_func({}, {}, [&](auto, auto) {
    return make_trap(store(), "Cannot spawn process during module initialization");
  });
  std::string trap;
  auto instance = instantiate(module.get(), {wasm_func_as_extern(f.get())}, &trap);
  EXPECT_FALSE(instance);
  EXPECT_EQ(trap, "Cannot spawn process during module initialization");
}

TEST_F(Start, WasmTrapInStartFunctionFailsInstantiation) {
  auto module = compile(R"((module (func $s unreachable) (start $s)))");
  std::string trap;
  EXPECT_FALSE(instantiate(module.get(), {}, &trap));
  EXPECT_NE(trap.find("unreachable"), std::string::npos) << trap;
}

}  // namespace
}  // namespace lh::engine::testing
