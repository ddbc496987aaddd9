#include "harness/scenario/runner.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "harness/base/utf8.h"
#include "harness/engine/handles.h"
#include "harness/engine/wasm_ext.h"
#include "harness/host/simulation.h"
#include "harness/scenario/text_diff.h"
#include "harness/sim/world.h"

namespace lh::scenario {
namespace {

std::string field_json(const sim::FieldValue& value) {
  return std::visit(
      [](const auto& v) {
        return nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      },
      value);
}

bool matches(const sim::TraceEvent& event, const EventPattern& pattern) {
  if (sim::event_name(event.kind) != pattern.event) return false;
  for (const auto& [name, expected] : pattern.fields) {
    if (name == "pid") {
      if (std::to_string(event.pid) != expected) return false;
      continue;
    }
    const sim::FieldValue* actual = event.field(name);
    if (!actual || field_json(*actual) != expected) return false;
  }
  return true;
}

std::string describe(const EventPattern& pattern) {
  std::string text = pattern.event;
  for (const auto& [name, value] : pattern.fields) text += fmt::format(" {}={}", name, value);
  return text;
}

void check_process(const sim::World& world, uint64_t id, const ProcessExpectation& expected,
                   std::vector<std::string>& failures) {
  const sim::ProcessOutcome* process = world.outcome(id);
  if (!process) {
    failures.push_back(fmt::format("process {}: never ran (no such process)", id));
    return;
  }
  EndState actual = !process->death                               ? EndState::Waiting
                    : *process->death == sim::DeathReason::Normal ? EndState::Normal
                                                                  : EndState::Failure;
  if (expected.end && *expected.end != actual) {
    std::string why = process->trap_message.empty() ? "" : " (trap: " + process->trap_message + ")";
    failures.push_back(fmt::format("process {}: expected end {}, got {}{}", id,
                                   end_state_name(*expected.end), end_state_name(actual), why));
  }
  if (expected.trap && process->trap_message.find(*expected.trap) == std::string::npos) {
    failures.push_back(fmt::format("process {}: expected a trap containing \"{}\", got \"{}\"", id,
                                   *expected.trap, process->trap_message));
  }
  // Output is compared as text: the guest's bytes made valid UTF-8 (spec/trace-events.md).
  if (expected.stdout_text) {
    std::string actual_text = to_valid_utf8(process->stdout_text);
    if (*expected.stdout_text != actual_text)
      failures.push_back(fmt::format("process {}: stdout differs (-expected +actual):\n{}", id,
                                     text_diff(*expected.stdout_text, actual_text)));
  }
  if (expected.stderr_text) {
    std::string actual_text = to_valid_utf8(process->stderr_text);
    if (*expected.stderr_text != actual_text)
      failures.push_back(fmt::format("process {}: stderr differs (-expected +actual):\n{}", id,
                                     text_diff(*expected.stderr_text, actual_text)));
  }
}

// Checks the trace expectations as events are recorded, so nothing needs keeping: an
// ordered subsequence of `contains` patterns, and no event matching an `absent` pattern.
class TraceExpectations final : public sim::TraceSink {
 public:
  explicit TraceExpectations(const Expectations& expect) : expect_(expect) {}

  void on_event(const sim::TraceEvent& event, std::string_view line) override {
    if (next_contains_ < expect_.trace_contains.size() &&
        matches(event, expect_.trace_contains[next_contains_]))
      ++next_contains_;
    for (size_t i = 0; i < expect_.trace_absent.size(); ++i) {
      if (absent_seen_.count(i) || !matches(event, expect_.trace_absent[i])) continue;
      absent_seen_.emplace(i, std::string(line));
    }
  }

  void report(std::vector<std::string>& failures) const {
    if (next_contains_ < expect_.trace_contains.size()) {
      const EventPattern& missing = expect_.trace_contains[next_contains_];
      failures.push_back(
          fmt::format("trace: no event \"{}\" ({}) in order after the earlier matches",
                      describe(missing), missing.json_path));
    }
    for (const auto& [i, line] : absent_seen_) {
      const EventPattern& pattern = expect_.trace_absent[i];
      failures.push_back(fmt::format("trace: forbidden event \"{}\" ({}) occurred: {}",
                                     describe(pattern), pattern.json_path, line));
    }
  }

