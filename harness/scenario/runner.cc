#include "harness/scenario/runner.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "harness/base/utf8.h"
#include "harness/engine/handles.h"
#include "harness/engine/wasm_ext.h"
#include "harness/host/linker.h"
#include "harness/host/module_loader.h"
#include "harness/host/spawn_params.h"
#include "harness/scenario/text_diff.h"
#include "harness/sim/world.h"

namespace lh::scenario {
namespace {

wasm_val_t to_value(const Param& param) {
  wasm_val_t value;
  if (param.type == Param::Type::I32) {
    value.kind = WASM_I32;
    value.of.i32 = static_cast<int32_t>(static_cast<uint32_t>(param.low));
  } else {
    value.kind = WASM_I64;
    value.of.i64 = static_cast<int64_t>(param.low);
  }
  return value;
}

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
  auto it = world.processes().find(id);
  if (it == world.processes().end()) {
    failures.push_back(fmt::format("process {}: never ran (no such process)", id));
    return;
  }
  const sim::Process& process = *it->second;
  EndState actual = !process.death                               ? EndState::Waiting
                    : *process.death == sim::DeathReason::Normal ? EndState::Normal
                                                                 : EndState::Failure;
  if (expected.end && *expected.end != actual) {
    std::string why = process.trap_message.empty() ? "" : " (trap: " + process.trap_message + ")";
    failures.push_back(fmt::format("process {}: expected end {}, got {}{}", id,
                                   end_state_name(*expected.end), end_state_name(actual), why));
  }
  if (expected.trap && process.trap_message.find(*expected.trap) == std::string::npos) {
    failures.push_back(fmt::format("process {}: expected a trap containing \"{}\", got \"{}\"", id,
                                   *expected.trap, process.trap_message));
  }
  // Output is compared as text: the guest's bytes made valid UTF-8 (spec/trace-events.md).
  if (expected.stdout_text) {
    std::string actual = to_valid_utf8(process.stdout_text);
    if (*expected.stdout_text != actual)
      failures.push_back(fmt::format("process {}: stdout differs (-expected +actual):\n{}", id,
                                     text_diff(*expected.stdout_text, actual)));
  }
  if (expected.stderr_text) {
    std::string actual = to_valid_utf8(process.stderr_text);
    if (*expected.stderr_text != actual)
      failures.push_back(fmt::format("process {}: stderr differs (-expected +actual):\n{}", id,
                                     text_diff(*expected.stderr_text, actual)));
  }
}

void check_trace(const sim::Trace& trace, const Expectations& expect,
                 std::vector<std::string>& failures) {
  const auto& events = trace.events();
  size_t next = 0;
  for (const auto& pattern : expect.trace_contains) {
    while (next < events.size() && !matches(events[next], pattern)) ++next;
    if (next == events.size()) {
      failures.push_back(
          fmt::format("trace: no event \"{}\" ({}) in order after the earlier matches",
                      describe(pattern), pattern.json_path));
      return;
    }
    ++next;
  }
  for (const auto& pattern : expect.trace_absent) {
    for (const auto& event : events) {
      if (matches(event, pattern)) {
        failures.push_back(fmt::format("trace: forbidden event \"{}\" ({}) occurred: {}",
                                       describe(pattern), pattern.json_path, event.canonical()));
        break;
      }
    }
  }
}

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

ScenarioResult run_and_check(wasm_engine_t* engine, const Scenario& scenario,
                             const RunOptions& options) {
  ScenarioResult result;
  result.name = scenario.name;
  result.file = scenario.file;
  result.policy = options.policy.value_or(scenario.policy);
  result.seed = options.seed.value_or(scenario.seed);

  auto bytes = read_file(scenario.guest);
  if (!bytes) {
    result.status = ScenarioResult::Status::Invalid;
    result.failures.push_back("cannot read guest " + scenario.guest);
    return result;
  }
  engine::StorePtr store(wasm_store_new(engine));
  host::ModuleLoader loader(store.get());
  auto loaded = loader.load(*bytes, std::filesystem::path(scenario.guest).filename().string());
  if (auto* error = std::get_if<std::string>(&loaded)) {
    result.status = ScenarioResult::Status::Invalid;
    result.failures.push_back(fmt::format("guest {} is invalid: {}", scenario.guest, *error));
    return result;
  }
  auto module = std::get<std::shared_ptr<const sim::Module>>(loaded);

  host::Linker linker(store.get(), loader);
  sim::WorldOptions world_options;
  world_options.environment_id = scenario.environment_id;
  world_options.max_processes = scenario.max_processes;
  world_options.policy = result.policy;
  world_options.seed = result.seed;
  world_options.max_steps = scenario.max_steps;
  world_options.max_time_ns = scenario.max_virtual_time_ms * 1'000'000;
  sim::World world(store.get(), linker, world_options);
  linker.attach(&world);

  std::vector<wasm_val_t> params;
  std::vector<host::SpawnParam> decoded;
  bool has_v128 = false;
  for (const auto& param : scenario.params) {
    host::SpawnParam p;
    p.type = param.type == Param::Type::I32 ? 0x7f : param.type == Param::Type::I64 ? 0x7e : 0x7b;
    p.value = (static_cast<unsigned __int128>(param.high) << 64) | param.low;
    decoded.push_back(p);
    if (param.type == Param::Type::V128)
      has_v128 = true;
    else
      params.push_back(to_value(param));
  }
  sim::SpawnRequest request;
  request.module = module;
  request.config = scenario.config;
  request.entry = scenario.entry;
  request.params = std::move(params);
  request.params_text = host::describe_spawn_params(decoded);
  if (has_v128)
    request.params_error =
        "v128 params cannot be passed through V8's JS API (decoded: " + request.params_text + ")";
  request.args = scenario.args;
  request.args.insert(request.args.begin(), module->name);
  for (const auto& [key, value] : scenario.env) request.env.push_back(key + "=" + value);
  // A root that fails to instantiate is an observable outcome (a spawn_failed event and no
  // process 1), not invalid input: the scenario's expectations decide.
  (void)world.spawn(std::move(request), 0);
  for (const auto& injection : scenario.inject) schedule_injection(world, injection);
  result.verdict = sim::run_verdict_name(world.run());
  result.trace = world.trace().canonical();
  result.events = world.trace().events();
  result.trace_hash = world.trace().hash();
  result.end_time_ns = world.now_ns();
  result.steps = world.steps();

  if (!linker.faults().empty()) {
    result.status = ScenarioResult::Status::Fault;
    for (const auto& fault : linker.faults()) result.failures.push_back("harness fault: " + fault);
    return result;
  }
  const Expectations& expect = scenario.expect;
  for (const auto& [id, expected] : expect.processes)
    check_process(world, id, expected, result.failures);
  if (expect.spawned && *expect.spawned != world.processes_created()) {
    result.failures.push_back(fmt::format("expected {} processes spawned, got {}", *expect.spawned,
                                          world.processes_created()));
  }
  check_trace(world.trace(), expect, result.failures);
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
