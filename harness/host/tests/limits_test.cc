// Limits: fuel (slices of 100,000 units, max_fuel, yields that keep infinite loops from
// blocking others) and memory (max_memory on growth and on the initial size).
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Limits = WorldTest;

constexpr uint64_t kPage = 65536;

TEST_F(Limits, MaxFuelTrapsWithAllFuelConsumedAfterThatManySlices) {
  RootSpec root;
  root.config.max_fuel = 2;
  run_wat(guest(R"((func (export "_start") (loop $l (br $l))))"), root);
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "all fuel consumed"));
  // The first slice comes from the initial yield (a store starts with no fuel, A18), the
  // second from one refill: two slices in all.
  EXPECT_EQ(sim().events("fuel_yield", 1).size(), 2u);
  const sim::TraceEvent* trapped = sim().first("trap", 1);
  ASSERT_NE(trapped, nullptr);
  EXPECT_GE(trapped->time_ns, 2 * 100'000u);
  EXPECT_LT(trapped->time_ns, 2 * 100'000u + 1'000u);
}

TEST_F(Limits, MaxFuelOfOneIsASingleSlice) {
  RootSpec root;
  root.config.max_fuel = 1;
  run_wat(guest(R"((func (export "_start") (loop $l (br $l))))"), root);
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "all fuel consumed"));
  EXPECT_EQ(sim().events("fuel_yield", 1).size(), 1u);  // the initial yield only (A18)
}

TEST_F(Limits, FuelLimitedProcessThatFinishesInTimeIsNormal) {
  RootSpec root;
  root.config.max_fuel = 1;
  run_wat(guest(R"((func (export "_start") (call $print (i64.const 1))))"), root);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
}

TEST_F(Limits, ChildGetsTheMaxFuelOfItsConfig) {
  run_wat(guest(R"(
    (data (i32.const 1024) "spin")
    (func (export "_start") (local $c i64)
      (local.set $c (call $create_config))
      (call $config_set_max_fuel (local.get $c) (i64.const 3))
      (call $print32 (call $spawn (i64.const 0) (local.get $c) (i64.const -1) (i32.const 1024) (i32.const 4)
                                  (i32.const 0) (i32.const 0) (i32.const 56)))
      (call $sleep_ms (i64.const 10))
      (call $print32 (call $exists (i64.const 2))))
    (func (export "spin") (loop $l (br $l))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n");
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(contains(trap(2), "all fuel consumed"));
  EXPECT_EQ(sim().events("fuel_yield", 2).size(), 3u);  // the initial yield (A18) and two refills
}

TEST_F(Limits, AnInfiniteLoopWithoutMaxFuelDoesNotBlockOthers) {
  run_wat(guest(R"(
    (data (i32.const 1024) "spin")
    (func (export "_start") (local $c i64)
      (local.set $c (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 5))
      (call $print (i64.const 1))
      (call $kill (local.get $c)))
    (func (export "spin") (loop $l (br $l))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n");
  EXPECT_GE(sim().events("fuel_yield", 2).size(), 40u);  // 5 ms of 100 us slices
}

TEST_F(Limits, MemoryGrowReturnsMinusOneAtMaxMemory) {
  RootSpec root;
  root.config.max_memory = 3 * kPage + kPage / 2;  // not a page multiple: rounds down
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (memory.grow (i32.const 1)))
      (call $print32 (memory.grow (i32.const 1)))
      (call $print32 (memory.size))))"),
          root);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "2\n-1\n3\n");
}

TEST_F(Limits, TheModulesDeclaredMaximumStillApplies) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (memory.grow (i32.const 2)))
      (call $print32 (memory.grow (i32.const 1)))))",
                "(memory (export \"memory\") 2 3)"));
  EXPECT_EQ(out(1), "-1\n2\n");
}

TEST_F(Limits, InitialMemoryAboveTheLimitMakesSpawnReturnOneWithAReadableError) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start") (local $c i64)
      (local.set $c (call $create_config))
      (call $config_set_max_memory (local.get $c) (i64.const 65536))
      (call $print32 (call $spawn (i64.const 0) (local.get $c) (i64.const -1) (i32.const 1024) (i32.const 5)
                                  (i32.const 0) (i32.const 0) (i32.const 56)))
      (call $print (i64.load (i32.const 56)))
      (call $print_error (i64.load (i32.const 56)))
      ;; the limit itself is fine
      (call $config_set_max_memory (local.get $c) (i64.const 131072))
      (call $print32 (call $spawn (i64.const 0) (local.get $c) (i64.const -1) (i32.const 1024) (i32.const 5)
                                  (i32.const 0) (i32.const 0) (i32.const 56)))
      (call $print (i64.load (i32.const 56))))
    (func (export "child")))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  std::string text = out(1);
  EXPECT_EQ(text.rfind("1\n0\n", 0), 0u) << text;
  // wasmtime 4's text, as lunatic reports it (finding A9).
  EXPECT_TRUE(contains(text, "memory minimum size of 2 pages exceeds memory limits"));
  EXPECT_TRUE(contains(text, "\n0\n3\n")) << "the failed spawn took id 2";
  EXPECT_EQ(sim().events("spawn_failed", 1).size(), 1u);
  EXPECT_EQ(sim().process(2), nullptr);
  EXPECT_EQ(end(3), End::Normal);
}

TEST_F(Limits, RootWhoseInitialMemoryExceedsItsLimitDoesNotStart) {
  auto module = sim().load_wat(guest(R"((func (export "_start")))"));
  ASSERT_NE(module, nullptr);
  RootSpec root;
  root.config.max_memory = kPage;
  Status started = sim().spawn_root(module, root);
  ASSERT_FALSE(started.ok());
  EXPECT_TRUE(contains(started.message(), "exceeds memory limits"));
  EXPECT_EQ(sim().spawned(), 1u);  // the id was taken
  EXPECT_EQ(sim().process(1), nullptr);
}

// Tables may not grow to 100,000 elements or more (lunatic's limiter).
TEST_F(Limits, TableGrowStopsBelow100000Elements) {
  run_wat(guest(R"(
    (table $t 10 funcref)
    (func (export "_start")
      (call $print32 (table.grow $t (ref.null func) (i32.const 99990)))
      (call $print32 (table.grow $t (ref.null func) (i32.const 99989)))
      (call $print32 (table.size $t))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "-1\n10\n99999\n");
}

}  // namespace
}  // namespace lh::host::testing
