#include "harness/testrun/test_suite.h"

#include <fmt/format.h>

#include <algorithm>

#include "harness/base/utf8.h"
#include "harness/engine/handles.h"
#include "harness/host/simulation.h"
#include "harness/sim/world.h"

namespace lh::testrun {
namespace {

constexpr std::string_view kTestPrefix = "#lunatic_test_";
constexpr std::string_view kIgnorePrefix = "#ignore_";
constexpr std::string_view kPanicPrefix = "#panic_";

// `text` with every `\#` replaced by `#` (Lunatic: `panic.replace("\\#", "#")`).
std::string unescape_hashes(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == '#') continue;
    out += text[i];
  }
  return out;
}

bool name_matches(const std::string& name, const std::string& pattern, bool exact) {
  return exact ? name == pattern : name.find(pattern) != std::string::npos;
}

bool any_matches(const std::string& name, const std::vector<std::string>& patterns, bool exact) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::string& p) { return name_matches(name, p, exact); });
}

}  // namespace

std::optional<TestCase> parse_test_export(std::string_view export_name) {
  if (!export_name.starts_with(kTestPrefix)) return std::nullopt;
  TestCase test;
  test.export_name = std::string(export_name);
  std::string_view rest = export_name.substr(kTestPrefix.size());
  if (rest.starts_with(kIgnorePrefix)) {
    test.ignored = true;
    rest.remove_prefix(kIgnorePrefix.size());
  }
  if (rest.starts_with(kPanicPrefix)) {
    rest.remove_prefix(kPanicPrefix.size());
    // MSG runs to the first `#` whose previous character is not `\`.
    size_t end = 0;
    while (end < rest.size() && !(rest[end] == '#' && (end == 0 || rest[end - 1] != '\\'))) ++end;
    // Lunatic strips "MSG#" with strip_prefix(..).unwrap(): without the closing `#` the
    // export is not a test it can run; here it is not a test at all.
    if (end == rest.size()) return std::nullopt;
    test.should_panic = unescape_hashes(rest.substr(0, end));
    rest.remove_prefix(end + 1);
  }
  test.name = std::string(rest);
  return test;
}

std::vector<TestCase> discover_tests(const std::vector<std::string>& function_exports) {
  std::vector<TestCase> tests;
  for (const auto& name : function_exports)
    if (auto test = parse_test_export(name)) tests.push_back(std::move(*test));
  std::stable_sort(tests.begin(), tests.end(),
                   [](const TestCase& a, const TestCase& b) { return a.name < b.name; });
  return tests;
}

Selected select_tests(const std::vector<TestCase>& tests, const Selection& selection) {
  Selected selected;
  for (const auto& test : tests) {
    bool chosen =
        (selection.filters.empty() || any_matches(test.name, selection.filters, selection.exact)) &&
        !any_matches(test.name, selection.skip, selection.exact) &&
        (!selection.ignored_only || test.ignored);
    if (!chosen) {
      ++selected.filtered_out;
      continue;
    }
    TestCase shown = test;
    if (selection.ignored_only || selection.include_ignored) shown.ignored = false;
    selected.tests.push_back(std::move(shown));
  }
  return selected;
}

std::optional<std::string> panic_message(std::string_view output) {
  constexpr std::string_view kThread = "thread '";
  constexpr std::string_view kPanicked = "' panicked at '";
  constexpr std::string_view kEnd = "', ";
  // The leftmost line start with "thread '" from which the rest matches; then, greedily, the
  // last "' panicked at '" still followed by "', ", and the message up to the last "', ".
  for (size_t start = 0; start < output.size();) {
    if (output.substr(start).starts_with(kThread)) {
      size_t from = start + kThread.size();
      size_t last_end = output.rfind(kEnd);
      if (last_end != std::string_view::npos && last_end >= kPanicked.size()) {
        size_t panicked = output.rfind(kPanicked, last_end - kPanicked.size());
        if (panicked != std::string_view::npos && panicked >= from) {
          size_t msg = panicked + kPanicked.size();
          return std::string(output.substr(msg, last_end - msg));
        }
      }
      return std::nullopt;  // no later start can match if this one cannot
    }
    size_t newline = output.find('\n', start);
    if (newline == std::string_view::npos) break;
    start = newline + 1;
  }
  return std::nullopt;
}

Judgement judge(const TestCase& test, const RootEnd& end) {
  if (end.kind == RootEnd::Kind::DidNotEnd)
    return {false, fmt::format("note: the test process did not end: {}\n", end.why)};
  if (!test.should_panic) {
    if (end.kind == RootEnd::Kind::Returned) return {true, ""};
    // Lunatic adds its note only when no panic line explains the failure.
    if (panic_message(end.output)) return {false, ""};
    return {false, fmt::format("note: Process trapped or received kill signal ({})\n", end.why)};
  }
  const std::string& expected = *test.should_panic;
  if (end.kind == RootEnd::Kind::Returned) return {false, "note: test did not panic as expected\n"};
  if (auto message = panic_message(end.output)) {
    if (message->find(expected) != std::string::npos) return {true, ""};
    return {false, fmt::format("note: panic did not contain expected string\n      panic message: "
                               "`\"{}\"`,\n expected substring: `\"{}\"`\n",
                               *message, expected)};
  }
  if (expected.empty()) return {true, ""};
  return {false, fmt::format("note: Process received kill signal, but expected a panic that "
                             "contains `{}`\n",
                             expected)};
}

