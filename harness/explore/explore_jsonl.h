// Exploration results as JSON lines: a header line (the scenario, strategy, seed range and
// shard) then one line per seed. A sharded run writes one such file per shard; merging the
// files checks that they describe the same exploration and covers every seed once, and gives
// the unsharded result. Worker processes send their seeds to the parent in the same lines.
#pragma once

#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/explore/explorer.h"

namespace lh::explore {

[[nodiscard]] std::string seed_run_line(const SeedRun& run);
[[nodiscard]] Result<SeedRun> parse_seed_run_line(const std::string& line);

// The whole file: header, then the runs.
[[nodiscard]] std::string exploration_jsonl(const Exploration& exploration);
// `name` names the input in error messages (a file name).
[[nodiscard]] Result<Exploration> parse_exploration_jsonl(const std::string& text,
                                                          const std::string& name);

// Combines the shards of one exploration into the result of running it unsharded; an error
// when they disagree (scenario, strategy, seeds), repeat a shard or miss one.
[[nodiscard]] Result<Exploration> merge_shards(const std::vector<Exploration>& shards);

}  // namespace lh::explore
