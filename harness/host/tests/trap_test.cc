// lunatic::trap::catch: the export `_lunatic_catch_trap` runs in the same process; a trap
// inside returns 0 and leaves memory as it was, blocking calls inside suspend the whole
// process and resume through the nested call (at any depth of catch), and a kill is not
// caught (spec/lunatic-trap.md).
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Catch = WorldTest;

// `_lunatic_catch_trap(f, p)` calls table entry f with p, as lunatic-rs's does. Table:
//   0 $add_one       p + 1
//   1 $write_trap    stores p at 64, then unreachable
//   2 $sleep_double  sleeps 10 ms, then 2 * p
//   3 $receive_tag   receives any message (no timeout), returns its tag
//   4 $nested        prints catch(1, p) and catch(2, p), returns 42
//   5 $deep          recurses p levels, sleeps at the bottom, returns the sum of 1..p
//   6 $exit_three    proc_exit(3)
//   7 $spin          loops forever
// 1024 "child": sleeps 5 ms and sends an empty message with tag 7 to process 1.
// 1040 "victim": prints catch(3, 0) (blocks until killed).
constexpr std::string_view kCatchTable = R"(
    (type $fn (func (param i32) (result i32)))
    (table 8 funcref)
    (elem (i32.const 0) $add_one $write_trap $sleep_double $receive_tag $nested $deep
                        $exit_three $spin)
    (func (export "_lunatic_catch_trap") (param $f i32) (param $p i32) (result i32)
      (call_indirect (type $fn) (local.get $p) (local.get $f)))
    (func $add_one (param $p i32) (result i32) (i32.add (local.get $p) (i32.const 1)))
    (func $write_trap (param $p i32) (result i32)
      (i32.store (i32.const 64) (local.get $p))
      unreachable)
    (func $sleep_double (param $p i32) (result i32)
      (call $sleep_ms (i64.const 10))
      (i32.mul (local.get $p) (i32.const 2)))
    (func $receive_tag (param $p i32) (result i32)
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (i32.wrap_i64 (call $get_tag)))
    (func $nested (param $p i32) (result i32)
      (call $print32 (call $catch (i32.const 1) (local.get $p)))
      (call $print32 (call $catch (i32.const 2) (local.get $p)))
      (i32.const 42))
    (func $deep (param $p i32) (result i32) (local $keep i64)
      (local.set $keep (i64.extend_i32_u (local.get $p)))
      (if (result i32) (i32.eqz (local.get $p))
        (then (call $sleep_ms (i64.const 1)) (i32.const 0))
        (else (i32.add (call $deep (i32.sub (local.get $p) (i32.const 1)))
                       (i32.wrap_i64 (local.get $keep))))))
    (func $exit_three (param $p i32) (result i32)
      (call $proc_exit (i32.const 3))
      (i32.const 1))
    (func $spin (param $p i32) (result i32)
      (loop $forever (br $forever))
      (i32.const 1))
    (data (i32.const 1024) "child")
    (func (export "child")
      (call $sleep_ms (i64.const 5))
      (call $send_tag (i64.const 1) (i64.const 7)))
    (data (i32.const 1040) "victim")
    (func (export "victim")
      (call $print32 (call $catch (i32.const 3) (i32.const 0))))
    (func $spawn_named (param $name i32) (param $len i32) (result i64)
      (call $spawn_fn (i64.const 0) (local.get $name) (local.get $len) (i32.const 0)
                      (i32.const 0))))";

std::string with_table(std::string_view body) {
  return guest(std::string(kCatchTable) + std::string(body));
}

