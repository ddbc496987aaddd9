// Report tests on real runs (the engine and the processes guest): the Chrome trace of a
// five-process scenario, and the example timeline picture checked in under reports/.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/engine/handles.h"
#include "harness/report/chrome_trace.h"
#include "harness/report/tests/report_fixture.h"
#include "harness/report/timeline_svg.h"
#include "harness/scenario/loader.h"

namespace lh::report {
namespace {

scenario::ScenarioResult run(const std::string& text, const std::string& path) {
  auto loaded = scenario::parse_scenario(text, path, {LH_GUEST_DIR});
  if (auto* error = std::get_if<scenario::LoadError>(&loaded)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  engine::EnginePtr engine(wasm_engine_new());
  auto result = scenario::run_scenario(engine.get(), std::get<scenario::Scenario>(loaded));
  EXPECT_EQ(result.status, scenario::ScenarioResult::Status::Passed)
      << ::testing::PrintToString(result.failures);
  return result;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(ChromeTrace, FiveProcessChainFollowsTheTraceEventFormat) {
  auto result = run(R"({"name": "chain-4", "guest": "processes", "entry": "chain",
                        "params": [{"type": "i64", "value": "4"}], "expect": {"spawned": 5}})",
                    "chain-4.json");
  auto trace = chrome_trace({result});
  EXPECT_EQ(testing::trace_format_problems(trace), std::vector<std::string>{});
  std::set<int> threads;
  size_t flows = 0;
  for (const auto& e : trace["traceEvents"]) {
    if (e["ph"] == "M" && e["name"] == "thread_name") threads.insert(e["tid"].get<int>());
    flows += e["ph"] == "s";
  }
  EXPECT_EQ(threads, (std::set<int>{0, 1, 2, 3, 4, 5}));
  EXPECT_GE(flows, 4u);  // at least the four link deaths travelling up the chain
  // It survives a round trip through text, as a viewer reads it.
  EXPECT_EQ(nlohmann::json::parse(trace.dump()), trace);
}

// The picture in reports/example-timeline.svg is this scenario's timeline. After a change
// to the pictures (or to the guest), regenerate it with LH_UPDATE_GOLDEN=1 and review the diff.
TEST(ExampleTimeline, MatchesTheCheckedInPicture) {
  std::string scenario_path = LH_SOURCE_DIR "/harness/report/tests/data/scenarios/chain-3.json";
  auto result = run(read(scenario_path), scenario_path);
  TimelineOptions options;
  options.standalone = true;
  options.width = 900;
  auto svg = timeline_svg(result.events, result.end_time_ns, options) + "\n";
  std::string golden = LH_SOURCE_DIR "/reports/example-timeline.svg";
  if (const char* update = std::getenv("LH_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << svg;
    GTEST_SKIP() << "wrote " << golden;
  }
  EXPECT_EQ(read(golden), svg) << "regenerate with LH_UPDATE_GOLDEN=1 and review the diff";
}

}  // namespace
}  // namespace lh::report