Result<std::vector<std::string>> function_exports(wasm_engine_t* engine,
                                                  std::span<const uint8_t> bytes) {
  host::Simulation simulation(engine);
  auto module = simulation.load(bytes, "test");
  if (!module.ok()) return Status::error(module.message());
  return (*module)->function_exports;
}

namespace {

// One run of `test` in a fresh world; fills everything in `result` but `test`.
void run_once(wasm_store_t* store, std::span<const uint8_t> bytes, const std::string& module_name,
              const RunConfig& config, TestResult& result) {
  sim::WorldOptions world;
  world.environment_id = 0;  // Lunatic's test mode: LunaticEnvironment::new(0) per test
  world.policy = result.policy;
  world.seed = result.seed;
  world.pct = result.pct;
  world.faults = config.faults.value_or(sim::FaultRates{});
  world.max_steps = config.max_steps;
  world.trace.keep_events = config.keep_trace;
  world.keep_outcome = [](uint64_t pid) { return pid == 1; };
  host::Simulation simulation(store, {.world = std::move(world)});
  const TestCase& test = result.test;
  RootEnd end;
  auto module = simulation.load(bytes, module_name);
  bool started = false;
  sim::Filesystem& fs = simulation.world().wasi().fs;
  for (const SeedItem& item : config.files) {
    sim::Errno error = item.directory ? fs.seed_directory(item.path, sim::kRealtimeEpochNs)
                                      : fs.seed_file(item.path, item.data, sim::kRealtimeEpochNs);
    if (error != sim::Errno::Success && module.ok())
      module = Status::error(fmt::format("cannot create \"{}\" in the file system: {}", item.path,
                                         sim::errno_name(error)));
  }
  if (!module.ok()) {
    end = {RootEnd::Kind::Died, "", "the module cannot be loaded: " + module.message()};
  } else {
    host::RootSpec root{.module = *module, .entry = test.export_name};
    root.config.max_memory = uint64_t{4} << 30;  // Lunatic's test mode: 4 GiB, no fuel limit
    root.env = config.env;
    root.preopens.insert(root.preopens.end(), config.preopens.begin(), config.preopens.end());
    Status spawned = simulation.spawn_root(std::move(root));
    if (!spawned.ok())
      end = {RootEnd::Kind::Died, "", spawned.message()};
    else
      started = true;
  }
  if (started) {
    sim::RunVerdict verdict = simulation.run();
    result.run_verdict = sim::run_verdict_name(verdict);
    const sim::ProcessOutcome* outcome = simulation.world().outcome(1);
    if (outcome) end.output = to_valid_utf8(outcome->stdout_text + outcome->stderr_text);
    if (!simulation.faults().empty()) {
      end.kind = RootEnd::Kind::DidNotEnd;
      end.why = "harness fault: " + simulation.faults().front();
    } else if (outcome && outcome->death) {
      end.kind = *outcome->death == sim::DeathReason::Normal ? RootEnd::Kind::Returned
                                                             : RootEnd::Kind::Died;
      end.why = outcome->trap_message.empty() ? sim::death_reason_name(*outcome->death)
                                              : outcome->trap_message;
    } else {
      end.kind = RootEnd::Kind::DidNotEnd;
      end.why =
          verdict == sim::RunVerdict::Quiescent
              ? "it waits for something that never comes (a deadlock)"
              : fmt::format(
                    "the world reached its {} after {} steps, {} ms virtual",
                    verdict == sim::RunVerdict::StepLimit ? "step limit" : "virtual-time limit",
                    simulation.world().steps(), simulation.world().now_ns() / 1'000'000);
    }
    result.trace_hash = simulation.world().trace().hash();
    result.end_time_ns = simulation.world().now_ns();
    result.steps = simulation.world().steps();
    result.events = simulation.world().trace().events();
  } else {
    result.run_verdict = "not_started";
  }
  Judgement judgement = judge(test, end);
  result.passed = judgement.passed;
  result.output = end.output + to_valid_utf8(judgement.note);
}

}  // namespace

TestResult run_test(wasm_engine_t* engine, std::span<const uint8_t> bytes,
                    const std::string& module_name, const TestCase& test, const RunConfig& config) {
  TestResult result;
  result.test = test;
  // One store (a V8 isolate) for every schedule of the test, as explore keeps one per worker.
  engine::StorePtr store(wasm_store_new(engine));
  const sim::Policy policy =
      config.seeds > 0 && config.policy == sim::Policy::Fifo ? sim::Policy::Random : config.policy;
  sim::PctOptions pct{config.depth, config.pct_steps.value_or(1)};
  if (policy == sim::Policy::Pct && !config.pct_steps) {
    TestResult fifo;
    fifo.test = test;
    RunConfig plain = config;
    plain.faults.reset();
    run_once(store.get(), bytes, module_name, plain, fifo);
    pct.steps = std::max<uint64_t>(fifo.steps, 1);
  }
  if (config.seeds == 0) {
    result.policy = policy;
    result.seed = config.seed;
    result.pct = pct;
    run_once(store.get(), bytes, module_name, config, result);
    result.schedules = 1;
    return result;
  }
  for (uint64_t i = 0; i < config.seeds; ++i) {
    TestResult attempt;
    attempt.test = test;
    attempt.policy = policy;
    attempt.seed = config.seed + i;
    attempt.pct = pct;
    run_once(store.get(), bytes, module_name, config, attempt);
    attempt.schedules = i + 1;
    // The first failing schedule is the result; else the first, which all the others match.
    if (!attempt.passed || i == 0) result = std::move(attempt);
    if (!result.passed) break;
    result.schedules = i + 1;
  }
  return result;
}

}  // namespace lh::testrun
