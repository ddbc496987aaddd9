// lunatic-harness: replays JSON scenarios against guest wasm in the simulated world.
// Exit codes: 0 all passed, 1 an expectation failed, 2 invalid input, 3 harness fault.
// Defaults for the guests, the outcome catalogue and the scenarios come from the data root
// (harness/cli/data_root.h); a flag always overrides them.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "harness/cli/commands.h"
#include "harness/cli/data_root.h"

#ifndef LH_VERSION
#define LH_VERSION "0.0.0"
#endif

namespace {

// Options every scenario-running subcommand takes.
void add_guests_option(CLI::App* command, std::string& guests) {
  command->add_option("--guests", guests, "Directory of guest .wasm files")->capture_default_str();
}

// A default found under the data root, or "" (reported by `missing` if it is needed).
std::string found_or_empty(const lh::Result<std::string>& found) {
  return found.ok() ? found.value() : std::string();
}

// True, after saying why and which flag to pass, when a needed default was not found.
bool missing(const std::string& value, const lh::Result<std::string>& found, const char* flag) {
  if (!value.empty()) return false;
  std::fprintf(stderr, "lunatic-harness: %s; or pass %s\n", found.message().c_str(), flag);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lh::cli;
  CLI::App app{"lunatic-harness: conformance harness for Lunatic's process host functions"};
  app.set_version_flag("--version", std::string("lunatic-harness ") + LH_VERSION);
  app.require_subcommand(1);

  const DataSearch search = this_process_data_search();
  const auto default_guests = find_data("guests", search);
  const auto default_spec = find_data("spec/host_functions.json", search);
  const auto default_fixtures = find_data("fixtures", search);
  const std::string guests = found_or_empty(default_guests);
  const std::string spec = found_or_empty(default_spec);
  std::vector<std::string> fixtures;
  if (default_fixtures.ok()) fixtures.push_back(default_fixtures.value());

  RunFlags run_flags;
  run_flags.guests = guests;
  auto* run = app.add_subcommand("run", "Run scenario files (or directories of *.json)");
  run->add_option("paths", run_flags.paths, "Scenario files or directories")->required();
  add_guests_option(run, run_flags.guests);
  run->add_option("--seed", run_flags.seed, "Override every scenario's seed");
  run->add_option("--policy", run_flags.policy, "Override the scheduling policy")
      ->check(CLI::IsMember({"fifo", "random", "pct"}));
  run->add_option("--depth", run_flags.depth, "pct: the bug depth (d-1 priority change points)")
      ->check(CLI::Range(1, 64));
  run->add_option("--pct-steps", run_flags.pct_steps,
                  "pct: the scheduling decisions the change points are spread over")
      ->check(CLI::Range(uint64_t{1}, std::numeric_limits<uint64_t>::max()));
  run->add_option("--replay", run_flags.replay,
                  "Follow a schedule explore wrote (its seed and decisions; the policy is moot)");
  run->add_option("--faults", run_flags.faults,
                  "Inject faults: KIND=RATE,... (kill, spawn_failure, fuel_exhaustion, "
                  "timer_delay; max_delay_ms=N); overrides every scenario's faults");
  run->add_flag("--check-determinism", run_flags.check_determinism,
                "Run each scenario twice and fail unless the traces are identical");
  run->add_option("--trace-out", run_flags.trace_out, "Write a Chrome/Perfetto trace (JSON)");
  run->add_option("--json-out", run_flags.json_out, "Write results as JSON");
  run->add_option("--junit-out", run_flags.junit_out, "Write results as JUnit XML");
  run->add_option("--dump", run_flags.dump_dir, "Write canonical traces to DIR/NAME.trace.jsonl");
  run->add_option("--unknown-imports", run_flags.unknown_imports,
                  "Imports the harness lacks: error (cannot load) or trap (trap when called); "
                  "overrides every scenario's unknown_imports")
      ->check(CLI::IsMember({"error", "trap"}));

  ListFlags list_flags;
  list_flags.guests = guests;
  list_flags.spec = spec;
  list_flags.paths = fixtures;
  auto* list = app.add_subcommand(
      "list", "List scenarios, the outcome ids each covers, and the uncovered ids");
  list->add_option("paths", list_flags.paths, "Scenario files or directories")
      ->capture_default_str();
  add_guests_option(list, list_flags.guests);
  list->add_option("--spec", list_flags.spec, "The outcome catalogue")->capture_default_str();
  list->add_flag("--require-full-coverage", list_flags.require_full_coverage,
                 "Exit 1 when an outcome id is covered by no scenario");

  ExploreFlags explore_flags;
  explore_flags.guests = guests;
  auto* explore = app.add_subcommand(
      "explore", "Run one scenario over many seeds of the random or PCT strategy");
  explore->add_option("file", explore_flags.path, "Scenario file")->required();
  add_guests_option(explore, explore_flags.guests);
  explore->add_option("--seeds", explore_flags.seeds, "How many seeds")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{100'000'000}));
  explore->add_option("--from", explore_flags.from, "First seed")->capture_default_str();
  explore
      ->add_option("--strategy", explore_flags.strategy, "random, or pct (priority change points)")
      ->capture_default_str()
      ->check(CLI::IsMember({"random", "pct"}));
  explore->add_option("--depth", explore_flags.depth, "pct: the bug depth aimed at")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  explore
      ->add_option("--jobs", explore_flags.jobs, "Worker processes (results do not depend on it)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  explore->add_option("--shard", explore_flags.shard,
                      "Run shard K of N (every N-th seed from the K-th); merge combines them");
  explore->add_option("--faults", explore_flags.faults,
                      "Inject faults: KIND=RATE,... (kill, spawn_failure, fuel_exhaustion, "
                      "timer_delay; max_delay_ms=N)");
  explore->add_flag("--keep-going", explore_flags.keep_going,
                    "Run every seed instead of stopping at the first failing one");
  explore->add_option("--out", explore_flags.out, "Write every seed's outcome as JSON lines");
  explore->add_flag("--no-shrink", explore_flags.no_shrink,
                    "Do not shrink the first failing seed's schedule");
  explore->add_option("--replay-out", explore_flags.replay_out,
                      "Where to write the shrunk schedule (default NAME.seed-S.replay.json)");

  MergeFlags merge_flags;
  merge_flags.guests = guests;
  auto* merge = app.add_subcommand(
      "merge", "Combine the JSON lines of a sharded exploration (explore --shard K/N --out F)");
  merge->add_option("files", merge_flags.paths, "One file per shard")->required();
  merge->add_option("--out", merge_flags.out, "Write the merged JSON lines");
  merge->add_option("--guests", merge_flags.guests, "Guest directory, for the reproducing command");

  ReportFlags report_flags;
  report_flags.guests = guests;
  report_flags.spec = spec;
  report_flags.paths = fixtures;
  report_flags.out_dir = "reports/out";
  auto* report = app.add_subcommand("report", "Run the suite and write conformance.{json,md,html}");
  report->add_option("paths", report_flags.paths, "Scenario files or directories")
      ->capture_default_str();
  add_guests_option(report, report_flags.guests);
  report->add_option("--spec", report_flags.spec, "The outcome catalogue")->capture_default_str();
  report->add_option("--out", report_flags.out_dir, "Output directory")->capture_default_str();

  TestFlags test_flags;
  auto* test = app.add_subcommand(
      "test",
      "Run a program's own tests (#lunatic_test_ exports) as cargo's wasm runner, with "
      "libtest's arguments, output and exit codes");
  test->add_option("wasm", test_flags.wasm, "The test binary (.wasm)")->required();
  test->add_option("filters", test_flags.filters, "Run the tests whose names contain a filter");
  test->add_option("--skip", test_flags.skip, "Skip the tests whose names contain this")
      ->allow_extra_args(false);
  test->add_flag("--exact", test_flags.exact, "Filters and --skip match whole names");
  test->add_flag("--ignored", test_flags.ignored, "Run only the ignored tests");
  test->add_flag("--include-ignored", test_flags.include_ignored, "Run the ignored tests too");
  test->add_flag("--list", test_flags.list, "List the tests instead of running them");
  test->add_flag("--nocapture", test_flags.nocapture, "Print each test's output as it ends");
  test->add_flag("--show-output", test_flags.show_output, "Print the passing tests' output too");
  test->add_flag("-q,--quiet", test_flags.quiet, "One character per test (--format terse)");
  test->add_option("--format", test_flags.format, "Output format")
      ->check(CLI::IsMember({"pretty", "terse", "json"}));
  test->add_option("--test-threads", test_flags.test_threads,
                   "Accepted; every test runs in its own world, so results never depend on it");
  std::string color, unstable, logfile;
  bool bench = false;
  test->add_option("--color", color, "Accepted and ignored (no colours)");
  test->add_option("-Z", unstable, "Accepted and ignored (libtest's -Z unstable-options)");
  test->add_option("--logfile", logfile, "Accepted and ignored");
  test->add_flag("--bench", bench, "Accepted and ignored (there are no benchmarks)");
  test->add_option("--seed", test_flags.seed, "The scheduling seed (and the first of --seeds)");
  test->add_option("--policy", test_flags.policy,
                   "The scheduling policy (default fifo; random under --seeds)")
      ->check(CLI::IsMember({"fifo", "random", "pct"}));
  test->add_option("--depth", test_flags.depth, "pct: the bug depth aimed at")
      ->check(CLI::Range(1, 64));
  test->add_option("--pct-steps", test_flags.pct_steps,
                   "pct: the scheduling decisions change points are spread over (default: "
                   "measured by one fifo run)")
      ->check(CLI::Range(uint64_t{1}, std::numeric_limits<uint64_t>::max()));
  test->add_option("--faults", test_flags.faults,
                   "Inject faults: KIND=RATE,... as for explore (spec/exploration.md)");
  test->add_option("--seeds", test_flags.seeds,
                   "Explore each test over N schedules (random, or --policy pct); a failure "
                   "prints its replay command")
      ->check(CLI::Range(uint64_t{1}, uint64_t{100'000'000}));
  test->add_option("--env", test_flags.env, "KEY=VALUE in every test's environment (default empty)")
      ->allow_extra_args(false);
  test->add_flag("--inherit-env", test_flags.inherit_env,
                 "Give the tests this process's environment");
  test->add_option("--dir", test_flags.dirs,
                   "Preopen DIR (copied from the host directory DIR when there is one)")
      ->allow_extra_args(false);
  test->add_option("--junit-out", test_flags.junit_out, "Write results as JUnit XML");
  test->add_option("--trace-out", test_flags.trace_out, "Write a Chrome/Perfetto trace (JSON)");
  test->add_option("--html-out", test_flags.html_out, "Write an HTML report (verdicts, timelines)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitPassed : kExitInvalid;
  }
  const char* kFixtures = "scenario paths";
  try {
    if (run->parsed()) {
      if (missing(run_flags.guests, default_guests, "--guests DIR")) return kExitInvalid;
      return run_command(run_flags);
    }
    if (list->parsed()) {
      // Every missing default is reported, not only the first (| evaluates all three).
      if (missing(list_flags.guests, default_guests, "--guests DIR") |
          missing(list_flags.spec, default_spec, "--spec FILE") |
          (list_flags.paths.empty() && missing("", default_fixtures, kFixtures)))
        return kExitInvalid;
      return list_command(list_flags);
    }
    if (explore->parsed()) {
      if (missing(explore_flags.guests, default_guests, "--guests DIR")) return kExitInvalid;
      return explore_command(explore_flags);
    }
    if (merge->parsed()) return merge_command(merge_flags);
    if (test->parsed()) return test_command(test_flags);
    if (report->parsed()) {
      if (missing(report_flags.guests, default_guests, "--guests DIR") |
          missing(report_flags.spec, default_spec, "--spec FILE") |
          (report_flags.paths.empty() && missing("", default_fixtures, kFixtures)))
        return kExitInvalid;
      return report_command(report_flags);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lunatic-harness: internal error: %s\n", e.what());
    return kExitFault;
  }
  return kExitInvalid;
}
