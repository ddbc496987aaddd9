#include <gtest/gtest.h>

#include "harness/explore/shrink.h"
#include "harness/sim/fault_plan.h"

namespace lh::explore {
namespace {

TEST(ReplayFile, ASchedulesTextReadsBackAsTheSameSchedule) {
  sim::Replay replay;
  replay.picks = {{3, 2}, {4, 2}, {19, 7}};
  replay.faults = {{sim::FaultKind::Kill, 4}, {sim::FaultKind::TimerDelay, 1}};
  std::string text = replay_file_text("race \"one\"", "fixtures/race.json", 55, replay);
  auto back = parse_replay_file(text, "r.json");
  ASSERT_TRUE(back.ok()) << back.message() << "\n" << text;
  EXPECT_EQ(back->scenario, "race \"one\"");
  EXPECT_EQ(back->seed, 55u);
  EXPECT_EQ(back->replay, replay);
  auto empty = parse_replay_file(replay_file_text("s", "f", 0, {}), "e.json");
  ASSERT_TRUE(empty.ok()) << empty.message();
  EXPECT_EQ(empty->replay.size(), 0u);
}

TEST(ReplayFile, ABadEntryIsNamedByItsJsonPath) {
  EXPECT_EQ(
      parse_replay_file(R"({"replay": {"scenario": "s", "seed": 1, "picks": [[1]], "faults": []}})",
                        "r.json")
          .message(),
      "r.json: $.replay.picks[0]: expected [decision, pid]");
  EXPECT_EQ(
      parse_replay_file(
          R"({"replay": {"scenario": "s", "seed": 1, "picks": [], "faults": [["flood", 2]]}})",
          "r.json")
          .message(),
      "r.json: $.replay.faults[0]: expected [kind, chance]");
  EXPECT_EQ(parse_replay_file("[]", "r.json").message(), "r.json: $: expected {\"replay\": {...}}");
}

}  // namespace
}  // namespace lh::explore
