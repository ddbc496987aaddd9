// lunatic::process::compile_module and drop_module: ids, permission, compile and link
// errors as error ids, bounds, unknown ids, and modules outliving their drop.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Modules = WorldTest;

// A small module compiled by the guests below: "hello" prints "inner\n", "nap" sleeps 10 ms
// then prints.
std::vector<uint8_t> inner_module() {
  return lh::testing::wat_to_wasm(R"((module
    (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
    (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
    (memory (export "memory") 2)
    (data (i32.const 16) "inner\n")
    (func $hello (export "hello")
      (i32.store (i32.const 0) (i32.const 16))
      (i32.store (i32.const 4) (i32.const 6))
      (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
    (func (export "nap") (call $sleep_ms (i64.const 10)) (call $hello))))");
}

// `body` with `bytes` at address 8192 and $len returning their length.
std::string with_bytes(std::span<const uint8_t> bytes, std::string_view body) {
  return guest("(data (i32.const 8192) \"" + wat_string(bytes) +
               "\")\n(func $len (result i32) (i32.const " + std::to_string(bytes.size()) + "))\n" +
               std::string(body));
}

TEST_F(Modules, CompiledModuleGetsAnIdAndChildrenRunIt) {
  run_wat(with_bytes(inner_module(), R"(
    (data (i32.const 1024) "hello")
    (func (export "_start")
      (call $print32 (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (call $print (i64.load (i32.const 64)))
      (call $print32 (call $compile_module (i32.const 8192) (call $len) (i32.const 72)))
      (call $print (i64.load (i32.const 72)))
      (call $print32 (call $spawn (i64.const 0) (i64.const -1) (i64.load (i32.const 72)) (i32.const 1024)
                                  (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 56)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n0\n1\n0\n");
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "inner\n");
  ASSERT_NE(sim().first("spawn", 1), nullptr);
  EXPECT_EQ(field(*sim().first("spawn", 1), "module"), "compiled-by-1");
}

TEST_F(Modules, CompileWithoutPermissionReturnsMinusOneAndWritesNothing) {
  RootSpec root;
  root.config.can_compile_modules = false;
  run_wat(with_bytes(inner_module(), R"(
    (func (export "_start")
      (i64.store (i32.const 64) (i64.const 12345))
      (call $print32 (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (call $print (i64.load (i32.const 64)))
      ;; no bounds check either: the permission is checked first
      (call $print32 (call $compile_module (i32.const 0xfffffff0) (i32.const 100) (i32.const 0xfffffff0)))))"),
          root);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "-1\n12345\n-1\n");
}

TEST_F(Modules, GarbageBytesReturnOneWithAnErrorIdWhoseTextExplains) {
  std::vector<uint8_t> garbage{'n', 'o', 't', ' ', 'w', 'a', 's', 'm'};
  run_wat(with_bytes(garbage, R"(
    (func (export "_start")
      (call $print32 (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (call $print (i64.load (i32.const 64)))
      (call $print_error (i64.load (i32.const 64)))
      ;; waits forever, so that its error table can be inspected after the run
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))))"));
  EXPECT_EQ(end(1), End::Waiting) << trap(1);
  std::string text = out(1);
  ASSERT_EQ(text.rfind("1\n0\n", 0), 0u) << text;
  EXPECT_GT(text.size(), 4u + 2u) << "the error text is empty";
  EXPECT_EQ(sim().world().find_alive(1)->errors.size(), 1u);
}

// Binaryen 108's asyncify exits the process on an externref that may be live across a
// suspension, and with fuel metering every function may suspend. Preparation runs Binaryen in
// a worker process: the guest gets an error saying so and goes on, and the next module
// compiles in a fresh worker.
TEST_F(Modules, AModuleThatKillsBinaryenIsACompileErrorAndTheGuestGoesOn) {
  auto killer = lh::testing::wat_to_wasm(
      R"((module (func (export "run") (param externref) (result externref) (local.get 0))))");
  auto inner = inner_module();
  run_wat(guest("(data (i32.const 8192) \"" + wat_string(killer) + "\")\n" +
                "(data (i32.const 16384) \"" + wat_string(inner) + "\")\n" + R"(
    (data (i32.const 1024) "hello")
    (func (export "_start")
      (call $print32 (call $compile_module (i32.const 8192) (i32.const )" +
                std::to_string(killer.size()) + R"() (i32.const 64)))
      (call $print_error (i64.load (i32.const 64)))
      (call $print32 (call $compile_module (i32.const 16384) (i32.const )" +
                std::to_string(inner.size()) + R"() (i32.const 72)))
      (call $print32 (call $spawn (i64.const 0) (i64.const -1) (i64.load (i32.const 72))
                                  (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)
                                  (i32.const 56)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  std::string text = out(1);
  EXPECT_EQ(text.rfind("1\nguest preparation: Binaryen exited with status 1 on this module: ", 0),
            0u)
      << text;
  EXPECT_TRUE(contains(text, "Asyncify does not yet support non-number types"));
  EXPECT_TRUE(text.ends_with("\n0\n0\n")) << text;
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "inner\n");
}

TEST_F(Modules, UnknownImportIsALinkErrorNamingTheImport) {
  auto bytes = lh::testing::wat_to_wasm(R"((module
    (import "lunatic::process" "no_such_function" (func))
    (func (export "run"))))");
  run_wat(with_bytes(bytes, R"(
    (func (export "_start")
      (call $print32 (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (call $print_error (i64.load (i32.const 64)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1).rfind("1\n", 0), 0u) << out(1);
  EXPECT_TRUE(contains(out(1), "no_such_function"));
}

TEST_F(Modules, ImportWithTheWrongSignatureIsALinkError) {
  auto bytes = lh::testing::wat_to_wasm(R"((module
    (import "lunatic::process" "process_id" (func (param i32) (result i32)))
    (func (export "run"))))");
  run_wat(with_bytes(bytes, R"(
    (func (export "_start")
      (call $print32 (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (call $print_error (i64.load (i32.const 64)))))"));
  EXPECT_EQ(out(1).rfind("1\n", 0), 0u) << out(1);
  EXPECT_TRUE(contains(out(1), "process_id"));
}

TEST_F(Modules, OutOfBoundsDataTraps) {
  run_wat(guest(R"(
    (func (export "_start")
      (drop (call $compile_module (i32.const 131000) (i32.const 100) (i32.const 64)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "(lunatic::process::compile_module)."));
}

// The id is written after compiling, and a bad id pointer traps.
TEST_F(Modules, OutOfBoundsIdPointerTrapsAfterCompiling) {
  run_wat(with_bytes(inner_module(), R"(
    (func (export "_start")
      (drop (call $compile_module (i32.const 8192) (call $len) (i32.const 131068)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "(lunatic::process::compile_module)."));
}

TEST_F(Modules, DropModuleOfAnUnknownIdTraps) {
  run_wat(guest(R"((func (export "_start") (call $drop_module (i64.const 0))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::DropModuleMissing)));
}

TEST_F(Modules, DroppingTwiceTraps) {
  run_wat(with_bytes(inner_module(), R"(
    (func (export "_start")
      (drop (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (call $drop_module (i64.load (i32.const 64)))
      (call $print (i64.const 1))
      (call $drop_module (i64.load (i32.const 64)))))"));
  EXPECT_EQ(out(1), "1\n");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::DropModuleMissing)));
}

TEST_F(Modules, ProcessesSpawnedFromADroppedModuleKeepRunning) {
  run_wat(with_bytes(inner_module(), R"(
    (data (i32.const 1024) "nap")
    (func (export "_start") (local $m i64)
      (drop (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (local.set $m (i64.load (i32.const 64)))
      (drop (call $spawn (i64.const 0) (i64.const -1) (local.get $m) (i32.const 1024) (i32.const 3)
                         (i32.const 0) (i32.const 0) (i32.const 56)))
      (call $drop_module (local.get $m))
      (call $print (i64.const 1))
      ;; spawning from the dropped id traps
      (drop (call $spawn (i64.const 0) (i64.const -1) (local.get $m) (i32.const 1024) (i32.const 3)
                         (i32.const 0) (i32.const 0) (i32.const 56)))))"));
  EXPECT_EQ(out(1), "1\n");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::SpawnModuleMissing)));
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "inner\n");
}

TEST_F(Modules, ModuleTablesArePerProcess) {
  run_wat(with_bytes(inner_module(), R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $compile_module (i32.const 8192) (call $len) (i32.const 64)))
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child")
      (call $print (i64.const 1))
      (call $drop_module (i64.const 0))))"));
  EXPECT_EQ(out(2), "1\n");
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), trap_of(TrapId::DropModuleMissing)));
}

}  // namespace
}  // namespace lh::host::testing
