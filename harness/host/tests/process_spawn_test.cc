// lunatic::process::spawn: success, params decoding, the exact order of checks, ids taken
// by spawns that trap, inheritance of config and module, and traps confined to the caller.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Spawn = WorldTest;

TEST_F(Spawn, ChildGetsNextIdAndRunsItsEntry) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (call $print (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child") (call $print (call $process_id))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "2\n");
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "2\n");
  EXPECT_EQ(sim().spawned(), 2u);
  const sim::TraceEvent* spawn = sim().first("spawn", 1);
  ASSERT_NE(spawn, nullptr);
  EXPECT_EQ(field(*spawn, "id"), "2");
  EXPECT_EQ(field(*spawn, "entry"), "child");
}

// u128 values are truncated to the low 32 / 64 bits; the child receives them exactly.
TEST_F(Spawn, ParamsI32AndI64AreTruncatedFromU128Exactly) {
  unsigned __int128 a =
      (static_cast<unsigned __int128>(0xdeadbeefcafebabeull) << 64) | 0x11223344fffffffeull;
  unsigned __int128 b = (static_cast<unsigned __int128>(0xffffull) << 64) | 0x8000000000000001ull;
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 1100) ")" +
                param_chunk(0x7f, a) + param_chunk(0x7e, b) + R"(")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 1100) (i32.const 34))))
    (func (export "child") (param i32 i64)
      (call $print32 (local.get 0))
      (call $print (local.get 1))))"));
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "-2\n-9223372036854775807\n");
  const sim::TraceEvent* spawn = sim().first("spawn", 1);
  ASSERT_NE(spawn, nullptr);
  EXPECT_EQ(field(*spawn, "params"), "i32:-2,i64:-9223372036854775807");
}

TEST_F(Spawn, ParamsV128IsDecodedWithAll128Bits) {
  unsigned __int128 v =
      (static_cast<unsigned __int128>(0x0123456789abcdefull) << 64) | 0xfedcba9876543210ull;
  unsigned __int128 minus_one = ~static_cast<unsigned __int128>(0);
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 1100) ")" +
                param_chunk(0x7f, minus_one) + param_chunk(0x7e, minus_one) + param_chunk(0x7b, v) +
                R"(")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 1100) (i32.const 51))))
    (func (export "child") (param i32 i64 v128)))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  const sim::TraceEvent* spawn = sim().first("spawn", 1);
  ASSERT_NE(spawn, nullptr);
  EXPECT_EQ(field(*spawn, "params"), "i32:-1,i64:-1,v128:0x0123456789abcdeffedcba9876543210");
}

// An empty range is still bounds-checked (Rust's slice get): one past the end traps.
TEST_F(Spawn, EmptyParamsPastTheEndOfMemoryTrap) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 131073) (i32.const 0))))
    (func (export "child")))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::SpawnRead)));
}

// params_len 0 at the very end of memory: no params.
TEST_F(Spawn, NoParamsWhenParamsLenIsZero) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 131072) (i32.const 0))))
    (func (export "child") (call $print (i64.const 7))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(2), "7\n");
}

// Chunks are decoded first: a bad type id in a full chunk wins over a partial chunk.
TEST_F(Spawn, BadTypeIdTrapsBeforeLengthCheck) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 1100) ")" +
                param_chunk(0x7f, 1) + param_chunk(0x7c, 1) + R"(\00\00\00\00\00")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 1100) (i32.const 39))))
    (func (export "child")))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::SpawnUnsupportedType))) << trap(1);
  EXPECT_FALSE(contains(trap(1), "chunks of 17 bytes"));
  EXPECT_EQ(sim().process(2), nullptr);
}

TEST_F(Spawn, PartialChunkTrapsWithTheRemainder) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 1100) ")" +
                param_chunk(0x7f, 1) + R"(\7f\00\00")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 1100) (i32.const 20))))
    (func (export "child") (param i32)))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(
      contains(trap(1), "Params array must be in chunks of 17 bytes, but 3 bytes remained"));
}

