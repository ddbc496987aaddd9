// lunatic::process identity, time, links and kill: process_id, environment_id, sleep_ms,
// die_when_link_dies, link, unlink, kill, exists; link propagation by death reason.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Links = WorldTest;

// Children used below, by name at fixed addresses:
//   1024 "fail"   traps at once          1040 "normal"  returns at once
//   1056 "spin"   loops forever          1072 "nap"     sleeps 5 ms then returns
//   1088 "late"   sleeps 5 ms then traps
constexpr std::string_view kChildren = R"(
    (data (i32.const 1024) "fail")
    (data (i32.const 1040) "normal")
    (data (i32.const 1056) "spin")
    (data (i32.const 1072) "nap")
    (data (i32.const 1088) "late")
    (func (export "fail") unreachable)
    (func (export "normal"))
    (func (export "spin") (loop $l (br $l)))
    (func (export "nap") (call $sleep_ms (i64.const 5)))
    (func (export "late") (call $sleep_ms (i64.const 5)) unreachable))";

std::string with_children(std::string_view body) {
  return guest(std::string(kChildren) + std::string(body));
}

TEST_F(Links, ProcessIdAndEnvironmentIdAreTheCallers) {
  WorldSpec spec;
  spec.environment_id = 7;
  configure(spec);
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (call $print (call $process_id))
      (call $print (call $environment_id))
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child")
      (call $print (call $process_id))
      (call $print (call $environment_id))))"));
  EXPECT_EQ(out(1), "1\n7\n");
  EXPECT_EQ(out(2), "2\n7\n");
}

TEST_F(Links, LinkedChildThatFailsAtOnceKillsTheParent) {
  run_wat(with_children(R"(
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 7) (i32.const 1024) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 100))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(out(1), "");
  // The child handled its Link before any of its code ran.
  auto child = sim().events({}, 2);
  ASSERT_GE(child.size(), 2u);
  EXPECT_EQ(sim::event_name(child[0]->kind), "signal");
  EXPECT_EQ(field(*child[0], "signal"), "link");
  EXPECT_EQ(field(*child[0], "tag"), "7");
  bool parent_notified = false;
  for (const auto* e : sim().events("signal", 1))
    if (field(*e, "signal") == "link_died" && field(*e, "tag") == "7" &&
        field(*e, "reason") == "failure")
      parent_notified = true;
  EXPECT_TRUE(parent_notified);
}

