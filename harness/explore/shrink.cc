#include "harness/explore/shrink.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <vector>

#include "harness/sim/fault_plan.h"

namespace lh::explore {

namespace {

using json = nlohmann::json;
using Status = scenario::ScenarioResult::Status;

// One removable part of a schedule: a pick (decision, pid) or a fault (kind, chance).
struct Part {
  bool fault = false;
  sim::FaultKind kind{};
  uint64_t first = 0, second = 0;
};

std::vector<Part> parts_of(const sim::Replay& replay) {
  std::vector<Part> parts;
  for (const auto& [decision, pid] : replay.picks) parts.push_back({false, {}, decision, pid});
  for (const auto& [kind, chance] : replay.faults) parts.push_back({true, kind, chance, 0});
  return parts;
}

sim::Replay replay_of(const std::vector<Part>& parts) {
  sim::Replay replay;
  for (const Part& p : parts) {
    if (p.fault)
      replay.faults.insert({p.kind, p.first});
    else
      replay.picks.emplace(p.first, p.second);
  }
  return replay;
}

}  // namespace

Shrunk shrink_failure(wasm_store_t* store, const scenario::Scenario& scenario,
                      const Strategy& strategy, uint64_t pct_steps, uint64_t seed,
                      size_t max_runs) {
  Shrunk shrunk;
  shrunk.seed = seed;
  auto run = [&](std::optional<sim::Replay> replay) {
    scenario::RunOptions options = seed_options(store, strategy, pct_steps, seed);
    options.replay = std::move(replay);
    return scenario::run_scenario(nullptr, scenario, options);
  };
  scenario::ScenarioResult first = run(std::nullopt);
  shrunk.original = shrunk.smallest = first.schedule;
  if (!first.failures.empty()) shrunk.failure = first.failures.front();
  if (first.status != Status::Failed) return shrunk;
  // Fails the same way: an unmet expectation (not invalid input, not a harness fault).
  auto fails = [&](const std::vector<Part>& parts) {
    ++shrunk.runs;
    scenario::ScenarioResult result = run(replay_of(parts));
    if (result.status != Status::Failed) return false;
    shrunk.failure = result.failures.front();
    return true;
  };
  std::vector<Part> parts = parts_of(first.schedule);
  // The whole recorded schedule must replay the failure; if not, shrinking cannot start.
  if (!fails(parts)) {
    shrunk.failure = "the recorded schedule did not replay the failure (a harness bug)";
    return shrunk;
  }
  if (fails({})) {
    shrunk.smallest = {};
    return shrunk;
  }
  // ddmin: try dropping each of n chunks; on success keep the rest, else split finer.
  size_t n = 2;
  while (parts.size() >= 2 && shrunk.runs < max_runs) {
    const size_t chunk = (parts.size() + n - 1) / n;
    bool reduced = false;
    for (size_t start = 0; start < parts.size() && shrunk.runs < max_runs; start += chunk) {
      std::vector<Part> rest(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(start));
      rest.insert(
          rest.end(),
          parts.begin() + static_cast<std::ptrdiff_t>(std::min(start + chunk, parts.size())),
          parts.end());
      if (fails(rest)) {
        parts = std::move(rest);
        n = std::max<size_t>(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) continue;
    if (n >= parts.size()) break;
    n = std::min(n * 2, parts.size());
  }
  shrunk.smallest = replay_of(parts);
  // The failure text is the smallest schedule's own.
  scenario::ScenarioResult last = run(shrunk.smallest);
  if (!last.failures.empty()) shrunk.failure = last.failures.front();
  return shrunk;
}

std::string replay_file_text(const std::string& scenario, const std::string& file, uint64_t seed,
                             const sim::Replay& replay) {
  // One pick or fault per line, so that a person reads the schedule top to bottom.
  auto quoted = [](const std::string& text) {
    return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
  };
  std::string out = fmt::format(
      "{{\"replay\": {{\n  \"scenario\": {},\n  \"file\": {},\n  \"seed\": {},\n"
      "  \"picks\": [",
      quoted(scenario), quoted(file), seed);
  const char* separator = "\n    ";
  for (const auto& [decision, pid] : replay.picks) {
    out += fmt::format("{}[{}, {}]", separator, decision, pid);
    separator = ",\n    ";
  }
  out += replay.picks.empty() ? "],\n  \"faults\": [" : "\n  ],\n  \"faults\": [";
  separator = "\n    ";
  for (const auto& [kind, chance] : replay.faults) {
    out += fmt::format("{}[\"{}\", {}]", separator, sim::fault_name(kind), chance);
    separator = ",\n    ";
  }
  out += replay.faults.empty() ? "]\n}}\n" : "\n  ]\n}}\n";
  return out;
}

Result<ReplayFile> parse_replay_file(const std::string& text, const std::string& name) {
  json root = json::parse(text, nullptr, false);
  if (root.is_discarded()) return lh::Status::error(name + ": invalid JSON");
  if (!root.is_object() || !root.contains("replay") || !root["replay"].is_object())
    return lh::Status::error(name + ": $: expected {\"replay\": {...}}");
  const json& r = root["replay"];
  ReplayFile file;
  try {
    file.scenario = r.at("scenario").get<std::string>();
    file.seed = r.at("seed").get<uint64_t>();
    const json& picks = r.at("picks");
    for (size_t i = 0; i < picks.size(); ++i) {
      const json& pick = picks.at(i);
      if (!pick.is_array() || pick.size() != 2)
        return lh::Status::error(
            fmt::format("{}: $.replay.picks[{}]: expected [decision, pid]", name, i));
      file.replay.picks.emplace(pick[0].get<uint64_t>(), pick[1].get<uint64_t>());
    }
    const json& faults = r.at("faults");
    for (size_t i = 0; i < faults.size(); ++i) {
      const json& fault = faults.at(i);
      auto kind = fault.is_array() && fault.size() == 2 && fault[0].is_string()
                      ? sim::fault_from_name(fault[0].get<std::string>())
                      : std::nullopt;
      if (!kind)
        return lh::Status::error(
            fmt::format("{}: $.replay.faults[{}]: expected [kind, chance]", name, i));
      file.replay.faults.insert({*kind, fault[1].get<uint64_t>()});
    }
  } catch (const json::exception& error) {
    return lh::Status::error(fmt::format("{}: $.replay: {}", name, error.what()));
  }
  return file;
}

}  // namespace lh::explore
