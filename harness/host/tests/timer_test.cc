// lunatic::timer: send_after delivers the scratch message at now + delay in virtual time,
// even after its creator died; a target missing at call time never gets it; cancel_timer
// answers from the per-process table with lunatic's purge-before-insert rule.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Timer = WorldTest;

// 1024 "child": receives one message (timeout 30 ms) and prints the code and the tag.
constexpr std::string_view kChild = R"(
    (data (i32.const 1024) "child")
    (func (export "child")
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 30)))
      (call $print (call $get_tag)))
    (func $spawn_child (result i64)
      (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
    (func $timer (param $to i64) (param $tag i64) (param $ms i64) (result i64)
      (call $create_data (local.get $tag) (i64.const 0))
      (call $send_after (local.get $to) (local.get $ms))))";

std::string with_child(std::string_view body) {
  return guest(std::string(kChild) + std::string(body));
}

TEST_F(Timer, TheMessageArrivesAfterTheDelayInVirtualTime) {
  run_wat(with_child(R"(
    (func (export "_start")
      (call $print (call $timer (call $process_id) (i64.const 7) (i64.const 25)))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n7\n");
  const auto* set = sim().first("timer_set", 1);
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(field(*set, "timer"), "0");
  EXPECT_EQ(field(*set, "to"), "1");
  EXPECT_EQ(field(*set, "ms"), "25");
  EXPECT_EQ(field(*set, "tag"), "7");
  const auto* fire = sim().first("timer_fire", 1);
  ASSERT_NE(fire, nullptr);
  EXPECT_EQ(fire->time_ns, set->time_ns + 25'000'000u);
  EXPECT_EQ(field(*fire, "delivered"), "1");
}

TEST_F(Timer, ATimerFiresAfterItsCreatorDied) {
  run_wat(with_child(R"(
    (func (export "_start")
      (drop (call $timer (call $spawn_child) (i64.const 3) (i64.const 10)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "0\n3\n");
  const auto* death = sim().first("death", 1);
  const auto* fire = sim().first("timer_fire", 1);
  ASSERT_NE(death, nullptr);
  ASSERT_NE(fire, nullptr);
  EXPECT_LT(death->seq, fire->seq);
  EXPECT_EQ(fire->time_ns, 10'000'000u + sim().first("timer_set", 1)->time_ns);
}

TEST_F(Timer, ATargetMissingWhenTheTimerIsSetNeverGetsTheMessage) {
  // Process 2 does not exist yet when the timer is set; it exists when the timer fires.
  run_wat(with_child(R"(
    (func (export "_start")
      (drop (call $timer (i64.const 2) (i64.const 3) (i64.const 10)))
      (drop (call $spawn_child))))"));
  EXPECT_EQ(out(2), "9027\n");
  const auto* fire = sim().first("timer_fire", 1);
  ASSERT_NE(fire, nullptr);
  EXPECT_EQ(field(*fire, "delivered"), "0");
  EXPECT_EQ(sim().events("receive", 2).size(), 0u);
}

TEST_F(Timer, CancelReturnsOneWhileTheIdIsInTheTableWithThePurgeBeforeInsert) {
  run_wat(with_child(R"(
    (func (export "_start") (local $a i64) (local $b i64)
      (local.set $a (call $timer (call $process_id) (i64.const 1) (i64.const 10)))
      (call $print32 (call $cancel_timer (local.get $a)))   ;; 1: cancelled
      (call $print32 (call $cancel_timer (local.get $a)))   ;; 0: already cancelled
      (call $print32 (call $cancel_timer (i64.const 99)))   ;; 0: never existed
      (local.set $b (call $timer (call $process_id) (i64.const 2) (i64.const 5)))
      (call $sleep_ms (i64.const 10))
      (call $print32 (call $cancel_timer (local.get $b)))   ;; 1: fired, still in the table
      (local.set $b (call $timer (call $process_id) (i64.const 3) (i64.const 5)))
      (call $sleep_ms (i64.const 10))
      (drop (call $timer (call $process_id) (i64.const 4) (i64.const 5)))  ;; purges $b
      (call $print32 (call $cancel_timer (local.get $b)))   ;; 0: purged
      (call $print (local.get $b))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 0)))
      (call $print (call $get_tag))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 0)))
      (call $print (call $get_tag))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 0)))
      (call $print (call $get_tag))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  // The cancelled message (tag 1) never arrives; 2 and 3 do; 4 is not due yet.
  EXPECT_EQ(out(1), "1\n0\n0\n1\n0\n2\n0\n2\n0\n3\n9027\n3\n");
  std::vector<std::string> cancels;
  for (const auto* e : sim().events("timer_cancel", 1))
    cancels.push_back(field(*e, "timer") + ":" + field(*e, "found"));
  EXPECT_EQ(cancels, (std::vector<std::string>{"0:1", "0:0", "99:0", "1:1", "2:0"}));
}

TEST_F(Timer, TimersDueAtTheSameTimeFireInTheOrderTheyWereSet) {
  run_wat(with_child(R"(
    (func (export "_start")
      (drop (call $timer (call $process_id) (i64.const 3) (i64.const 5)))
      (drop (call $timer (call $process_id) (i64.const 1) (i64.const 5)))
      (drop (call $timer (call $process_id) (i64.const 2) (i64.const 5)))
      (call $sleep_ms (i64.const 5))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))))"));
  EXPECT_EQ(out(1), "3\n1\n2\n");
}

TEST_F(Timer, SendAfterWithoutAMessageTraps) {
  run_wat(with_child(R"(
    (func (export "_start")
      (drop (call $send_after (i64.const 1) (i64.const 5)))))"));
  EXPECT_EQ(trap(1),
            "Trap raised during host call: Expected `Some(lunatic_process::message::Message)` got "
            "`None` (lunatic::message::send_after).");
}

TEST_F(Timer, AnOverflowingDelaySaturatesAndTheTimerNeverFiresInARun) {
  auto verdict = run_wat(with_child(R"(
    (func (export "_start")
      (drop (call $timer (call $process_id) (i64.const 1) (i64.const -1)))))"));
  // The pending timer is the world's next event, beyond its time bound.
  EXPECT_EQ(verdict, sim::RunVerdict::TimeLimit);
  EXPECT_EQ(sim().events("timer_fire").size(), 0u);
  SimRun cancelled;
  verdict = cancelled.run_wat(with_child(R"(
    (func (export "_start")
      (drop (call $cancel_timer (call $timer (call $process_id) (i64.const 1) (i64.const -1))))))"));
  EXPECT_EQ(verdict, sim::RunVerdict::Quiescent);
}

}  // namespace
}  // namespace lh::host::testing
