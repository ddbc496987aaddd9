#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

class Trap : public EngineTest {
 protected:
  void SetUp() override {
    module_ = compile(R"((module
      (import "env" "fail" (func $fail))
      (memory 1)
      (func (export "host") (call $fail))
      (func (export "unreachable") unreachable)
      (func (export "oob") (drop (i32.load (i32.const 70000))))
      (func $rec (export "recurse") (call $rec))
      (func (export "div0") (result i32) (i32.div_s (i32.const 1) (i32.const 0)))
      (func (export "ok") (result i32) (i32.const 7)))
    )");
    ASSERT_TRUE(module_);
    fail_ = host_func({}, {}, [this](auto, auto) {
      return make_trap(store(), "lunatic::process::kill: host says no");
    });
    instance_ = instantiate(module_.get(), {wasm_func_as_extern(fail_.get())});
    ASSERT_TRUE(instance_);
  }
  std::string run(std::string_view name) {
    return call(wasm_extern_as_func(find_export(instance_.get(), module_.get(), name)), {});
  }
  ModulePtr module_;
  FuncPtr fail_;
  InstancePtr instance_;
};

TEST_F(Trap, HostTrapComesBackWithItsExactMessage) {
  EXPECT_EQ(run("host"), "lunatic::process::kill: host says no");
}

TEST_F(Trap, WasmTrapsCarryTheEngineMessage) {
  EXPECT_NE(run("unreachable").find("unreachable"), std::string::npos);
  EXPECT_NE(run("oob").find("memory access out of bounds"), std::string::npos);
  EXPECT_NE(run("div0").find("divide by zero"), std::string::npos);
}

TEST_F(Trap, StackOverflowIsATrap) {
  EXPECT_NE(run("recurse").find("Maximum call stack size exceeded"), std::string::npos);
}

TEST_F(Trap, HarnessKeepsRunningAfterEveryKindOfTrap) {
  for (auto name : {"host", "unreachable", "oob", "recurse", "div0", "host"}) {
    EXPECT_NE(run(name), "") << name;
    std::vector<wasm_val_t> out;
    ASSERT_EQ(
        call(wasm_extern_as_func(find_export(instance_.get(), module_.get(), "ok")), {}, &out), "");
    EXPECT_EQ(out[0].of.i32, 7);
  }
}

TEST_F(Trap, TrapNewCopiesTheMessage) {
  TrapPtr trap(make_trap(store(), "boom"));
  EXPECT_EQ(trap_message(trap.get()), "boom");
}

}  // namespace
}  // namespace lh::engine::testing
