// Reuse of dead processes' instances (sim/instance_pool.h): a spawn served by a dead
// process's instance must be indistinguishable from one served by a new instance — memory,
// globals, tables, the start function, fuel and Asyncify's state — and modules whose state
// cannot be put back are never reused, which their spawn events say.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using InstanceReuse = WorldTest;

// Every child prints what a new instance shows — a mutable global (7), one set by the start
// function (1), a byte the start function increments (1), an untouched byte (0), a byte of
// a data segment ('h' = 104), a byte of the second page (0), memory.size (2 pages) and the
// table's second function (2) — then changes every one of them. The root spawns `count` children of
// `entry`, one after another (each has ended before the next is spawned).
std::string probe_guest(std::string_view entry, int count, std::string_view extra = "") {
  std::string body = R"(
    (global $g (mut i64) (i64.const 7))
    (global $started (mut i32) (i32.const 0))
    (type $ret (func (result i32)))
    (table 2 funcref)
    (elem (i32.const 0) $one $two)
    (func $one (result i32) (i32.const 1))
    (func $two (result i32) (i32.const 2))
    (data (i32.const 200) "fresh")
    (data (i32.const 1024) "child")
    (data (i32.const 1040) "child_trap")
    (data (i32.const 1056) "child_grow")
    (data (i32.const 1088) "child_spin")
    (start $init)
    (func $init
      (global.set $started (i32.add (global.get $started) (i32.const 1)))
      (i32.store8 (i32.const 400) (i32.add (i32.load8_u (i32.const 400)) (i32.const 1))))
    (func $report_and_dirty
      (call $print (global.get $g))
      (call $print32 (global.get $started))
      (call $print32 (i32.load8_u (i32.const 400)))
      (call $print32 (i32.load8_u (i32.const 300)))
      (call $print32 (i32.load8_u (i32.const 204)))
      (call $print32 (i32.load8_u (i32.const 70000)))
      (call $print32 (memory.size))
      (call $print32 (call_indirect (type $ret) (i32.const 1)))
      (global.set $g (i64.const 99))
      (global.set $started (i32.const 5))
      (i32.store8 (i32.const 300) (i32.const 9))
      (i32.store8 (i32.const 204) (i32.const 0))
      (i32.store8 (i32.const 70000) (i32.const 1)))
    (func (export "child") (call $report_and_dirty))
    (func (export "child_trap") (call $report_and_dirty) (unreachable))
    (func (export "child_grow") (call $report_and_dirty) (drop (memory.grow (i32.const 1))))
    (func (export "child_spin") (local $i i32)
      (call $report_and_dirty)
      (loop $spin
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $spin (i32.lt_u (local.get $i) (i32.const 300000)))))
    (func (export "_start") (local $n i32)
      (loop $each
        (drop (call $spawn_fn (i64.const 0) (i32.const )" +
                     std::to_string(entry == "child"        ? 1024
                                    : entry == "child_trap" ? 1040
                                    : entry == "child_grow" ? 1056
                                                            : 1088) +
                     ") (i32.const " + std::to_string(entry.size()) +
                     R"() (i32.const 0) (i32.const 0)))
        (call $sleep_ms (i64.const 100))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $each (i32.lt_u (local.get $n) (i32.const )" +
                     std::to_string(count) + R"()))))
  )";
  body += extra;
  return guest(body);
}

constexpr const char* kFresh = "7\n1\n1\n0\n104\n0\n2\n2\n";

TEST_F(InstanceReuse, AReusedInstanceShowsMemoryGlobalsTableAndStartAsANewOne) {
  run_wat(probe_guest("child", 3));
  for (uint64_t child : {2, 3, 4}) {
    EXPECT_EQ(end(child), End::Normal) << trap(child);
    EXPECT_EQ(out(child), kFresh) << "child " << child;
  }
  EXPECT_EQ(sim().world().instances_reused(), 2u);
}

// The reset export writes each global's own init expression: v128, funcref and f64 too.
TEST_F(InstanceReuse, GlobalsOfEveryTypeGoBackToTheirInitialValues) {
  run_wat(guest(R"(
    (global $v (mut v128) (v128.const i32x4 11 22 33 44))
    (global $f (mut funcref) (ref.func $answer))
    (global $d (mut f64) (f64.const 2.5))
    (type $ret (func (result i32)))
    (table 1 funcref)
    (func $answer (result i32) (i32.const 42))
    (data (i32.const 1024) "child")
    (func (export "child")
      (call $print32 (i32x4.extract_lane 3 (global.get $v)))
      (call $print32 (ref.is_null (global.get $f)))
      (call $print (i64.trunc_f64_s (f64.mul (global.get $d) (f64.const 10))))
      (global.set $v (v128.const i32x4 0 0 0 0))
      (global.set $f (ref.null func))
      (global.set $d (f64.const -1)))
    (func (export "_start") (local $n i32)
      (loop $each
        (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
        (call $sleep_ms (i64.const 10))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br_if $each (i32.lt_u (local.get $n) (i32.const 3))))))"));
  for (uint64_t child : {2, 3, 4}) EXPECT_EQ(out(child), "44\n0\n25\n") << "child " << child;
  EXPECT_EQ(sim().world().instances_reused(), 2u);
}

TEST_F(InstanceReuse, TheInstanceOfAChildThatTrappedIsReusedAndFresh) {
  run_wat(probe_guest("child_trap", 3));
  for (uint64_t child : {2, 3, 4}) {
    EXPECT_EQ(end(child), End::Failure);
    EXPECT_EQ(out(child), kFresh) << "child " << child;
  }
  EXPECT_EQ(sim().world().instances_reused(), 2u);
}

TEST_F(InstanceReuse, AnInstanceWhoseMemoryGrewIsNotReused) {
  run_wat(probe_guest("child_grow", 3));
  for (uint64_t child : {2, 3, 4}) EXPECT_EQ(out(child), kFresh) << "child " << child;
  EXPECT_EQ(sim().world().instances_reused(), 0u);
}

// A child killed while suspended leaves Asyncify's state Unwinding in its instance: the next
// child must still run, suspend and resume normally.
TEST_F(InstanceReuse, AnInstanceKilledWhileSuspendedIsReusedWithAsyncifyStateNormal) {
  run_wat(guest(R"(
    (global $g (mut i64) (i64.const 7))
    (data (i32.const 1024) "child")
    (func (export "child")
      (call $print (global.get $g))
      (global.set $g (i64.const 99))
      (call $sleep_ms (i64.const 50))
      (call $print (global.get $g)))
    (func (export "_start") (local $id i64)
      (local.set $id (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $kill (local.get $id))
      (call $sleep_ms (i64.const 10))
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 100))))"));
  EXPECT_EQ(out(2), "7\n");
  EXPECT_EQ(end(3), End::Normal) << trap(3);
  EXPECT_EQ(out(3), "7\n99\n");
  EXPECT_EQ(sim().world().instances_reused(), 1u);
}

// Fuel is counted from zero in every instance: a reused one yields for fuel at the same
// points of its run as a new one does (virtual time since the child's first event).
TEST_F(InstanceReuse, AReusedInstanceYieldsForFuelAsANewOneDoes) {
  run_wat(probe_guest("child_spin", 3));
  std::vector<std::vector<uint64_t>> yields;
  for (uint64_t child : {2, 3, 4}) {
    EXPECT_EQ(end(child), End::Normal) << trap(child);
    std::optional<uint64_t> first;
    std::vector<uint64_t> at;
    for (const auto& event : sim().world().trace().events()) {
      if (event.pid != child) continue;
      if (!first) first = event.time_ns;
      if (event.kind == sim::EventKind::FuelYield) at.push_back(event.time_ns - *first);
    }
    yields.push_back(at);
  }
  EXPECT_GT(yields[0].size(), 1u);
  EXPECT_EQ(yields[1], yields[0]);
  EXPECT_EQ(yields[2], yields[0]);
  EXPECT_EQ(sim().world().instances_reused(), 2u);
}

TEST_F(InstanceReuse, AModuleThatChangesATableIsNeverReusedAndItsSpawnsSaySo) {
  run_wat(probe_guest("child", 2, R"(
    (func (export "swap") (table.set 0 (i32.const 1) (ref.func $one))))"));
  for (uint64_t child : {2, 3}) EXPECT_EQ(out(child), kFresh) << "child " << child;
  EXPECT_EQ(sim().world().instances_reused(), 0u);
  const sim::TraceEvent* spawn = sim().first("spawn", 1);
  ASSERT_NE(spawn, nullptr);
  EXPECT_TRUE(contains(field(*spawn, "not_reused"), "it changes a table (table.set at byte"));
}

TEST_F(InstanceReuse, AModuleThatDropsADataSegmentIsNeverReusedAndItsSpawnsSaySo) {
  run_wat(probe_guest("child", 2, R"(
    (data $passive "x")
    (func (export "drop_it") (data.drop $passive)))"));
  EXPECT_EQ(sim().world().instances_reused(), 0u);
  const sim::TraceEvent* spawn = sim().first("spawn", 1);
  ASSERT_NE(spawn, nullptr);
  EXPECT_TRUE(contains(field(*spawn, "not_reused"), "it uses a data segment after instantiation"));
}

TEST_F(InstanceReuse, AReusableModulesSpawnsCarryNoReuseField) {
  run_wat(probe_guest("child", 1));
  const sim::TraceEvent* spawn = sim().first("spawn", 1);
  ASSERT_NE(spawn, nullptr);
  EXPECT_EQ(spawn->field("not_reused"), nullptr);
}

// Same seed, same trace, whether instances are reused or not: the reuse is invisible to the
// trace as well (the determinism re-run prepares anew and must agree).
TEST_F(InstanceReuse, ATraceIsTheSameWithReusedInstancesAsWithNewOnes) {
  SimRun reusing;
  reusing.run_wat(probe_guest("child_spin", 3));
  EXPECT_EQ(reusing.world().instances_reused(), 2u);
  SimRun fresh;
  fresh.run_wat(probe_guest("child_spin", 3, R"(
    (func (export "never_called") (table.set 0 (i32.const 0) (ref.func $one))))"));
  EXPECT_EQ(fresh.world().instances_reused(), 0u);
  // The second module differs by a function and the spawn field, so compare every
  // process's output and the virtual time the run ends at instead of hashes.
  for (uint64_t id : {1, 2, 3, 4}) EXPECT_EQ(reusing.out(id), fresh.out(id)) << id;
  EXPECT_EQ(reusing.world().now_ns(), fresh.world().now_ns());
}

}  // namespace
}  // namespace lh::host::testing
