#include "harness/explore/explorer.h"

#include <algorithm>
#include <set>

#include "harness/engine/handles.h"
#include "harness/explore/workers.h"

namespace lh::explore {

using Status = scenario::ScenarioResult::Status;

const SeedRun* Exploration::first_failure() const {
  for (const SeedRun& run : runs)
    if (run.status != Status::Passed) return &run;
  return nullptr;
}

size_t Exploration::failures() const {
  return static_cast<size_t>(std::count_if(
      runs.begin(), runs.end(), [](const SeedRun& run) { return run.status != Status::Passed; }));
}

size_t Exploration::distinct_schedules() const {
  std::set<uint64_t> hashes;
  for (const SeedRun& run : runs) hashes.insert(run.trace_hash);
  return hashes.size();
}

uint64_t pct_steps_for(wasm_store_t* store, const scenario::Scenario& scenario) {
  scenario::RunOptions options;
  options.policy = sim::Policy::Fifo;
  options.keep_trace = false;
  options.store = store;
  return std::max<uint64_t>(1, scenario::run_scenario(nullptr, scenario, options).steps);
}

scenario::RunOptions seed_options(wasm_store_t* store, const Strategy& strategy, uint64_t pct_steps,
                                  uint64_t seed) {
  scenario::RunOptions options;
  options.policy = strategy.policy;
  options.seed = seed;
  options.pct = sim::PctOptions{strategy.depth, pct_steps};
  options.faults = strategy.faults;
  options.keep_trace = false;
  options.store = store;
  return options;
}

SeedRun run_seed(wasm_store_t* store, const scenario::Scenario& scenario, const Strategy& strategy,
                 uint64_t pct_steps, uint64_t seed) {
  scenario::ScenarioResult result =
      scenario::run_scenario(nullptr, scenario, seed_options(store, strategy, pct_steps, seed));
  SeedRun run;
  run.seed = seed;
  run.status = result.status;
  run.trace_hash = result.trace_hash;
  run.steps = result.steps;
  if (!result.failures.empty()) run.failure = result.failures.front();
  return run;
}

Exploration explore(const scenario::Scenario& scenario, const ExploreOptions& options,
                    const SeedDone& on_seed) {
  Exploration exploration;
  exploration.scenario = scenario.name;
  exploration.file = scenario.file;
  exploration.options = options;
  const std::vector<uint64_t> seeds = shard_seeds(options.seeds, options.shard);
  if (options.jobs > 1 && seeds.size() > 1) {
    run_in_workers(scenario, options, seeds, on_seed, exploration);
  } else {
    engine::EnginePtr engine(wasm_engine_new());
    engine::StorePtr store(wasm_store_new(engine.get()));
    exploration.pct_steps =
        options.strategy.policy == sim::Policy::Pct ? pct_steps_for(store.get(), scenario) : 0;
    for (uint64_t seed : seeds) {
      exploration.runs.push_back(
          run_seed(store.get(), scenario, options.strategy, exploration.pct_steps, seed));
      if (on_seed) on_seed(exploration.runs.back(), exploration.runs.size(), seeds.size());
      if (!options.keep_going && exploration.runs.back().status != Status::Passed) break;
    }
  }
  return exploration;
}

}  // namespace lh::explore
