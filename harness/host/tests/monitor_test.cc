// The monitoring API of lunatic v0.13.2: monitor / stop_monitoring and the ProcessDied
// message (receive returns 2, get_tag 0, get_process_id the dead id, no tag filter takes it,
// the data functions trap), delivered for every death reason, after the links.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Monitor = WorldTest;

// Children: 1024 "normal" returns, 1040 "fail" traps, 1056 "spin" loops (to be killed),
// 1072 "linked" links to a failing child and dies of it, 1088 "nap" sleeps 5 ms.
constexpr std::string_view kChildren = R"(
    (data (i32.const 1024) "normal")
    (data (i32.const 1040) "fail")
    (data (i32.const 1056) "spin")
    (data (i32.const 1072) "linked")
    (data (i32.const 1088) "nap")
    (func (export "normal") (call $sleep_ms (i64.const 1)))
    (func (export "fail") (call $sleep_ms (i64.const 1)) unreachable)
    (func (export "spin") (loop $l (br $l)))
    (func (export "linked")
      (drop (call $spawn_fn (i64.const 9) (i32.const 1040) (i32.const 4) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 100)))
    (func (export "nap") (call $sleep_ms (i64.const 5)))
    (func $child (param $name i32) (param $len i32) (result i64)
      (call $spawn_fn (i64.const 0) (local.get $name) (local.get $len) (i32.const 0) (i32.const 0)))
    ;; receive anything, print the code, the tag and the process id
    (func $next
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 50)))
      (call $print (call $get_tag))
      (call $print (call $get_process_id))))";

std::string with_children(std::string_view body) {
  return guest(std::string(kChildren) + std::string(body));
}

TEST_F(Monitor, EveryDeathReasonBecomesAProcessDiedMessage) {
  run_wat(with_children(R"(
    (func (export "_start") (local $spin i64)
      (call $monitor (call $child (i32.const 1024) (i32.const 6)))   ;; 2: normal
      (call $monitor (call $child (i32.const 1040) (i32.const 4)))   ;; 3: trap
      (local.set $spin (call $child (i32.const 1056) (i32.const 4))) ;; 4: killed
      (call $monitor (local.get $spin))
      (call $monitor (call $child (i32.const 1072) (i32.const 6)))   ;; 5: linked death (6 fails)
      (call $sleep_ms (i64.const 2))
      (call $kill (local.get $spin))
      (call $next) (call $next) (call $next) (call $next)))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  // Deaths in time order: 2 and 3 at 1 ms, 5 when 6 fails just after, 4 killed at 2 ms.
  EXPECT_EQ(out(1), "2\n0\n2\n2\n0\n3\n2\n0\n5\n2\n0\n4\n");
  EXPECT_EQ(end(5), End::Failure);
  std::vector<std::string> kinds;
  for (const auto* e : sim().events("receive", 1)) kinds.push_back(field(*e, "kind"));
  EXPECT_EQ(kinds, (std::vector<std::string>(4, "process_died")));
}

TEST_F(Monitor, MonitorsAreNotifiedAfterTheLinks) {
  // Process 1 both links to (without dying of it) and monitors child 2.
  run_wat(with_children(R"(
    (func (export "_start") (local $c i64)
      (call $die_when_link_dies (i32.const 0))
      (local.set $c (call $child (i32.const 1040) (i32.const 4)))
      (call $link (i64.const 4) (local.get $c))
      (call $monitor (local.get $c))
      (call $next) (call $next)))"));
  EXPECT_EQ(out(1), "1\n4\n0\n2\n0\n2\n");
  std::vector<std::string> signals;
  for (const auto* e : sim().events("signal", 1))
    if (field(*e, "other") == "2") signals.push_back(field(*e, "signal"));
  EXPECT_EQ(signals, (std::vector<std::string>{"link", "link_died", "process_died"}));
}

TEST_F(Monitor, MonitoringTwiceGivesOneMessageAndStopMonitoringIsIdempotent) {
  run_wat(with_children(R"(
    (func (export "_start") (local $a i64) (local $b i64)
      (local.set $a (call $child (i32.const 1088) (i32.const 3)))
      (call $monitor (local.get $a))
      (call $monitor (local.get $a))
      (local.set $b (call $child (i32.const 1088) (i32.const 3)))
      (call $monitor (local.get $b))
      (call $stop_monitoring (local.get $b))
      (call $stop_monitoring (local.get $b))
      (call $stop_monitoring (i64.const 99))
      (call $monitor (i64.const 99))            ;; missing: nothing at all
      (call $next) (call $next)))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "2\n0\n2\n9027\n0\n2\n");
  EXPECT_EQ(sim().events("signal", 99).size(), 0u);
}

TEST_F(Monitor, ProcessDiedIsAMessageEvenWhenDieWhenLinkDiesIsOnAndNoFilterTakesIt) {
  run_wat(with_children(R"(
    (data (i32.const 200) "\00\00\00\00\00\00\00\00")
    (func (export "_start")
      (call $monitor (call $child (i32.const 1040) (i32.const 4)))
      (call $sleep_ms (i64.const 5))
      ;; a filter with tag 0 does not take it either
      (call $print32 (call $receive (i32.const 200) (i32.const 1) (i64.const 0)))
      (call $next)))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "9027\n2\n0\n2\n");
}

TEST_F(Monitor, TheDataFunctionsTrapOnAProcessDiedMessage) {
  for (std::string call :
       {"(drop (call $write_data (i32.const 0) (i32.const 1)))",
        "(drop (call $read_data (i32.const 0) (i32.const 1)))", "(call $seek_data (i64.const 0))",
        "(drop (call $data_size))", "(drop (call $take_module (i64.const 0)))",
        "(drop (call $take_tcp_stream (i64.const 0)))"}) {
    SimRun run;
    run.run_wat(with_children(R"(
      (func (export "_start")
        (call $monitor (call $child (i32.const 1024) (i32.const 6)))
        (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
        )" + call + ")"));
    EXPECT_EQ(run.trap(1), "Unexpected `Message::ProcessDied` in scratch area") << call;
  }
}

TEST_F(Monitor, GetProcessIdIsZeroForOtherMessagesAndTrapsWithoutOne) {
  run_wat(with_children(R"(
    (func (export "_start")
      (call $create_data (i64.const 3) (i64.const 0))
      (call $print (call $get_process_id))
      (drop (call $get_process_id))))"));
  EXPECT_EQ(out(1), "0\n");
  SimRun none;
  none.run_wat(with_children(R"(
    (func (export "_start") (drop (call $get_process_id))))"));
  EXPECT_EQ(none.trap(1), trap_of(TrapId::GetProcessIdNoMessage));
}

}  // namespace
}  // namespace lh::host::testing
