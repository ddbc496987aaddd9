// Runs generated programs and checks what must hold for any guest: no harness fault, the
// run ends (quiescent, or a bound the program's shape allows), the same seed gives the same
// trace, every dead process has a reason that the harness's vocabulary explains, the trace
// is valid UTF-8, a lone process behaves the same under every policy, and memory stays
// bounded. A violating program is shrunk and saved as a scenario `lunatic-harness run` can
// replay. Single-threaded; deterministic except for the memory measurements.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/engine/wasm.h"
#include "harness/fuzz/generator.h"
#include "harness/fuzz/program.h"
#include "harness/sim/scheduler.h"
#include "harness/sim/trace.h"
#include "harness/sim/world.h"

namespace lh::fuzz {

// The bounds of one fuzz run. Small, so that a spinning program costs milliseconds.
struct RunBounds {
  uint64_t max_steps = 2'000;
  uint64_t max_time_ns = sim::kDefaultMaxTimeNs;
};

// Distinct kinds of violation (the shrinker keeps a program's kind).
enum class Violation {
  InvalidProgram,    // the harness rejects the generated module (or the root cannot start)
  HarnessFault,      // Simulation::faults() is not empty
  NoEnd,             // a step or time limit the program's shape does not allow
  Nondeterminism,    // two runs with one seed differ
  NoReason,          // a dead process without a reason, or a process without an outcome
  UnexplainedTrap,   // a trap message that is neither a host trap nor an engine trap
  InvalidUtf8,       // a trace line that is not valid UTF-8
  PolicyDifference,  // a lone process behaves differently under fifo and random
  MemoryPeak,        // the harness's peak resident memory jumped during one program
  RunnerVerdict,     // the scenario runner judges the run's verdict wrongly
  Planted,           // CheckOptions::planted (tests of the driver itself)
};
[[nodiscard]] const char* violation_name(Violation kind);

struct Finding {
  Violation kind;
  std::string detail;
};

// What a run of one program showed (the first run of a check).
struct RunSummary {
  sim::RunVerdict verdict = sim::RunVerdict::Quiescent;
  uint64_t trace_hash = 0;
  uint64_t events = 0;
  uint64_t steps = 0;
  uint64_t end_time_ns = 0;
  uint64_t processes = 0;
};

// A program as the scenario runner would see it: the guest, and the scenario text that
// replays it (root entry e0, the random policy with the seed, the bounds, and the verdict
// when the program's shape allows the one it reached).
struct Replay {
  binary::Bytes wasm;
  std::string scenario_json(const std::string& name, const std::string& guest_file,
                            const std::string& description) const;
  uint64_t seed = 0;
  RunBounds bounds;
  std::optional<std::string> expected_verdict;
};

struct CheckOptions {
  RunBounds bounds;
  bool differential = true;  // the fifo run of a program whose root spawns nothing
  // A program may raise the harness's peak resident size by at most this much.
  uint64_t max_peak_rss_growth = uint64_t{256} << 20;
  // Asked, for a run that ended at a bound, whether the scenario runner judges it as the
  // program's shape says: `replay` (with expected_verdict) must pass, and the same scenario
  // without an expected verdict must fail. Returns why not. Set by the driver executable,
  // which links the scenario layer; empty: not checked.
  std::function<std::optional<std::string>(const Replay& replay)> runner_check;
  // A bug planted for tests: a finding when it returns a text for an event.
  std::function<std::optional<std::string>(const sim::TraceEvent& event)> planted;
};

struct CheckResult {
  std::vector<Finding> findings;  // of the first schedule seed that showed any
  RunSummary run;                 // that seed's first run
  Replay replay;                  // that seed, and the verdict its shape allowed
  uint64_t limit_runs = 0;        // seeds whose run ended at a bound the program allows
  uint64_t differential = 0;      // 1 when the fifo/random differential compared a run
  [[nodiscard]] bool ok() const { return findings.empty(); }
  [[nodiscard]] bool has(Violation kind) const;
};

// Prepares `program` once and, for each of `seeds`, runs it with the random policy twice
// (and, for the first seed whose root spawns nothing, once with fifo), checking every
// property. Stops at the first seed with a finding.
[[nodiscard]] CheckResult check_program(wasm_engine_t* engine, const Program& program,
                                        std::span<const uint64_t> seeds,
                                        const CheckOptions& options = {});
[[nodiscard]] CheckResult check_program(wasm_engine_t* engine, const Program& program,
                                        uint64_t seed, const CheckOptions& options = {});
// The same in a store the caller keeps (and collects) across programs.
[[nodiscard]] CheckResult check_program(wasm_store_t* store, const Program& program,
                                        std::span<const uint64_t> seeds,
                                        const CheckOptions& options = {});

// A smaller program for which `still_fails` holds: fewer entries, fewer ops, smaller
// counts and constants. Never larger than `program`; at most `max_attempts` candidates.
[[nodiscard]] Program shrink(const Program& program,
                             const std::function<bool(const Program&)>& still_fails,
                             size_t max_attempts = 400);

// Writes NAME.wasm, NAME.json (the scenario) and NAME.txt (findings, the program) into
// `dir`; returns the scenario's path.
std::filesystem::path save_replay(const std::filesystem::path& dir, const std::string& name,
                                  const Replay& replay, const Program& program,
                                  const std::vector<Finding>& findings);

// The seed of program `index` of a campaign with seed `seed` (the program's generator seed
// and its schedule seed).
[[nodiscard]] uint64_t program_seed(uint64_t campaign_seed, uint64_t index);

struct CampaignOptions {
  uint64_t programs = 1000;
  // Schedule seeds per generated module: a program is a module and a seed. Preparing a
  // module (Binaryen's asyncify at -O1, then V8) costs ~40 ms, a run ~2 ms, so modules are
  // shared by consecutive programs.
  uint64_t seeds_per_module = 8;
  uint64_t seed = 1;
  std::filesystem::path out_dir = "fuzz-guests-out";
  bool shrink = true;
  size_t max_saved = 20;  // findings saved (and shrunk) at most; later ones are only counted
  GeneratorOptions generator;
  CheckOptions check;
  // Live heap after warm-up may grow by at most this much over the campaign (see
  // memory_growth in driver.cc).
  uint64_t max_heap_growth = uint64_t{256} << 20;
  uint64_t warmup_modules = 200;
  // Called every `progress_every` programs and at the end.
  uint64_t progress_every = 1000;
  std::function<void(const struct CampaignStats&)> progress;
  // When set, each module's libFuzzer input (corpus_entry) is written here, named by the
  // review shapes it shows and its generator seed (seeding harness/fuzz/corpus).
  std::filesystem::path corpus_out;
};

struct CampaignStats {
  uint64_t programs = 0;            // (module, schedule seed) pairs checked
  uint64_t modules = 0;             // distinct generated modules
  uint64_t violating_programs = 0;  // modules with a finding
  uint64_t findings_by_kind[static_cast<int>(Violation::Planted) + 1] = {};
  uint64_t limit_runs = 0;    // runs that ended at a bound the program allowed
  uint64_t differential = 0;  // programs the fifo/random differential compared
  uint64_t calls = 0;         // host calls in the generated programs
  double seconds = 0;
  uint64_t heap_baseline = 0;  // live heap bytes after warm-up (0: not measured)
  uint64_t heap_last = 0;
  bool heap_grew = false;
  // Modules showing each review shape (R1..R4, program.h), and the campaign's first program
  // of a module showing it (~0: none).
  uint64_t shape_modules[4] = {};
  uint64_t first_shape_program[4] = {~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}, ~uint64_t{0}};
  std::vector<std::filesystem::path> saved;  // scenarios written
  std::vector<std::string> reports;          // one line per saved finding
};

// Generates and checks `options.programs` programs; saves and shrinks what violates.
CampaignStats run_campaign(wasm_engine_t* engine, const CampaignOptions& options);

// The live heap of this process in bytes (the sanitizer allocator's count under ASan,
// glibc's mallinfo2 otherwise), and its peak resident size.
[[nodiscard]] uint64_t live_heap_bytes();
[[nodiscard]] uint64_t peak_rss_bytes();

}  // namespace lh::fuzz