TEST_F(Links, LinkedChildFailureBecomesALinkDiedMessageCarryingTheTag) {
  run_wat(with_children(R"(
    (func (export "_start")
      (call $die_when_link_dies (i32.const 0))
      (drop (call $spawn_fn (i64.const 7) (i32.const 1024) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n7\n");
  EXPECT_EQ(end(2), End::Failure);
}

TEST_F(Links, DieWhenLinkDiesCanBeSwitchedBackOn) {
  run_wat(with_children(R"(
    (func (export "_start")
      (call $die_when_link_dies (i32.const 0))
      (call $die_when_link_dies (i32.const 2))
      (drop (call $spawn_fn (i64.const 7) (i32.const 1024) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(out(1), "");
}

TEST_F(Links, NormalDeathDoesNotPropagate) {
  run_wat(with_children(R"(
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 3) (i32.const 1040) (i32.const 6) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(2), End::Normal);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n");
}

TEST_F(Links, NormalDeathSendsNoMessageEitherWhenTrappingIsOff) {
  run_wat(with_children(R"(
    (func (export "_start")
      (call $die_when_link_dies (i32.const 0))
      (drop (call $spawn_fn (i64.const 3) (i32.const 1040) (i32.const 6) (i32.const 0) (i32.const 0)))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 20)))))"));
  EXPECT_EQ(out(1), "9027\n");
}

TEST_F(Links, KillOfASpinningProcessTakesEffectAtItsNextFuelYield) {
  run_wat(with_children(R"(
    (func (export "_start") (local $c i64)
      (local.set $c (call $spawn_fn (i64.const 0) (i32.const 1056) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 1))
      (call $print32 (call $exists (local.get $c)))
      (call $kill (local.get $c))
      (call $sleep_ms (i64.const 1))
      (call $print32 (call $exists (local.get $c)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n0\n");
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_FALSE(sim().events("fuel_yield", 2).empty());
  size_t kills = 0;
  for (const auto* e : sim().events("signal", 2)) kills += field(*e, "signal") == "kill";
  EXPECT_EQ(kills, 1u);
}

TEST_F(Links, KillOfAnUnknownProcessIsIgnored) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $kill (i64.const 999))
      (call $sleep_ms (i64.const 1))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n");
}

// Kill is a signal: the process runs on until its next suspension point.
TEST_F(Links, AProcessMayKillItself) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $kill (call $process_id))
      (call $print (i64.const 1))
      (call $sleep_ms (i64.const 1))
      (call $print (i64.const 2))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(out(1), "1\n");
}

TEST_F(Links, KilledLinkedChildKillsTheParent) {
  run_wat(with_children(R"(
    (func (export "_start")
      (call $kill (call $spawn_fn (i64.const 1) (i32.const 1072) (i32.const 3) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(out(1), "");
}

TEST_F(Links, LinkToAMissingProcessKillsTheCaller) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $link (i64.const 42) (i64.const 9999))
      (call $sleep_ms (i64.const 1))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(out(1), "");
  bool no_process = false;
  for (const auto* e : sim().events("signal", 1))
    if (field(*e, "signal") == "link_died" && field(*e, "reason") == "no_process")
      no_process = true;
  EXPECT_TRUE(no_process);
}

TEST_F(Links, LinkToAMissingProcessBecomesAMessageWhenTrappingIsOff) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $die_when_link_dies (i32.const 0))
      (call $link (i64.const 42) (i64.const 9999))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 50)))
      (call $print (call $get_tag))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n42\n");
}

// link(tag, id) stores the same tag on both sides.
TEST_F(Links, LinkTagReachesTheCallerWhenTheOtherSideFails) {
  run_wat(with_children(R"(
    (func (export "_start")
      (call $die_when_link_dies (i32.const 0))
      (call $link (i64.const 9)
        (call $spawn_fn (i64.const 0) (i32.const 1088) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_EQ(out(1), "1\n9\n");
}

TEST_F(Links, LinkTagReachesTheOtherSideWhenTheCallerFails) {
  run_wat(guest(R"(
    (data (i32.const 1024) "watcher")
    (func (export "_start")
      (call $link (i64.const 9)
        (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 7) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 5))
      unreachable)
    (func (export "watcher")
      (call $die_when_link_dies (i32.const 0))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "1\n9\n");
}

TEST_F(Links, UnlinkOfADeadOrUnknownProcessIsHarmless) {
  run_wat(with_children(R"(
    (func (export "_start") (local $c i64)
      (local.set $c (call $spawn_fn (i64.const 1) (i32.const 1040) (i32.const 6) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 5))
      (call $unlink (local.get $c))
      (call $unlink (i64.const 123456))
      (call $sleep_ms (i64.const 1))
      (call $print32 (call $exists (local.get $c)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n");
}

TEST_F(Links, UnlinkStopsPropagation) {
  run_wat(with_children(R"(
    (func (export "_start")
      (call $unlink (call $spawn_fn (i64.const 1) (i32.const 1088) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 20))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n");
}

TEST_F(Links, ExistsIsOneWhileAliveAndZeroAfterDeath) {
  run_wat(with_children(R"(
    (func (export "_start") (local $c i64)
      (local.set $c (call $spawn_fn (i64.const 0) (i32.const 1072) (i32.const 3) (i32.const 0) (i32.const 0)))
      (call $print32 (call $exists (local.get $c)))
      (call $print32 (call $exists (i64.const 1)))
      (call $print32 (call $exists (i64.const 77)))
      (call $sleep_ms (i64.const 10))
      (call $print32 (call $exists (local.get $c)))))"));
  EXPECT_EQ(out(1), "1\n1\n0\n0\n");
}

TEST_F(Links, SleepSuspendsForVirtualMillisecondsWhileOthersRun) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 30))
      (call $print (i64.const 1)))
    (func (export "child") (call $print (i64.const 2))))"));
  EXPECT_EQ(out(1), "1\n");
  auto wakes = sim().events("wake", 1);
  ASSERT_EQ(wakes.size(), 1u);
  EXPECT_GE(wakes[0]->time_ns, 30'000'000u);
  EXPECT_LT(wakes[0]->time_ns, 31'000'000u);
  const sim::TraceEvent* child_out = sim().first("stdout", 2);
  ASSERT_NE(child_out, nullptr);
  EXPECT_LT(child_out->seq, wakes[0]->seq);
}

}  // namespace
}  // namespace lh::host::testing
