// Unknown imports: by default a module importing a function the harness lacks cannot be
// instantiated; with UnknownImports::Trap each such function traps "unknown import `ns::name`
// called" when called, so everything that never calls it runs, and compile_module accepts it.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

constexpr std::string_view kModule = R"((module
  (import "lunatic::networking" "tcp_bind" (func $tcp_bind (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "ran\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 4))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "bind")
    (drop (call $tcp_bind (i32.const 4) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))))))";

TEST(UnknownImports, ByDefaultTheModuleCannotBeInstantiated) {
  SimRun run;
  auto module = run.load_wat(kModule);
  ASSERT_NE(module, nullptr);
  Status started = run.spawn_root(module);
  EXPECT_FALSE(started.ok());
  EXPECT_TRUE(contains(started.message(), "lunatic::networking::tcp_bind"));
}

TEST(UnknownImports, UnderTrapTheModuleRunsUntilItCallsOne) {
  SimRun run({}, UnknownImports::Trap);
  run.run_wat(kModule);
  EXPECT_EQ(run.end(1), End::Normal) << run.trap(1);
  EXPECT_EQ(run.out(1), "ran\n");
  SimRun calls({}, UnknownImports::Trap);
  RootSpec bind;
  bind.entry = "bind";
  calls.run_wat(kModule, bind);
  EXPECT_EQ(calls.end(1), End::Failure);
  EXPECT_TRUE(contains(calls.trap(1), "unknown import `lunatic::networking::tcp_bind` called"));
}

TEST(UnknownImports, CompileModuleAcceptsThemOnlyUnderTrap) {
  auto bytes = lh::testing::wat_to_wasm(kModule);
  std::string body = R"(
    (data (i32.const 2048) ")" +
                     wat_string(bytes) + R"(")
    (func (export "_start")
      (call $print32 (call $compile_module (i32.const 2048) (i32.const )" +
                     std::to_string(bytes.size()) + R"() (i32.const 120)))))";
  SimRun strict;
  strict.run_wat(guest(body));
  EXPECT_EQ(strict.out(1), "1\n");
  SimRun lenient({}, UnknownImports::Trap);
  lenient.run_wat(guest(body));
  EXPECT_EQ(lenient.out(1), "0\n");
}

TEST(UnknownImports, ImportsThatAreNotFunctionsStayAnError) {
  SimRun run({}, UnknownImports::Trap);
  auto module = run.load_wat(R"((module
    (import "env" "g" (global i32))
    (memory (export "memory") 1)
    (func (export "_start"))))");
  ASSERT_NE(module, nullptr);
  EXPECT_FALSE(run.spawn_root(module).ok());
  // A function the harness provides, imported with another type, is an error too.
  SimRun typed({}, UnknownImports::Trap);
  auto mistyped = typed.load_wat(R"((module
    (import "lunatic::process" "process_id" (func (param i32)))
    (memory (export "memory") 1)
    (func (export "_start"))))");
  ASSERT_NE(mistyped, nullptr);
  Status started = typed.spawn_root(mistyped);
  EXPECT_FALSE(started.ok());
  EXPECT_TRUE(contains(started.message(), "different type"));
}

}  // namespace
}  // namespace lh::host::testing