// The child's id is allocated before the name and params are read (step 6).
TEST_F(Spawn, SpawnThatTrapsStillConsumesAProcessId) {
  run_wat(guest(R"(
    (data (i32.const 1024) "bad")
    (data (i32.const 1030) "ok")
    (data (i32.const 1100) "\01")
    (func (export "_start")
      (call $print (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 3) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $print (call $spawn_fn (i64.const 0) (i32.const 1030) (i32.const 2) (i32.const 0) (i32.const 0))))
    (func (export "bad")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1030) (i32.const 2) (i32.const 1100) (i32.const 17))))
    (func (export "ok")))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "2\n4\n");
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), trap_of(TrapId::SpawnUnsupportedType)));
  EXPECT_EQ(sim().process(3), nullptr);
  EXPECT_EQ(end(4), End::Normal);
  EXPECT_EQ(sim().spawned(), 4u);
}

TEST_F(Spawn, ConfigAndModuleMinusOneInheritTheCallers) {
  RootSpec root;
  root.config = sim::ProcessConfig{.max_memory = 10 * 65536,
                                   .max_fuel = 0,
                                   .can_compile_modules = false,
                                   .can_create_configs = true,
                                   .can_spawn_processes = true,
                                   .wasi_args = {},
                                   .wasi_env = {},
                                   .preopens = {}};
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1))))
    ;; the child waits forever, so that its config can be inspected after the run
    (func (export "child") (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))))"),
          root);
  ASSERT_EQ(end(2), End::Waiting) << trap(2);
  const sim::ProcessConfig& config = sim().world().find_alive(2)->config;
  EXPECT_EQ(config.max_memory, 10u * 65536);
  EXPECT_EQ(config.max_fuel, 0u);
  EXPECT_FALSE(config.can_compile_modules);
  EXPECT_TRUE(config.can_create_configs);
  EXPECT_TRUE(config.can_spawn_processes);
  EXPECT_EQ(sim().world().find_alive(2)->module, sim().world().find_alive(1)->module);
}

TEST_F(Spawn, ChildGetsACopyOfTheGivenConfig) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start") (local $c i64)
      (local.set $c (call $create_config))
      (call $config_set_max_memory (local.get $c) (i64.const 327680))
      (call $config_set_max_fuel (local.get $c) (i64.const 9))
      (call $config_set_can_spawn_processes (local.get $c) (i32.const 1))
      (call $print32 (call $spawn (i64.const 0) (local.get $c) (i64.const -1) (i32.const 1024) (i32.const 5)
                                  (i32.const 0) (i32.const 0) (i32.const 56)))
      ;; changing the config afterwards does not change the child's copy
      (call $config_set_max_fuel (local.get $c) (i64.const 1)))
    ;; the child waits forever, so that its config can be inspected after the run
    (func (export "child") (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))))"));
  EXPECT_EQ(out(1), "0\n");
  ASSERT_NE(sim().world().find_alive(2), nullptr);
  const sim::ProcessConfig& config = sim().world().find_alive(2)->config;
  EXPECT_EQ(config.max_memory, 327680u);
  EXPECT_EQ(config.max_fuel, 9u);
  EXPECT_FALSE(config.can_compile_modules);
  EXPECT_FALSE(config.can_create_configs);
  EXPECT_TRUE(config.can_spawn_processes);
}

TEST_F(Spawn, UnknownConfigIdTrapsBeforeAnIdIsTaken) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn (i64.const 0) (i64.const 5) (i64.const -1) (i32.const 1024) (i32.const 5)
                         (i32.const 0) (i32.const 0) (i32.const 56))))
    (func (export "child")))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::SpawnConfigMissing)));
  EXPECT_EQ(sim().spawned(), 1u);
}

TEST_F(Spawn, UnknownModuleIdTraps) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const 0) (i32.const 1024) (i32.const 5)
                         (i32.const 0) (i32.const 0) (i32.const 56))))
    (func (export "child")))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::SpawnModuleMissing)));
  EXPECT_EQ(sim().spawned(), 1u);
}

// Not -1: the missing permission is an error, so the caller dies.
TEST_F(Spawn, WithoutPermissionTraps) {
  RootSpec root;
  root.config.can_spawn_processes = false;
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $print (i64.const 1)))
    (func (export "child")))"),
          root);
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "Process doesn't have permissions to spawn sub-processes"));
  EXPECT_EQ(out(1), "");
  EXPECT_EQ(sim().spawned(), 1u);
}

