// A program's own test suite, run as Lunatic's `cargo test` mode runs it (lunatic
// src/mode/cargo_test.rs), but in the simulated world: discovering the tests among a
// module's exports, choosing which to run (libtest's filters), running each in a fresh world
// and judging its verdict. Pure functions but `run_test`; results are deterministic for a
// given module, RunConfig and test (no wall clock, no host state). Single-threaded.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/result.h"
#include "harness/engine/wasm.h"
#include "harness/sim/fault_plan.h"
#include "harness/sim/scheduler.h"
#include "harness/sim/trace.h"

namespace lh::testrun {

// One test export: `#lunatic_test_[#ignore_][#panic_<MSG>#]<name>`.
struct TestCase {
  std::string export_name;                  // the wasm export, as written
  std::string name;                         // what libtest shows: the module path::name
  bool ignored = false;                     // #ignore_
  std::optional<std::string> should_panic;  // #panic_<MSG>#: MSG with `\#` unescaped
};

// The test an export name declares, or nullopt when it is not a test export. Parses as
// Lunatic does: `#ignore_` first, then `#panic_`, whose MSG ends at the first `#` not
// preceded by `\`.
[[nodiscard]] std::optional<TestCase> parse_test_export(std::string_view export_name);

// The tests among `function_exports`, sorted by name (libtest's order).
[[nodiscard]] std::vector<TestCase> discover_tests(
    const std::vector<std::string>& function_exports);

// libtest's selection arguments.
struct Selection {
  std::vector<std::string> filters;  // any matches (substring; whole name with `exact`)
  std::vector<std::string> skip;     // none matches (substring; whole name with `exact`)
  bool exact = false;
  bool ignored_only = false;     // --ignored: only #ignore_ tests, and run them
  bool include_ignored = false;  // --include-ignored: run #ignore_ tests too
};

struct Selected {
  std::vector<TestCase> tests;  // in order; `ignored` is true for those not to be run
  size_t filtered_out = 0;
};

// The tests to show, with `ignored` cleared for those the selection asks to run anyway.
[[nodiscard]] Selected select_tests(const std::vector<TestCase>& tests, const Selection& selection);

// The message of the first Rust panic line in `output` ("thread '<name>' panicked at
// '<msg>', <file>:<line>:<col>"), as Lunatic's regex `(?ms)^thread '.*' panicked at '(.*)', `
// finds it (greedy), or nullopt when there is none.
[[nodiscard]] std::optional<std::string> panic_message(std::string_view output);

// How the test process ended.
struct RootEnd {
  enum class Kind { Returned, Died, DidNotEnd } kind = Kind::Returned;
  std::string output;  // its own stdout then stderr, as text
  std::string why;     // Died: the trap or kill message; DidNotEnd: what stopped the world
};

struct Judgement {
  bool passed = false;
  std::string note;  // "note: ..." lines libtest-style, appended to the output (or "")
};

// Lunatic's verdict: a plain test passes when it returned; a should-panic test fails when
// it returned, and otherwise passes when its panic message contains MSG (with no panic
// line: when MSG is empty).
[[nodiscard]] Judgement judge(const TestCase& test, const RootEnd& end);

// A file or directory put into each test's in-memory file system before it starts.
struct SeedItem {
  std::string path;  // relative to the root, "/"-separated
  bool directory = false;
  std::string data;  // a file's bytes
};

// Inputs of every test's world.
struct RunConfig {
  sim::Policy policy = sim::Policy::Fifo;
  uint64_t seed = 0;
  // 0: one run with `policy` and `seed`. N: explore's strategy over seeds seed..seed+N-1,
  // stopping at the first that fails: `policy` (random when it is fifo) with `depth` and
  // `faults`, every schedule in one V8 store, pct's step estimate from one fifo run.
  uint64_t seeds = 0;
  uint32_t depth = 3;                     // pct: the bug depth aimed at
  std::optional<uint64_t> pct_steps;      // pct: the step estimate (else measured)
  std::optional<sim::FaultRates> faults;  // injected faults
  std::vector<std::string> env;           // "KEY=VALUE"; the default environment is empty
  std::vector<std::string> preopens;      // after ".", the in-memory file system's root
  std::vector<SeedItem> files;            // created before each test starts, in order
  bool keep_trace = false;                // keep every event in TestResult::events
  uint64_t max_steps = 10'000'000;
};

struct TestResult {
  TestCase test;
  bool passed = false;
  std::string output;  // the test process's output, then the judgement's note
  sim::Policy policy = sim::Policy::Fifo;
  uint64_t seed = 0;        // of the run reported (the failing one when exploring)
  sim::PctOptions pct;      // pct's depth and step estimate (under pct)
  uint64_t schedules = 0;   // runs made
  std::string run_verdict;  // sim::run_verdict_name of that run
  uint64_t trace_hash = 0;
  uint64_t end_time_ns = 0;  // virtual
  uint64_t steps = 0;
  std::vector<sim::TraceEvent> events;  // when RunConfig::keep_trace
};

// The guest's function exports, or why `bytes` is not a guest the harness can load.
[[nodiscard]] Result<std::vector<std::string>> function_exports(wasm_engine_t* engine,
                                                                std::span<const uint8_t> bytes);

// Runs `test` (not ignored) in a fresh world per schedule: its export is the root entry of
// process 1, with 4 GiB of memory, no fuel limit and every permission; `_start` and
// `_initialize` are never called. Never throws on guest behaviour.
[[nodiscard]] TestResult run_test(wasm_engine_t* engine, std::span<const uint8_t> bytes,
                                  const std::string& module_name, const TestCase& test,
                                  const RunConfig& config);

}  // namespace lh::testrun
