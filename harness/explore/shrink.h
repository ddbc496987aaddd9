// Shrinking a failing seed to the smallest schedule that still fails. The seed's run is
// recorded as a sim::Replay (the decisions that did not take the front of the run queue,
// and the injected faults); delta debugging (Zeller and Hildebrandt's ddmin) then removes
// decisions and faults while a replay of what is left still fails the same way. What is
// left is what a user reads: the few context switches and faults the failure needs.
#pragma once

#include <cstdint>
#include <string>

#include "harness/base/result.h"
#include "harness/explore/explorer.h"
#include "harness/sim/replay.h"

namespace lh::explore {

struct Shrunk {
  uint64_t seed = 0;
  sim::Replay original;  // the seed's whole schedule
  sim::Replay smallest;  // a subset that still fails
  std::string failure;   // the smallest schedule's first failure
  size_t runs = 0;       // replays tried
};

// Shrinks the failure of `seed` (which must fail); at most `max_runs` replays.
[[nodiscard]] Shrunk shrink_failure(wasm_store_t* store, const scenario::Scenario& scenario,
                                    const Strategy& strategy, uint64_t pct_steps, uint64_t seed,
                                    size_t max_runs = 3000);

// A replay file: {"replay": {"scenario", "file", "seed", "picks": [[decision, pid]...],
// "faults": [[kind, chance]...]}} (spec/exploration.md).
[[nodiscard]] std::string replay_file_text(const std::string& scenario, const std::string& file,
                                           uint64_t seed, const sim::Replay& replay);
struct ReplayFile {
  std::string scenario;
  uint64_t seed = 0;
  sim::Replay replay;
};
// `name` names the file in error messages (with the JSON path of what is wrong).
[[nodiscard]] Result<ReplayFile> parse_replay_file(const std::string& text,
                                                   const std::string& name);

}  // namespace lh::explore
