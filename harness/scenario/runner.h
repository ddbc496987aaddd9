// Runs a loaded scenario in a fresh simulated world and checks its expectations. The
// result separates expectation failures, invalid input (the guest could not be loaded)
// and harness faults, which the CLI maps to distinct exit codes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/engine/wasm.h"
#include "harness/host/unknown_imports.h"
#include "harness/scenario/scenario.h"
#include "harness/sim/trace.h"

namespace lh::scenario {

struct RunOptions {
  std::optional<sim::Policy> policy;  // overrides the scenario's schedule
  std::optional<uint64_t> seed;
  std::optional<sim::PctOptions> pct;     // overrides the scenario's pct depth and steps
  std::optional<sim::FaultRates> faults;  // overrides the scenario's injected faults
  std::optional<sim::Replay> replay;      // follow this schedule (with `seed`, for WASI)
  // Keep every trace event in the result (for --trace-out, --dump and the reports). Without
  // it a run keeps no events and its memory does not grow with the length of its trace.
  bool keep_trace = true;
  bool cached_preparation = true;  // false: prepare the guest anew (determinism re-runs)
  // Run in this store (a V8 isolate) instead of a new one, which costs milliseconds to make
  // and dispose of: exploration runs every seed of a worker in one store. No guest can tell.
  wasm_store_t* store = nullptr;
  std::optional<host::UnknownImports> unknown_imports = std::nullopt;  // overrides the scenario's
};

struct ScenarioResult {
  enum class Status { Passed, Failed, Invalid, Fault };
  std::string name;
  std::string file;
  Status status = Status::Passed;
  std::vector<std::string> failures;  // one per unmet expectation (or the error)
  sim::Policy policy = sim::Policy::Fifo;
  uint64_t seed = 0;
  sim::PctOptions pct;      // what the pct policy used (meaningful only under it)
  sim::FaultRates faults;   // the faults injected at
  std::string verdict;      // how the run ended (sim::run_verdict_name); empty: it never ran
  uint64_t trace_hash = 0;  // XXH3-64 of the canonical trace
  std::vector<sim::TraceEvent> events;  // every event, when RunOptions::keep_trace
  uint64_t end_time_ns = 0;
  uint64_t steps = 0;
  sim::Replay schedule;  // the run's schedule as data (sim/replay.h)
};

// Runs `scenario` on `engine`; never throws, never crashes on guest behaviour.
[[nodiscard]] ScenarioResult run_scenario(wasm_engine_t* engine, const Scenario& scenario,
                                          const RunOptions& options = {});

}  // namespace lh::scenario
