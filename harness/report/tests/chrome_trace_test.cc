#include "harness/report/chrome_trace.h"

#include <gtest/gtest.h>

#include "harness/report/tests/report_fixture.h"

namespace lh::report {
namespace {

using Json = nlohmann::json;
using Status = scenario::ScenarioResult::Status;
using namespace lh::report::testing;

std::vector<Json> with_phase(const Json& trace, const std::string& ph) {
  std::vector<Json> out;
  for (const auto& e : trace["traceEvents"])
    if (e["ph"] == ph) out.push_back(e);
  return out;
}

TEST(ChromeTrace, FollowsTheTraceEventFormat) {
  auto trace = chrome_trace({result("two", Status::Passed, two_process_events()),
                             result("again", Status::Failed, two_process_events())});
  EXPECT_EQ(trace_format_problems(trace), std::vector<std::string>{});
  EXPECT_EQ(trace["displayTimeUnit"], "ns");
}

TEST(ChromeTrace, EachScenarioIsATraceProcessAndEachLunaticProcessANamedThread) {
  auto trace = chrome_trace({result("first", Status::Passed, two_process_events()),
                             result("second", Status::Passed, two_process_events())});
  std::map<std::pair<int, int>, std::string> threads;
  std::map<int, std::string> processes;
  for (const auto& m : with_phase(trace, "M")) {
    if (m["name"] == "process_name") processes[m["pid"]] = m["args"]["name"];
    if (m["name"] == "thread_name") threads[{m["pid"], m["tid"]}] = m["args"]["name"];
  }
  EXPECT_EQ(processes, (std::map<int, std::string>{{1, "scenario first"}, {2, "scenario second"}}));
  for (int pid : {1, 2}) {
    EXPECT_EQ((threads[{pid, 0}]), "scenario");
    EXPECT_EQ((threads[{pid, 1}]), "process 1");
    EXPECT_EQ((threads[{pid, 2}]), "process 2");
  }
  EXPECT_EQ(threads.size(), 6u);
}

TEST(ChromeTrace, RunsAndWaitsAreSlicesClosedByTheNextStateChange) {
  auto trace = chrome_trace({result("two", Status::Passed, two_process_events())});
  std::vector<std::tuple<int, std::string, double, double>> slices;
  for (const auto& x : with_phase(trace, "X"))
    if (x["cat"] != "signal") slices.emplace_back(x["tid"], x["name"], x["ts"], x["dur"]);
  std::sort(slices.begin(), slices.end());
  using T = std::tuple<int, std::string, double, double>;
  ASSERT_EQ(slices.size(), 3u);
  EXPECT_EQ(slices[0], (T{1, "run", 0.0, 0.012}));
  EXPECT_EQ(std::get<1>(slices[1]), "wait: receive");
  EXPECT_DOUBLE_EQ(std::get<2>(slices[1]), 0.012);
  EXPECT_DOUBLE_EQ(std::get<3>(slices[1]), 0.013);  // until its death at 25 ns
  EXPECT_EQ(std::get<1>(slices[2]), "run");
  EXPECT_EQ(std::get<0>(slices[2]), 2);
  EXPECT_DOUBLE_EQ(std::get<3>(slices[2]), 0.011);  // 14 ns to 25 ns
}

TEST(ChromeTrace, SignalsAreFlowsFromTheSenderToTheReceiver) {
  auto trace = chrome_trace({result("two", Status::Passed, two_process_events())});
  auto starts = with_phase(trace, "s"), finishes = with_phase(trace, "f");
  ASSERT_EQ(starts.size(), 3u);  // message 1->2, message 2->1, link_died 2->1
  ASSERT_EQ(finishes.size(), 3u);
  std::vector<std::pair<int, int>> pairs;
  for (const auto& s : starts)
    for (const auto& f : finishes)
      if (s["id"] == f["id"]) pairs.push_back({s["tid"], f["tid"]});
  EXPECT_EQ(pairs, (std::vector<std::pair<int, int>>{{1, 2}, {2, 1}, {2, 1}}));
}

TEST(TraceFormatCheck, RejectsUnpairedFlowsNegativeDurationsBadNestingAndUnnamedThreads) {
  Json trace = {{"traceEvents",
                 Json::array({
                     {{"name", "thread_name"},
                      {"ph", "M"},
                      {"pid", 1},
                      {"tid", 1},
                      {"args", {{"name", "p"}}}},
                     {{"name", "a"}, {"ph", "X"}, {"pid", 1}, {"tid", 1}, {"ts", 0}, {"dur", 10}},
                     {{"name", "b"}, {"ph", "X"}, {"pid", 1}, {"tid", 1}, {"ts", 5}, {"dur", 10}},
                     {{"name", "c"}, {"ph", "X"}, {"pid", 1}, {"tid", 1}, {"ts", 20}, {"dur", -1}},
                     {{"name", "d"}, {"ph", "s"}, {"pid", 1}, {"tid", 1}, {"ts", 1}, {"id", 7}},
                     {{"name", "e"}, {"ph", "i"}, {"pid", 1}, {"tid", 9}, {"ts", 1}},
                     {{"name", "bogus"}, {"ph", "M"}, {"pid", 1}, {"args", {{"name", "x"}}}},
                 })}};
  auto problems = trace_format_problems(trace);
  ASSERT_EQ(problems.size(), 5u) << ::testing::PrintToString(problems);
  EXPECT_NE(problems[0].find("X without dur >= 0"), std::string::npos);
  EXPECT_NE(problems[1].find("unknown metadata name"), std::string::npos);
  EXPECT_NE(problems[2].find("flow 7 has 1 starts and 0 finishes"), std::string::npos);
  EXPECT_NE(problems[3].find("thread 9 of process 1 has no thread_name"), std::string::npos);
  EXPECT_NE(problems[4].find("overlaps its parent without nesting"), std::string::npos);
}

}  // namespace
}  // namespace lh::report
