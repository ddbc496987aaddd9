#include <gtest/gtest.h>

#include "harness/report/tests/report_fixture.h"
#include "harness/report/timeline_svg.h"
#include "harness/sim/fault_plan.h"

namespace lh::report {
namespace {

using K = sim::EventKind;
using Arrow = TimelineArrow;
using namespace lh::report::testing;
using S = std::string;

// The root spawns `children` processes that each start and end at once.
std::vector<sim::TraceEvent> many_processes(uint64_t children) {
  TraceBuilder t;
  t.add(0, K::Spawn, 0, {{"id", uint64_t{1}}, {"entry", S("root")}}).add(0, K::Start, 1);
  for (uint64_t i = 0; i < children; ++i)
    t.add(10 * i, K::Spawn, 1, {{"id", i + 2}, {"entry", S("worker")}});
  for (uint64_t i = 0; i < children; ++i)
    t.add(10 * children + i, K::Start, i + 2)
        .add(10 * children + i, K::Death, i + 2, {{"reason", S("normal")}});
  return t.events();
}

TEST(Timeline, CapsLanesAndSaysHowManyProcessesAreNotShown) {
  auto events = many_processes(10'000);
  auto model = build_timeline(events, 200'000);
  EXPECT_EQ(model.processes, 10'001u);
  ASSERT_EQ(model.lanes.size(), 40u);
  EXPECT_EQ(model.hidden_lanes, 9'961u);
  EXPECT_EQ(model.lanes.back().pid, 40u);
  auto svg = timeline_svg(model);
  EXPECT_NE(svg.find("9961 more processes not shown"), std::string::npos);
  EXPECT_NE(svg.find("data-lanes=\"40\" data-hidden-lanes=\"9961\""), std::string::npos);
  EXPECT_LT(svg.size(), 100'000u);
}

TEST(Timeline, CapsDrawnItemsOfALongTrace) {
  TraceBuilder t;
  t.add(0, K::Spawn, 0, {{"id", uint64_t{1}}}).add(0, K::Start, 1);
  for (uint64_t i = 1; i <= 50'000; ++i)
    t.add(20 * i, K::Suspend, 1, {{"wait", S("sleep")}}).add(20 * i + 10, K::Wake, 1);
  TimelineOptions options;
  options.max_items = 300;
  auto model = build_timeline(t.events(), 0, options);
  EXPECT_EQ(model.segments.size() + model.arrows.size() + model.markers.size(), 300u);
  EXPECT_EQ(model.hidden_items, 100'001u - 300u);
  EXPECT_NE(timeline_svg(model, options).find("99701 events not drawn"), std::string::npos);
}

TEST(Timeline, AYieldResumedAtOnceMergesTheRunsAroundIt) {
  TraceBuilder t;
  t.add(0, K::Spawn, 0, {{"id", uint64_t{1}}})
      .add(0, K::Start, 1)
      .add(100, K::Suspend, 1, {{"wait", S("yield")}})
      .add(100, K::Wake, 1)
      .add(200, K::Suspend, 1, {{"wait", S("sleep")}})
      .add(300, K::Wake, 1)
      .add(350, K::Death, 1, {{"reason", S("normal")}});
  auto model = build_timeline(t.events(), 350);
  ASSERT_EQ(model.segments.size(), 3u);
  EXPECT_TRUE(model.segments[0].run);
  EXPECT_EQ(model.segments[0].start_ns, 0u);
  EXPECT_EQ(model.segments[0].end_ns, 200u);
  EXPECT_FALSE(model.segments[1].run);
  EXPECT_EQ(model.segments[1].wait, "sleep");
  EXPECT_EQ(model.segments[2].end_ns, 350u);
}

TEST(Timeline, DrawsSpawnsMessagesLinksAndLinkDeathsBetweenLanes) {
  auto model = build_timeline(two_process_events(), 30);
  ASSERT_EQ(model.lanes.size(), 2u);
  EXPECT_EQ(model.lanes[1].label, "2 child");
  EXPECT_EQ(model.lanes[1].born_ns, 10u);
  std::vector<std::tuple<Arrow::Kind, size_t, size_t, uint64_t, uint64_t>> arrows;
  for (const auto& a : model.arrows)
    arrows.emplace_back(a.kind, a.from_lane, a.to_lane, a.from_ns, a.to_ns);
  using T = std::tuple<Arrow::Kind, size_t, size_t, uint64_t, uint64_t>;
  EXPECT_EQ(arrows,
            (std::vector<T>{{Arrow::Kind::Spawn, 0, 1, 10, 14},  // ends where the child starts
                            {Arrow::Kind::Link, 0, 1, 10, 10},
                            {Arrow::Kind::Message, 0, 1, 12, 12},
                            {Arrow::Kind::Message, 1, 0, 20, 20},
                            {Arrow::Kind::LinkDied, 1, 0, 25, 25}}));
  EXPECT_EQ(model.lanes[0].death_reason, "failure");
  EXPECT_EQ(model.lanes[1].end_ns, 25u);
}

TEST(Timeline, KillsAreArrowsToTheKilledProcess) {
  TraceBuilder t;
  t.add(0, K::Spawn, 0, {{"id", uint64_t{1}}})
      .add(0, K::Start, 1)
      .add(5, K::Spawn, 1, {{"id", uint64_t{2}}})
      .add(9, K::Kill, 1, {{"target", uint64_t{2}}})
      .add(12, K::Signal, 2, {{"signal", S("kill")}, {"from", uint64_t{1}}})
      .add(12, K::Death, 2, {{"reason", S("failure")}});
  auto model = build_timeline(t.events(), 20);
  ASSERT_EQ(model.arrows.size(), 2u);
  EXPECT_EQ(model.arrows[1].kind, Arrow::Kind::Kill);
  EXPECT_EQ(model.arrows[1].from_ns, 9u);
  EXPECT_EQ(model.arrows[1].to_ns, 12u);
  EXPECT_NE(timeline_svg(model).find("<g class=\"arrow a-kill\"><title>kill 1 → 2</title>"),
            std::string::npos);
}

TEST(Timeline, EveryInjectedFaultKindIsMarkedOnItsProcesssLane) {
  TraceBuilder t;
  t.add(0, K::Spawn, 0, {{"id", uint64_t{1}}}).add(0, K::Start, 1);
  t.add(1, K::Spawn, 1, {{"id", uint64_t{2}}}).add(2, K::Start, 2);
  uint64_t at = 3;
  for (sim::FaultKind kind : sim::kFaultKinds) {
    std::vector<sim::Field> fields{{"kind", S(sim::fault_name(kind))}};
    if (kind == sim::FaultKind::TimerDelay || kind == sim::FaultKind::MessageDelay)
      fields.push_back({"ms", uint64_t{7}});
    t.add(at++, K::Fault, 2, fields);
  }
  auto model = build_timeline(t.events(), 20);
  std::vector<std::string> titles;
  for (const auto& marker : model.markers)
    if (marker.title.rfind("injected fault: ", 0) == 0) {
      EXPECT_EQ(model.lanes[marker.lane].pid, 2u);
      titles.push_back(marker.title);
    }
  EXPECT_EQ(titles, (std::vector<std::string>{
                        "injected fault: kill", "injected fault: spawn_failure",
                        "injected fault: fuel_exhaustion", "injected fault: timer_delay, 7 ms late",
                        "injected fault: message_delay, 7 ms late"}));
  EXPECT_NE(timeline_svg(model).find("<title>injected fault: kill</title>"), std::string::npos);
}

TEST(Timeline, PictureMarksDeathsByReasonAndAnnotatesTraps) {
  auto svg = timeline_svg(two_process_events(), 30);
  EXPECT_NE(svg.find("<circle class=\"d-failure\""), std::string::npos);
  EXPECT_NE(svg.find(">RuntimeError: unreachable</text>"), std::string::npos);
  EXPECT_NE(svg.find("<title>stdout: hi &lt;there&gt;</title>"), std::string::npos);
  EXPECT_EQ(svg.find("xmlns"), std::string::npos);  // inline in HTML
}

TEST(Timeline, AxisIsLabelledInTheUnitOfItsScale) {
  TraceBuilder t;
  t.add(0, K::Spawn, 0, {{"id", uint64_t{1}}})
      .add(0, K::Start, 1)
      .add(25'000'000, K::Death, 1, {{"reason", S("normal")}});
  auto ms = timeline_svg(t.events(), 25'000'000);
  EXPECT_NE(ms.find(">5 ms</text>"), std::string::npos) << ms;
  EXPECT_NE(ms.find(">25 ms</text>"), std::string::npos);
  TraceBuilder short_run;
  short_run.add(0, K::Spawn, 0, {{"id", uint64_t{1}}}).add(0, K::Start, 1);
  auto us = timeline_svg(short_run.events(), 30'000);
  EXPECT_NE(us.find(">5 µs</text>"), std::string::npos) << us;
  auto mixed = timeline_svg(short_run.events(), 2'100'000);  // half-millisecond ticks
  EXPECT_NE(mixed.find(">1.5 ms</text>"), std::string::npos) << mixed;
  auto ns = timeline_svg(two_process_events(), 30);
  EXPECT_NE(ns.find(">5 ns</text>"), std::string::npos) << ns;
}

TEST(Timeline, StandalonePictureIsACompleteSvgFile) {
  TimelineOptions options;
  options.standalone = true;
  auto svg = timeline_svg(two_process_events(), 30, options);
  EXPECT_EQ(
      svg.rfind(
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"",
          0),
      0u);
  EXPECT_NE(svg.find("<style>"), std::string::npos);
  EXPECT_NE(svg.find(">link died</text>"), std::string::npos);  // the legend
}

}  // namespace
}  // namespace lh::report
