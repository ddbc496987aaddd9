// Determinism, checked: every scenario under fixtures/ runs twice per policy (fifo, random)
// and seed and must give the same trace bit for bit; and the random policy must be able to
// give different traces for different seeds when several processes compete.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/runner.h"

namespace lh::scenario {
namespace {

constexpr uint64_t kSeeds[] = {0, 1, 7, 12345};

wasm_engine_t* engine() {
  static engine::EnginePtr shared(wasm_engine_new());
  return shared.get();
}

std::vector<std::string> fixture_files() {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(LH_SOURCE_DIR "/fixtures"))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

Scenario load(const std::string& path) {
  auto loaded = load_scenario(path, LoadOptions{LH_GUEST_DIR});
  if (auto* error = std::get_if<LoadError>(&loaded)) {
    ADD_FAILURE() << error->message;
    return {};
  }
  return std::get<Scenario>(loaded);
}

// Runs `scenario` twice with `policy` and `seed`; fails the test unless both traces are
// identical and the run was valid. Returns the trace hash.
uint64_t run_twice(const Scenario& scenario, sim::Policy policy, uint64_t seed) {
  RunOptions options{policy, seed};
  ScenarioResult first = run_scenario(engine(), scenario, options);
  ScenarioResult second = run_scenario(engine(), scenario, options);
  std::string where =
      scenario.file + " policy=" + sim::policy_name(policy) + " seed=" + std::to_string(seed);
  EXPECT_NE(first.status, ScenarioResult::Status::Invalid) << where;
  EXPECT_NE(first.status, ScenarioResult::Status::Fault) << where;
  EXPECT_EQ(first.trace_hash, second.trace_hash) << where;
  EXPECT_EQ(sim::canonical_text(first.events), sim::canonical_text(second.events)) << where;
  EXPECT_NE(first.trace_hash, sim::Trace().hash()) << where << ": the trace is empty";
  return first.trace_hash;
}

TEST(Determinism, EveryFixtureGivesTheSameTraceTwicePerPolicyAndSeed) {
  auto files = fixture_files();
  ASSERT_FALSE(files.empty()) << "no scenarios under " LH_SOURCE_DIR "/fixtures";
  for (const auto& file : files) {
    Scenario scenario = load(file);
    if (scenario.guest.empty()) continue;
    for (sim::Policy policy : {sim::Policy::Fifo, sim::Policy::Random})
      for (uint64_t seed : kSeeds) run_twice(scenario, policy, seed);
  }
}

// Four children of one parent become runnable together: their order is the scheduler's
// choice, so some seeds must give different traces.
TEST(Determinism, RandomPolicyWithDifferentSeedsCanGiveDifferentTraces) {
  auto parsed =
      parse_scenario(R"({ "name": "fanout", "guest": "t_fanout", "root_exit_ends_world": false,
                                    "expect": { "spawned": 5 } })",
                     LH_SOURCE_DIR "/fixtures/inline-fanout.json", LoadOptions{LH_GUEST_DIR});
  ASSERT_TRUE(std::holds_alternative<Scenario>(parsed)) << std::get<LoadError>(parsed).message;
  const Scenario& scenario = std::get<Scenario>(parsed);
  std::set<uint64_t> hashes;
  for (uint64_t seed = 0; seed < 8; ++seed) {
    hashes.insert(run_twice(scenario, sim::Policy::Random, seed));
    EXPECT_EQ(run_scenario(engine(), scenario, {sim::Policy::Random, seed}).status,
              ScenarioResult::Status::Passed);
  }
  EXPECT_GT(hashes.size(), 1u);
}

// The same holds for the multi-process fixtures themselves, taken together.
TEST(Determinism, SomeMultiProcessFixtureDependsOnTheRandomSeed) {
  bool any_multi = false, any_differs = false;
  for (const auto& file : fixture_files()) {
    Scenario scenario = load(file);
    if (scenario.guest.empty()) continue;
    ScenarioResult fifo = run_scenario(engine(), scenario, {sim::Policy::Fifo, 0});
    size_t spawns = 0;
    std::string text = sim::canonical_text(fifo.events);
    for (size_t at = text.find("\"ev\":\"spawn\""); at != std::string::npos;
         at = text.find("\"ev\":\"spawn\"", at + 1))
      ++spawns;
    if (spawns < 3) continue;  // the root and at least two children
    any_multi = true;
    std::set<uint64_t> hashes;
    for (uint64_t seed = 0; seed < 16; ++seed)
      hashes.insert(run_scenario(engine(), scenario, {sim::Policy::Random, seed}).trace_hash);
    any_differs |= hashes.size() > 1;
  }
  if (!any_multi) GTEST_SKIP() << "no fixture spawns two or more children yet";
  EXPECT_TRUE(any_differs);
}

}  // namespace
}  // namespace lh::scenario
