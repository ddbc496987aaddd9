// Exploration: one scenario over many seeds of a scheduling strategy (random, or PCT aimed
// at a bug depth), serially or in worker processes, optionally one shard of the seed space.
// Every seed's outcome is kept (status, trace hash, steps, first failure), in seed order, so
// a parallel or sharded run gives exactly what a serial run gives; the distinct trace
// hashes measure how many different schedules were seen.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harness/engine/wasm.h"
#include "harness/explore/seed_space.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/scenario.h"

namespace lh::explore {

struct Strategy {
  sim::Policy policy = sim::Policy::Random;  // random or pct
  uint32_t depth = 3;                        // pct: the bug depth aimed at
  std::optional<sim::FaultRates> faults;     // injected faults (else the scenario's own)
};

struct ExploreOptions {
  Strategy strategy;
  SeedRange seeds;
  Shard shard;
  unsigned jobs = 1;        // worker processes (1: this process)
  bool keep_going = false;  // false: stop at the first failing seed (in seed order)
};

struct SeedRun {
  uint64_t seed = 0;
  scenario::ScenarioResult::Status status = scenario::ScenarioResult::Status::Passed;
  uint64_t trace_hash = 0;
  uint64_t steps = 0;
  std::string failure;  // the first failure's text ("" when passed)
  bool operator==(const SeedRun&) const = default;
};

struct Exploration {
  std::string scenario;  // its name
  std::string file;      // its file
  ExploreOptions options;
  uint64_t pct_steps = 0;     // pct: the step estimate change points are spread over
  std::vector<SeedRun> runs;  // ascending seeds; ends at the first failure unless keep_going
  // Set when a worker process could not run (a harness fault, not a guest's doing).
  std::optional<std::string> worker_error;

  [[nodiscard]] const SeedRun* first_failure() const;
  [[nodiscard]] size_t failures() const;
  [[nodiscard]] size_t distinct_schedules() const;  // distinct trace hashes
};

// Told after every seed (in completion order, which under --jobs is not seed order).
using SeedDone = std::function<void(const SeedRun& run, size_t done, size_t total)>;

// The step estimate PCT spreads its change points over: the scheduling decisions of one
// fifo run of `scenario` (at least 1).
[[nodiscard]] uint64_t pct_steps_for(wasm_store_t* store, const scenario::Scenario& scenario);

// The options of one run of `seed` under `strategy` in `store` (reused across seeds), no
// trace kept.
[[nodiscard]] scenario::RunOptions seed_options(wasm_store_t* store, const Strategy& strategy,
                                                uint64_t pct_steps, uint64_t seed);

// Runs `seed` of `strategy` (with `pct_steps` for pct) in `store`, reused across seeds.
[[nodiscard]] SeedRun run_seed(wasm_store_t* store, const scenario::Scenario& scenario,
                               const Strategy& strategy, uint64_t pct_steps, uint64_t seed);

// Explores `scenario`. With jobs > 1 the seeds run in forked worker processes, which must
// happen before this process has started V8 (call it before any other engine use).
[[nodiscard]] Exploration explore(const scenario::Scenario& scenario, const ExploreOptions& options,
                                  const SeedDone& on_seed = {});

}  // namespace lh::explore
