#include "harness/explore/explore_jsonl.h"

#include <gtest/gtest.h>

#include <set>

namespace lh::explore {
namespace {

using Status = scenario::ScenarioResult::Status;

Exploration shard_of(uint64_t index, uint64_t count, bool keep_going,
                     const std::vector<SeedRun>& all) {
  Exploration e;
  e.scenario = "race";
  e.file = "fixtures/race.json";
  e.options.strategy = {sim::Policy::Pct, 2};
  e.pct_steps = 17;
  e.options.seeds = {.from = 10, .count = all.size()};
  e.options.shard = {index, count};
  e.options.keep_going = keep_going;
  for (uint64_t seed : shard_seeds(e.options.seeds, e.options.shard)) {
    e.runs.push_back(all[seed - 10]);
    if (!keep_going && e.runs.back().status != Status::Passed) break;
  }
  return e;
}

std::vector<SeedRun> some_runs(size_t n, std::set<uint64_t> failing) {
  std::vector<SeedRun> runs;
  for (uint64_t seed = 10; seed < 10 + n; ++seed) {
    SeedRun run{.seed = seed, .trace_hash = seed * 0x9e3779b97f4a7c15ull, .steps = seed % 7};
    if (failing.count(seed)) {
      run.status = Status::Failed;
      run.failure = "process 1 ended \"trap\",\nnot \"normal\" \xff";
    }
    runs.push_back(run);
  }
  return runs;
}

TEST(ExploreJsonl, AFileReadsBackAsTheExplorationItWasWrittenFrom) {
  Exploration e = shard_of(1, 1, true, some_runs(12, {13}));
  auto back = parse_exploration_jsonl(exploration_jsonl(e), "x.jsonl");
  ASSERT_TRUE(back.ok()) << back.message();
  EXPECT_EQ(back->scenario, "race");
  EXPECT_EQ(back->file, "fixtures/race.json");
  EXPECT_EQ(back->pct_steps, 17u);
  EXPECT_EQ(back->options.strategy.depth, 2u);
  ASSERT_EQ(back->runs.size(), e.runs.size());
  // The failure text crosses as valid UTF-8 (the invalid byte becomes U+FFFD).
  EXPECT_EQ(back->runs[3].failure, "process 1 ended \"trap\",\nnot \"normal\" \xef\xbf\xbd");
  back->runs[3].failure = e.runs[3].failure;
  EXPECT_EQ(back->runs, e.runs);
}

TEST(ExploreJsonl, MergedShardsEqualTheUnshardedRun) {
  auto runs = some_runs(30, {17, 25});
  for (bool keep_going : {true, false}) {
    std::vector<Exploration> shards;
    for (uint64_t k = 3; k >= 1; --k) shards.push_back(shard_of(k, 3, keep_going, runs));
    auto merged = merge_shards(shards);
    ASSERT_TRUE(merged.ok()) << merged.message();
    Exploration whole = shard_of(1, 1, keep_going, runs);
    EXPECT_EQ(merged->runs, whole.runs) << keep_going;
    EXPECT_EQ(exploration_jsonl(*merged), exploration_jsonl(whole));
  }
}

TEST(ExploreJsonl, MergeRefusesAMissingARepeatedOrAForeignShard) {
  auto runs = some_runs(9, {});
  auto missing = merge_shards({shard_of(1, 3, true, runs), shard_of(3, 3, true, runs)});
  EXPECT_EQ(missing.message(), "shard 2/3 is missing");
  auto twice = merge_shards({shard_of(1, 2, true, runs), shard_of(1, 2, true, runs)});
  EXPECT_EQ(twice.message(), "shard 1/2 is given twice");
  Exploration foreign = shard_of(2, 2, true, runs);
  foreign.options.strategy.depth = 3;
  EXPECT_FALSE(merge_shards({shard_of(1, 2, true, runs), foreign}).ok());
}

TEST(ExploreJsonl, ABadLineIsReportedWithItsFileAndLineNumber) {
  std::string text = exploration_jsonl(shard_of(1, 1, true, some_runs(2, {})));
  auto bad = parse_exploration_jsonl(text + "{\"seed\": 3, \"status\": \"maybe\"}\n", "s.jsonl");
  EXPECT_EQ(bad.message(), "s.jsonl: line 4: $.status: expected passed, failed, invalid or fault");
  EXPECT_EQ(parse_exploration_jsonl("[]\n", "h.jsonl").message(),
            "h.jsonl: line 1: expected the header {\"exploration\": {...}}");
}

}  // namespace
}  // namespace lh::explore
