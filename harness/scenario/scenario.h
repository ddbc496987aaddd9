// A scenario: which guest to run, how, and what must be observed. Plain data produced by
// the loader (every field validated, defaults applied) and consumed by the runner.
// The format is documented in spec/scenario-format.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/engine/wasm.h"
#include "harness/host/simulation.h"
#include "harness/sim/process.h"
#include "harness/sim/world.h"

namespace lh::scenario {

enum class EndState { Normal, Failure, Waiting };
[[nodiscard]] const char* end_state_name(EndState state);

struct ProcessExpectation {
  std::optional<EndState> end;
  std::optional<std::string> trap;  // substring of the trap message
  std::optional<std::string> stdout_text;
  std::optional<std::string> stderr_text;
};

// A trace event pattern: matches an event with that name whose fields include these.
struct EventPattern {
  std::string event;
  std::map<std::string, std::string> fields;  // values compared in canonical JSON form
  std::string json_path;                      // for messages
};

struct Expectations {
  std::map<uint64_t, ProcessExpectation> processes;  // by process id
  std::optional<uint64_t> spawned;                   // processes created, root included
  std::vector<EventPattern> trace_contains;          // an ordered subsequence
  std::vector<EventPattern> trace_absent;
  std::optional<uint64_t> min_end_time_ms;
  std::optional<uint64_t> max_end_time_ms;
  // How the run must end (sim::run_verdict_name). Unset: it must end by itself; a run cut
  // short by max_steps or max_virtual_time_ms fails.
  std::optional<std::string> verdict;
};

// An action the scenario performs at a virtual time, as if from outside the guests.
struct Injection {
  enum class Action { Kill, Send, Link, Unlink } action = Action::Kill;
  uint64_t at_ms = 0;
  uint64_t process = 0;  // the target (kill, send) or the linking side (link, unlink)
  uint64_t other = 0;    // link / unlink: the other process
  int64_t tag = 0;       // send / link (0 = none)
  std::string data;      // send: the message bytes
  std::string json_path;
};
[[nodiscard]] const char* injection_name(Injection::Action action);

// One item of the world's file system the scenario seeds before the root starts (paths
// relative to the file system's root, `/`-separated).
struct FsItem {
  enum class Kind { Directory, File, Symlink } kind = Kind::File;
  std::string path;
  std::string data;       // File: its contents; Symlink: its target
  std::string json_path;  // where the scenario declares it, for errors
};

struct Scenario {
  std::string file;  // path it was loaded from
  std::string name;
  std::string description;
  std::vector<std::string> covers;  // outcome ids
  std::string guest;                // resolved .wasm path
  std::string entry = "_start";
  bool initialize = false;              // call the root's `_initialize` first (lunatic never does)
  bool root_exit_ends_world = true;     // the root's end ends the run, as under `lunatic run`
  std::vector<sim::EntryParam> params;  // i64 and v128 values given as strings in JSON
  std::vector<std::string> args;
  std::map<std::string, std::string> env;
  std::string stdin_text;  // the root's standard input (children read the same stream)
  std::vector<FsItem> fs;  // in seeding order: parents before their entries
  // Directories preopened for the root after "." (fd 3), from fd 4, as `lunatic run --dir`.
  std::vector<std::string> preopens;
  uint64_t environment_id = 1;
  std::optional<uint64_t> max_processes;
  sim::ProcessConfig config = host::RootSpec::lunatic_run_config();
  // Function imports the harness lacks: a load error, or functions that trap when called.
  host::UnknownImports unknown_imports = host::UnknownImports::Error;
  sim::Policy policy = sim::Policy::Fifo;
  sim::PctOptions pct;     // schedule.depth and schedule.steps, for the pct policy
  sim::FaultRates faults;  // injected faults (sim/fault_plan.h); none by default
  uint64_t seed = 0;
  uint64_t max_steps = sim::kDefaultMaxSteps;
  uint64_t max_virtual_time_ms = sim::kDefaultMaxTimeNs / 1'000'000;
  std::vector<Injection> inject;
  std::vector<std::string> labels;  // extra ctest labels, e.g. "order-dependent"
  Expectations expect;
};

}  // namespace lh::scenario
