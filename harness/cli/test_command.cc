// `test`: a program's own test suite (Lunatic's `cargo test` mode) in the simulated world,
// with libtest's arguments, output and exit codes, so that cargo can use the harness as its
// wasm32-wasi runner. The work is harness/testrun's; this file reads the inputs and prints.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "harness/cli/commands.h"
#include "harness/cli/scenario_set.h"
#include "harness/engine/handles.h"
#include "harness/report/chrome_trace.h"
#include "harness/report/junit.h"
#include "harness/report/test_report_html.h"
#include "harness/testrun/libtest_output.h"
#include "harness/testrun/test_suite.h"

extern char** environ;

namespace lh::cli {
namespace {

namespace fs = std::filesystem;

std::optional<std::vector<uint8_t>> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The host's environment, sorted so that its order never depends on the host.
std::vector<std::string> host_environment() {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) env.emplace_back(*entry);
  std::sort(env.begin(), env.end());
  return env;
}

// `--dir PATH`: PATH (relative, in the in-memory file system) preopened, holding a copy of
// the host directory PATH when there is one, in sorted order. False after saying why not.
bool add_dir(const std::string& path, testrun::RunConfig& config) {
  fs::path relative = fs::path(path).lexically_normal();
  if (relative.is_absolute() || relative.empty() || *relative.begin() == "..") {
    std::fprintf(stderr, "lunatic-harness: --dir %s: give a path under \".\"\n", path.c_str());
    return false;
  }
  std::string guest_path = relative.generic_string();
  config.preopens.push_back(guest_path);
  config.files.push_back({guest_path, true, ""});
  std::error_code error;
  if (!fs::is_directory(relative, error)) return true;
  std::vector<fs::path> entries;
  for (auto it = fs::recursive_directory_iterator(relative, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error))
    entries.push_back(it->path());
  std::sort(entries.begin(), entries.end());
  for (const auto& entry : entries) {
    std::string item = entry.lexically_normal().generic_string();
    if (fs::is_directory(entry, error)) {
      config.files.push_back({item, true, ""});
    } else if (fs::is_regular_file(entry, error)) {
      auto bytes = read_bytes(entry.string());
      if (!bytes) {
        std::fprintf(stderr, "lunatic-harness: --dir %s: cannot read %s\n", path.c_str(),
                     item.c_str());
        return false;
      }
      config.files.push_back({item, false, std::string(bytes->begin(), bytes->end())});
    }
  }
  return true;
}

// The command that replays `result`'s failing schedule of one test.
std::string replay_command(const TestFlags& flags, const testrun::TestResult& result) {
  std::string command = fmt::format("lunatic-harness test --policy {} --seed {}",
                                    sim::policy_name(result.policy), result.seed);
  if (result.policy == sim::Policy::Pct)
    command += fmt::format(" --depth {} --pct-steps {}", result.pct.depth, result.pct.steps);
  if (!flags.faults.empty()) command += " --faults " + flags.faults;
  for (const auto& env : flags.env) command += " --env '" + env + "'";
  if (flags.inherit_env) command += " --inherit-env";
  for (const auto& dir : flags.dirs) command += " --dir '" + dir + "'";
  command += fmt::format(" '{}' --exact '{}'", flags.wasm, result.test.name);
  return command;
}

// The test results in the shape the scenario reports take.
scenario::ScenarioResult as_scenario_result(const TestFlags& flags,
                                            const testrun::TestResult& result) {
  scenario::ScenarioResult out;
  out.name = result.test.name;
  out.file = flags.wasm;
  out.status = result.passed ? scenario::ScenarioResult::Status::Passed
                             : scenario::ScenarioResult::Status::Failed;
  if (!result.passed) out.failures.push_back(result.output);
  out.policy = result.policy;
  out.seed = result.seed;
  out.verdict = result.run_verdict;
  out.trace_hash = result.trace_hash;
  out.events = result.events;
  out.end_time_ns = result.end_time_ns;
  out.steps = result.steps;
  return out;
}

}  // namespace

