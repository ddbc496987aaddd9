// Exploration in worker processes (POSIX fork): worker w of J runs every J-th seed of the
// list, ascending, on its own V8 engine, and streams one JSON line per seed to the parent
// over a pipe. The parent merges the lines back into seed order, so the result is the serial
// one. Without keep_going, a shared word holds the lowest failing seed found so far; workers
// skip seeds above it and the parent cuts the runs after it, as a serial run stops there.
#pragma once

#include <cstdint>
#include <vector>

#include "harness/explore/explorer.h"

namespace lh::explore {

// Fills `exploration.runs` (ascending), `pct_steps` and, when a worker fails, worker_error.
// Must run before this process starts V8: workers are forked and V8 does not survive fork.
void run_in_workers(const scenario::Scenario& scenario, const ExploreOptions& options,
                    const std::vector<uint64_t>& seeds, const SeedDone& on_seed,
                    Exploration& exploration);

}  // namespace lh::explore