 private:
  const Expectations& expect_;
  size_t next_contains_ = 0;
  std::map<size_t, std::string> absent_seen_;  // pattern index -> first event matching it
};

// Performs `injection` at its time, as the host functions would for a process.
void schedule_injection(sim::World& world, const Injection& injection) {
  world.at(injection.at_ms * 1'000'000, [injection](sim::World& w) {
    std::vector<sim::Field> fields{{"action", std::string(injection_name(injection.action))},
                                   {"process", injection.process}};
    if (injection.other) fields.push_back({"other", injection.other});
    if (injection.tag) fields.push_back({"tag", injection.tag});
    w.record(sim::EventKind::Inject, 0, std::move(fields));
    switch (injection.action) {
      case Injection::Action::Kill:
        w.send_signal(injection.process, sim::Signal{sim::Signal::Kind::Kill});
        break;
      case Injection::Action::Send: {
        sim::Signal s{sim::Signal::Kind::Message};
        s.message.tag = injection.tag;
        s.message.data.assign(injection.data.begin(), injection.data.end());
        w.send_signal(injection.process, std::move(s));
        break;
      }
      case Injection::Action::Link:
        w.link(injection.process, injection.other, injection.tag);
        break;
      case Injection::Action::Unlink: w.unlink(injection.process, injection.other); break;
    }
  });
}

std::optional<std::vector<uint8_t>> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

namespace {

sim::WorldOptions world_options(const Scenario& scenario, const ScenarioResult& result,
                                const RunOptions& options) {
  sim::WorldOptions world;
  world.environment_id = scenario.environment_id;
  world.max_processes = scenario.max_processes;
  world.policy = result.policy;
  world.seed = result.seed;
  world.pct = result.pct;
  world.faults = result.faults;
  world.replay = options.replay;
  world.max_steps = scenario.max_steps;
  world.max_time_ns = scenario.max_virtual_time_ms * 1'000'000;
  world.trace.keep_events = options.keep_trace;
  world.root_exit_ends_world = scenario.root_exit_ends_world;
  // Only the processes the expectations name are kept after they die.
  std::set<uint64_t> checked;
  for (const auto& [id, expectation] : scenario.expect.processes) checked.insert(id);
  world.keep_outcome = [checked = std::move(checked)](uint64_t id) {
    return checked.count(id) > 0;
  };
  return world;
}

// Whether a run that ended with `verdict` may pass: the scenario's expected verdict, or by
// default one that ended by itself (not cut short by a step or virtual-time bound).
std::optional<std::string> verdict_failure(const Scenario& scenario, sim::RunVerdict verdict,
                                           uint64_t steps, uint64_t end_ns) {
  std::string actual = sim::run_verdict_name(verdict);
  if (scenario.expect.verdict) {
    if (*scenario.expect.verdict == actual) return std::nullopt;
    return fmt::format("expected the run to end {}, it ended {} after {} steps at {} ms virtual",
                       *scenario.expect.verdict, actual, steps, end_ns / 1'000'000);
  }
  if (verdict == sim::RunVerdict::StepLimit)
    return fmt::format(
        "the run did not end: it reached its step limit ({} steps) with processes still "
        "runnable (a livelock or an endless loop; set expect.verdict to \"step_limit\" if "
        "that is the point)",
        scenario.max_steps);
  if (verdict == sim::RunVerdict::TimeLimit)
    return fmt::format(
        "the run did not end: it reached its virtual-time limit ({} ms) with timers still "
        "pending (set expect.verdict to \"time_limit\" if that is the point)",
        scenario.max_virtual_time_ms);
  return std::nullopt;
}

ScenarioResult run_and_check(wasm_engine_t* engine, const Scenario& scenario,
                             const RunOptions& options) {
  ScenarioResult result;
  result.name = scenario.name;
  result.file = scenario.file;
  result.policy = options.policy.value_or(scenario.policy);
  result.seed = options.seed.value_or(scenario.seed);
  result.pct = options.pct.value_or(scenario.pct);
  result.faults = options.faults.value_or(scenario.faults);
  auto invalid = [&](std::string why) {
    result.status = ScenarioResult::Status::Invalid;
    result.failures.push_back(std::move(why));
    return result;
  };

  auto bytes = read_file(scenario.guest);
  if (!bytes) return invalid("cannot read guest " + scenario.guest);
  host::SimulationOptions simulation_options{
      .world = world_options(scenario, result, options),
      .cached_preparation = options.cached_preparation,
      .unknown_imports = options.unknown_imports.value_or(scenario.unknown_imports)};
  auto owned =
      options.store
          ? std::make_unique<host::Simulation>(options.store, std::move(simulation_options))
          : std::make_unique<host::Simulation>(engine, std::move(simulation_options));
  host::Simulation& simulation = *owned;
  sim::World& world = simulation.world();
  TraceExpectations trace_expectations(scenario.expect);
  world.trace().add_sink(&trace_expectations);

  auto module = simulation.load(*bytes, std::filesystem::path(scenario.guest).filename().string());
  if (!module.ok())
    return invalid(fmt::format("guest {} is invalid: {}", scenario.guest, module.message()));
  host::RootSpec root{.module = *module,
                      .entry = scenario.entry,
                      .params = scenario.params,
                      .config = scenario.config,
                      .args = scenario.args,
                      .env = {},
                      .preopens = {"."},
                      .call_initialize = scenario.initialize};
  for (const auto& [key, value] : scenario.env) root.env.push_back(key + "=" + value);
  root.preopens.insert(root.preopens.end(), scenario.preopens.begin(), scenario.preopens.end());
  // The scenario's files and stdin, before the root starts.
  sim::WasiWorld& wasi = world.wasi();
  wasi.stdin_data = scenario.stdin_text;
  for (const FsItem& item : scenario.fs) {
    sim::Errno error = item.kind == FsItem::Kind::Directory
                           ? wasi.fs.seed_directory(item.path, sim::kRealtimeEpochNs)
                       : item.kind == FsItem::Kind::File
                           ? wasi.fs.seed_file(item.path, item.data, sim::kRealtimeEpochNs)
                           : wasi.fs.seed_symlink(item.path, item.data, sim::kRealtimeEpochNs);
    if (error != sim::Errno::Success)
      return invalid(fmt::format("{}: cannot create \"{}\" in the file system: {}", item.json_path,
                                 item.path, sim::errno_name(error)));
  }
  // A root that cannot run is invalid input (the guest or the scenario is wrong), never a
  // pass or an unexplained failure.
  if (Status started = simulation.spawn_root(std::move(root)); !started.ok())
    return invalid(fmt::format("guest {}: {}", scenario.guest, started.message()));
  for (const auto& injection : scenario.inject) schedule_injection(world, injection);

  sim::RunVerdict verdict = simulation.run();
  result.verdict = sim::run_verdict_name(verdict);
  result.events = world.trace().events();
  result.trace_hash = world.trace().hash();
  result.end_time_ns = world.now_ns();
  result.steps = world.steps();
  result.schedule = world.recorded();

  if (!simulation.faults().empty()) {
    result.status = ScenarioResult::Status::Fault;
    for (const auto& fault : simulation.faults())
      result.failures.push_back("harness fault: " + fault);
    return result;
  }
  if (auto failure = verdict_failure(scenario, verdict, result.steps, result.end_time_ns))
    result.failures.push_back(*failure);
  const Expectations& expect = scenario.expect;
  for (const auto& [id, expected] : expect.processes)
    check_process(world, id, expected, result.failures);
  if (expect.spawned && *expect.spawned != world.processes_created()) {
    result.failures.push_back(fmt::format("expected {} processes spawned, got {}", *expect.spawned,
                                          world.processes_created()));
  }
  trace_expectations.report(result.failures);
  uint64_t end_ms = world.now_ns() / 1'000'000;
  if (expect.min_end_time_ms && end_ms < *expect.min_end_time_ms)
    result.failures.push_back(
        fmt::format("ended at {} ms, before the minimum {} ms", end_ms, *expect.min_end_time_ms));
  if (expect.max_end_time_ms && end_ms > *expect.max_end_time_ms)
    result.failures.push_back(
        fmt::format("ended at {} ms, after the maximum {} ms", end_ms, *expect.max_end_time_ms));
  if (!result.failures.empty()) result.status = ScenarioResult::Status::Failed;
  return result;
}

}  // namespace

ScenarioResult run_scenario(wasm_engine_t* engine, const Scenario& scenario,
                            const RunOptions& options) {
  ScenarioResult result = run_and_check(engine, scenario, options);
  // Failure texts quote guest output: they leave the harness as valid UTF-8.
  for (auto& failure : result.failures) failure = to_valid_utf8(failure);
  return result;
}

}  // namespace lh::scenario