int test_command(const TestFlags& flags) {
  testrun::RunConfig config;
  config.seed = flags.seed.value_or(0);
  config.policy = sim::policy_from_name(flags.policy).value_or(sim::Policy::Fifo);
  config.seeds = flags.seeds;
  config.depth = flags.depth;
  config.pct_steps = flags.pct_steps;
  if (!flags.faults.empty()) {
    auto faults = sim::parse_faults(flags.faults);
    if (!faults.rates) {
      std::fprintf(stderr, "lunatic-harness: --faults %s\n", faults.error.c_str());
      return kExitInvalid;
    }
    config.faults = faults.rates;
  }
  if (flags.inherit_env) config.env = host_environment();
  for (const auto& env : flags.env) {
    if (env.find('=') == std::string::npos) {
      std::fprintf(stderr, "lunatic-harness: --env %s: write KEY=VALUE\n", env.c_str());
      return kExitInvalid;
    }
    config.env.push_back(env);
  }
  for (const auto& dir : flags.dirs)
    if (!add_dir(dir, config)) return kExitInvalid;
  config.keep_trace = !flags.trace_out.empty() || !flags.html_out.empty();

  auto bytes = read_bytes(flags.wasm);
  if (!bytes) {
    std::fprintf(stderr, "lunatic-harness: cannot read %s\n", flags.wasm.c_str());
    return kExitInvalid;
  }
  engine::EnginePtr engine(wasm_engine_new());
  auto exports = testrun::function_exports(engine.get(), *bytes);
  if (!exports.ok()) {
    std::fprintf(stderr, "lunatic-harness: %s is not a guest the harness can run: %s\n",
                 flags.wasm.c_str(), exports.message().c_str());
    return kExitInvalid;
  }
  testrun::Selection selection{.filters = flags.filters,
                               .skip = flags.skip,
                               .exact = flags.exact,
                               .ignored_only = flags.ignored,
                               .include_ignored = flags.include_ignored};
  auto selected = testrun::select_tests(testrun::discover_tests(*exports), selection);
  testrun::OutputFormat format = flags.format == "json"    ? testrun::OutputFormat::Json
                                 : flags.format == "terse" ? testrun::OutputFormat::Terse
                                 : flags.quiet             ? testrun::OutputFormat::Terse
                                                           : testrun::OutputFormat::Pretty;
  auto write = [](std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  };
  if (flags.list) {
    write(testrun::list_text(selected.tests, format));
    return kExitPassed;
  }

  const std::string module_name = fs::path(flags.wasm).filename().string();
  testrun::LibtestPrinter printer(
      {.format = format, .nocapture = flags.nocapture, .show_output = flags.show_output}, write);
  printer.start(selected.tests.size());
  std::vector<scenario::ScenarioResult> reported;
  // Tests run one after another whatever --test-threads says: each world is deterministic
  // on its own, so the results are those of any parallel run.
  for (const auto& test : selected.tests) {
    if (test.ignored) {
      printer.ignored(test);
      continue;
    }
    testrun::TestResult result = testrun::run_test(engine.get(), *bytes, module_name, test, config);
    if (!result.passed && (flags.seeds > 0 || result.policy != sim::Policy::Fifo))
      result.output += fmt::format(
          "note: fails with the {} policy and seed {} (schedule {} of {}); replay with:\n  {}\n",
          sim::policy_name(result.policy), result.seed, result.schedules,
          std::max<uint64_t>(flags.seeds, 1), replay_command(flags, result));
    printer.finished(result);
    if (!flags.trace_out.empty() || !flags.junit_out.empty() || !flags.html_out.empty())
      reported.push_back(as_scenario_result(flags, result));
  }
  printer.finish(selected.filtered_out);

  bool written = true;
  if (!flags.trace_out.empty())
    written &= write_text_file(flags.trace_out,
                               report::chrome_trace(reported).dump(
                                   -1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!flags.junit_out.empty())
    written &= write_text_file(flags.junit_out, report::junit_xml(reported));
  if (!flags.html_out.empty())
    written &= write_text_file(flags.html_out, report::test_report_html(flags.wasm, reported));
  if (!written) return kExitFault;
  return printer.all_passed() ? kExitPassed : kExitTestsFailed;
}

}  // namespace lh::cli