TEST_F(Spawn, EnvironmentLimitTrapsWithSpawnLimitReached) {
  WorldSpec spec;
  spec.max_processes = 2;
  configure(spec);
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (call $print (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $print (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child") (call $sleep_ms (i64.const 5))))"));
  EXPECT_EQ(out(1), "2\n");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "Process spawn limit reached."));
  EXPECT_EQ(end(2), End::Normal) << trap(2);
}

TEST_F(Spawn, FromAStartFunctionFailsTheInstantiation) {
  auto inner = lh::testing::wat_to_wasm(R"((module
    (import "lunatic::process" "spawn" (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
    (memory (export "memory") 1)
    (data (i32.const 16) "run")
    (func $init
      (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 16) (i32.const 3)
                         (i32.const 0) (i32.const 0) (i32.const 32))))
    (start $init)
    (func (export "run"))))");
  run_wat(guest(R"(
    (data (i32.const 8192) ")" +
                wat_string(inner) + R"(")
    (data (i32.const 1024) "run")
    (func (export "_start") (local $m i64)
      (call $print32 (call $compile_module (i32.const 8192) (i32.const )" +
                std::to_string(inner.size()) +
                R"() (i32.const 64)))
      (local.set $m (i64.load (i32.const 64)))
      (call $print32 (call $spawn (i64.const 0) (i64.const -1) (local.get $m) (i32.const 1024) (i32.const 3)
                                  (i32.const 0) (i32.const 0) (i32.const 56)))
      (call $print_error (i64.load (i32.const 56)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_TRUE(contains(out(1), "0\n1\n"));
  EXPECT_TRUE(contains(out(1), "Cannot spawn process during module initialization"));
  EXPECT_EQ(sim().events("spawn_failed", 1).size(), 1u);
}

TEST_F(Spawn, MissingEntryFunctionMakesTheChildFailAfterSpawnReturnedZero) {
  run_wat(guest(R"(
    (data (i32.const 1024) "nope")
    (func (export "_start")
      (call $print (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 4) (i32.const 0) (i32.const 0)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "2\n");
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), "Function 'nope' not found"));
}

TEST_F(Spawn, ParamsNotMatchingTheEntryMakeTheChildFail) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 1100) ")" +
                param_chunk(0x7e, 1) + R"(")
    (func (export "_start")
      (call $print (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 1100) (i32.const 17))))
    (func (export "child") (param i32)))"));
  EXPECT_EQ(out(1), "2\n");
  EXPECT_EQ(end(2), End::Failure);
}

TEST_F(Spawn, FunctionNameNotUtf8Traps) {
  run_wat(guest(R"(
    (data (i32.const 1024) "\ff\fe")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 2) (i32.const 0) (i32.const 0)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(trap(1),
            "Trap raised during host call: invalid utf-8 sequence of 1 bytes from index 0 "
            "(lunatic::process::spawn).");
  EXPECT_EQ(sim().spawned(), 2u);  // the id was taken before the name was read
}

// A guest whose child "bad" calls spawn with `call`; the root outlives it.
std::string bad_pointer_guest(std::string_view call) {
  return guest(std::string(R"(
    (data (i32.const 1024) "bad")
    (data (i32.const 1030) "ok")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 3) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $print (i64.const 1)))
    (func (export "ok") (call $sleep_ms (i64.const 1)))
    (func (export "bad") (drop )") +
               std::string(call) + "))");
}

TEST_F(Spawn, OutOfBoundsFunctionPointerTrapsOnlyTheCaller) {
  run_wat(
      bad_pointer_guest("(call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const "
                        "0x7ffffff0) (i32.const 2) "
                        "(i32.const 0) (i32.const 0) (i32.const 56))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), "(lunatic::process::spawn)."));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n");
}

TEST_F(Spawn, FunctionNameRunningPastTheEndOfMemoryTraps) {
  run_wat(bad_pointer_guest(
      "(call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 131070) (i32.const 4) "
      "(i32.const 0) (i32.const 0) (i32.const 56))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), "(lunatic::process::spawn)."));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
}

TEST_F(Spawn, OutOfBoundsParamsPointerTrapsOnlyTheCaller) {
  run_wat(bad_pointer_guest(
      "(call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 1030) (i32.const 2) "
      "(i32.const 0xfffffff0) (i32.const 17) (i32.const 56))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), "(lunatic::process::spawn)."));
  EXPECT_EQ(sim().process(3), nullptr);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n");
}

// The id is written last: the child exists and runs although the caller traps.
TEST_F(Spawn, OutOfBoundsIdPointerTrapsTheCallerAfterTheChildExists) {
  run_wat(bad_pointer_guest(
      "(call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 1030) (i32.const 2) "
      "(i32.const 0) (i32.const 0) (i32.const 0xfffffff8))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), "(lunatic::process::spawn)."));
  EXPECT_EQ(end(3), End::Normal) << trap(3);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
}

TEST_F(Spawn, LinkedChildIsKilledWhenTheIdPointerTrapsTheCaller) {
  run_wat(bad_pointer_guest(
      "(call $spawn (i64.const 1) (i64.const -1) (i64.const -1) (i32.const 1030) (i32.const 2) "
      "(i32.const 0) (i32.const 0) (i32.const 0xfffffff8))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), "(lunatic::process::spawn)."));
  EXPECT_EQ(end(3), End::Failure);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
}

TEST_F(Spawn, WithoutAnyMemoryTrapsNoMemoryExport) {
  run_wat(R"((module
    (import "lunatic::process" "spawn" (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
    (func (export "_start")
      (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 1)
                         (i32.const 0) (i32.const 0) (i32.const 0))))))");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "No export `memory` found"));
}

TEST_F(Spawn, WithAnUnexportedMemoryTrapsNoMemoryExport) {
  run_wat(R"((module
    (import "lunatic::process" "spawn" (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
    (memory 1)
    (data (i32.const 0) "_start")
    (func (export "_start")
      (drop (call $spawn (i64.const 0) (i64.const -1) (i64.const -1) (i32.const 0) (i32.const 6)
                         (i32.const 0) (i32.const 0) (i32.const 8))))))");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "No export `memory` found"));
}

}  // namespace
}  // namespace lh::host::testing

namespace lh::host::testing {
namespace {

// Two worlds with the same guest, policy and seed give the same trace, bit for bit.
TEST(SpawnDeterminism, SameGuestPolicyAndSeedGiveTheSameTraceHash) {
  std::string wat = guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start") (local $i i32)
      (loop $more
        (drop (call $spawn_fn (i64.const 1) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $more (i32.lt_u (local.get $i) (i32.const 3)))))
    (func (export "child")
      (drop (call $random_get (i32.const 2048) (i32.const 8)))
      (call $sleep_ms (i64.and (i64.load (i32.const 2048)) (i64.const 7)))
      (call $print (call $process_id))))");
  WorldSpec spec;
  spec.policy = sim::Policy::Random;
  spec.seed = 99;
  SimRun a(spec), b(spec);
  a.run_wat(wat);
  b.run_wat(wat);
  EXPECT_EQ(a.spawned(), 4u);
  EXPECT_EQ(a.trace_text(), b.trace_text());
  EXPECT_EQ(a.trace_hash(), b.trace_hash());
}

}  // namespace
}  // namespace lh::host::testing

namespace lh::host::testing {
namespace {

// `lunatic run` returns when its root ends, and the runtime with it (finding A1): a linked
// child that would run forever is never run again, no link is notified, and world_stop is
// the trace's last event.
class RootExit : public WorldTest {};

TEST_F(RootExit, TheRootsReturnEndsTheWorldWithoutNotifyingItsLinks) {
  WorldSpec spec;
  spec.root_exit_ends_world = true;
  configure(spec);
  sim::RunVerdict verdict = run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 7) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child") (loop $forever (call $sleep_ms (i64.const 1)) (br $forever))))"));
  EXPECT_EQ(verdict, sim::RunVerdict::RootExited);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(end(2), End::Waiting);
  auto events = sim().events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back()->kind, sim::EventKind::WorldStop);
  EXPECT_EQ(field(*events.back(), "alive"), "1");
  EXPECT_EQ(sim().first("signal", 2), nullptr) << sim().trace_text();
}

TEST_F(RootExit, AWorldThatOptsOutRunsOnUntilQuiescent) {
  sim::RunVerdict verdict = run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child") (call $sleep_ms (i64.const 5)) (call $print (i64.const 5))))"));
  EXPECT_EQ(verdict, sim::RunVerdict::Quiescent);
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "5\n");
}

}  // namespace
}  // namespace lh::host::testing