TEST_F(Catch, ANormalReturnGivesBackTheExportsResult) {
  run_wat(with_table(R"(
    (func (export "_start")
      (call $print32 (call $catch (i32.const 0) (i32.const 41)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "42\n");
  EXPECT_EQ(sim().events("trap_caught", 1).size(), 0u);
}

TEST_F(Catch, ATrapInsideReturnsZeroAndTheProcessGoesOn) {
  run_wat(with_table(R"(
    (func (export "_start")
      (call $print32 (call $catch (i32.const 1) (i32.const 5)))
      (call $print32 (i32.const 100))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n100\n");
  const auto* caught = sim().first("trap_caught", 1);
  ASSERT_NE(caught, nullptr);
  EXPECT_TRUE(contains(field(*caught, "message"), "unreachable"));
}

TEST_F(Catch, MemoryWrittenBeforeTheTrapPersists) {
  run_wat(with_table(R"(
    (func (export "_start")
      (drop (call $catch (i32.const 1) (i32.const 1234)))
      (call $print32 (i32.load (i32.const 64)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1234\n");
}

TEST_F(Catch, ASleepInsideTheCaughtFunctionSuspendsAndResumesThroughIt) {
  run_wat(with_table(R"(
    (func (export "_start") (local $kept i64)
      (local.set $kept (i64.const 987654321))
      (call $print32 (call $catch (i32.const 2) (i32.const 21)))
      (call $print (local.get $kept))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "42\n987654321\n");
  const auto* suspend = sim().first("suspend", 1);
  ASSERT_NE(suspend, nullptr);
  EXPECT_EQ(field(*suspend, "wait"), "sleep");
  EXPECT_GE(sim().world().now_ns(), 10'000'000u);
}

TEST_F(Catch, AReceiveInsideTheCaughtFunctionWaitsForTheMessage) {
  run_wat(with_table(R"(
    (func (export "_start")
      (drop (call $spawn_named (i32.const 1024) (i32.const 5)))
      (call $print32 (call $catch (i32.const 3) (i32.const 0)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(1), "7\n");
  const auto* suspend = sim().first("suspend", 1);
  ASSERT_NE(suspend, nullptr);
  EXPECT_EQ(field(*suspend, "wait"), "receive");
}

TEST_F(Catch, ACatchInsideACatchCatchesItsOwnTrapAndPassesSuspensionThrough) {
  run_wat(with_table(R"(
    (func (export "_start")
      (call $print32 (call $catch (i32.const 4) (i32.const 8)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n16\n42\n");
  EXPECT_EQ(sim().events("trap_caught", 1).size(), 1u);
}

TEST_F(Catch, ADeepStackInsideSuspendsAndResumesWithEveryFrameIntact) {
  run_wat(with_table(R"(
    (func (export "_start")
      (call $print32 (call $catch (i32.const 5) (i32.const 200)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "20100\n");
}

TEST_F(Catch, AKillWhileACaughtReceiveWaitsEndsTheProcess) {
  run_wat(with_table(R"(
    (func (export "_start") (local $victim i64)
      (local.set $victim (call $spawn_named (i32.const 1040) (i32.const 6)))
      (call $sleep_ms (i64.const 5))
      (call $kill (local.get $victim))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const 20)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_EQ(out(2), "");
  EXPECT_EQ(sim().events("trap_caught", 2).size(), 0u);
}

TEST_F(Catch, ProcExitInsideIsCaughtAndTheProcessHasNotExited) {
  run_wat(with_table(R"(
    (func (export "_start")
      (call $print32 (call $catch (i32.const 6) (i32.const 0)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n");
  EXPECT_FALSE(sim().process(1)->exit_code.has_value());
}

TEST_F(Catch, RunningOutOfFuelInsideIsCaughtAndTheNextFuelCheckEndsTheProcess) {
  RootSpec root;
  root.config.max_fuel = 2;
  run_wat(with_table(R"(
    (func (export "_start")
      (call $print32 (call $catch (i32.const 7) (i32.const 0)))))"),
          root);
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::AllFuelConsumed)));
  const auto* caught = sim().first("trap_caught", 1);
  ASSERT_NE(caught, nullptr);
  EXPECT_TRUE(contains(field(*caught, "message"), trap_of(TrapId::AllFuelConsumed)));
}

TEST_F(Catch, AnExportOfAnotherTypeReturnsZeroWithoutRunning) {
  run_wat(guest(R"(
    (func (export "_lunatic_catch_trap") (param i32) (result i32)
      (call $print32 (i32.const 99))
      (i32.const 5))
    (func (export "_start")
      (call $print32 (call $catch (i32.const 0) (i32.const 0)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n");
}

TEST_F(Catch, AMissingExportTraps) {
  run_wat(guest(R"(
    (func (export "_start")
      (drop (call $catch (i32.const 0) (i32.const 0)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::CatchNoExport)));
}

TEST_F(Catch, AnExportThatIsNotAFunctionTraps) {
  run_wat(guest(R"(
    (global (export "_lunatic_catch_trap") i32 (i32.const 0))
    (func (export "_start")
      (drop (call $catch (i32.const 0) (i32.const 0)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::CatchNotAFunction)));
}

TEST_F(Catch, MemoryWrittenByATrapInANestedCatchPersistsOutsideBoth) {
  run_wat(with_table(R"(
    (func (export "_start")
      (call $print32 (call $catch (i32.const 4) (i32.const 3)))
      (call $print32 (i32.load (i32.const 64)))))"));
  EXPECT_EQ(out(1), "0\n6\n42\n3\n");
}

}  // namespace
}  // namespace lh::host::testing
