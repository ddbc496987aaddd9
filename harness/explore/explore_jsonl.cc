#include "harness/explore/explore_jsonl.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lh::explore {

namespace {

using json = nlohmann::json;
using ResultStatus = scenario::ScenarioResult::Status;

const char* status_name(ResultStatus status) {
  switch (status) {
    case ResultStatus::Passed: return "passed";
    case ResultStatus::Failed: return "failed";
    case ResultStatus::Invalid: return "invalid";
    case ResultStatus::Fault: return "fault";
  }
  return "?";
}

std::optional<ResultStatus> status_from_name(const std::string& name) {
  for (ResultStatus status :
       {ResultStatus::Passed, ResultStatus::Failed, ResultStatus::Invalid, ResultStatus::Fault})
    if (name == status_name(status)) return status;
  return std::nullopt;
}

json header_json(const Exploration& e) {
  const ExploreOptions& o = e.options;
  json header = {{"scenario", e.scenario},
                 {"file", e.file},
                 {"strategy", sim::policy_name(o.strategy.policy)},
                 {"from", o.seeds.from},
                 {"seeds", o.seeds.count},
                 {"shard", shard_text(o.shard)},
                 {"keep_going", o.keep_going}};
  if (o.strategy.policy == sim::Policy::Pct) {
    header["depth"] = o.strategy.depth;
    header["pct_steps"] = e.pct_steps;
  }
  if (o.strategy.faults) header["faults"] = sim::faults_text(*o.strategy.faults);
  return json{{"exploration", header}};
}

// The header's fields, with the JSON path of the first that is wrong.
Result<Exploration> parse_header(const json& line, const std::string& name) {
  auto fail = [&](const std::string& what) {
    return Status::error(fmt::format("{}: line 1: {}", name, what));
  };
  if (!line.is_object() || !line.contains("exploration") || !line["exploration"].is_object())
    return fail("expected the header {\"exploration\": {...}}");
  const json& h = line["exploration"];
  Exploration e;
  try {
    e.scenario = h.at("scenario").get<std::string>();
    e.file = h.at("file").get<std::string>();
    auto policy = sim::policy_from_name(h.at("strategy").get<std::string>());
    if (!policy) return fail("$.exploration.strategy: expected random or pct");
    e.options.strategy.policy = *policy;
    e.options.seeds.from = h.at("from").get<uint64_t>();
    e.options.seeds.count = h.at("seeds").get<uint64_t>();
    auto shard = parse_shard(h.at("shard").get<std::string>());
    if (!shard) return fail("$.exploration.shard: expected K/N");
    e.options.shard = *shard;
    e.options.keep_going = h.at("keep_going").get<bool>();
    if (*policy == sim::Policy::Pct) {
      e.options.strategy.depth = h.at("depth").get<uint32_t>();
      e.pct_steps = h.at("pct_steps").get<uint64_t>();
    }
    if (h.contains("faults")) {
      auto faults = sim::parse_faults(h["faults"].get<std::string>());
      if (!faults.rates) return fail("$.exploration.faults: " + faults.error);
      e.options.strategy.faults = faults.rates;
    }
  } catch (const json::exception& error) {
    return fail(fmt::format("$.exploration: {}", error.what()));
  }
  return e;
}

}  // namespace

std::string seed_run_line(const SeedRun& run) {
  json line = {{"seed", run.seed},
               {"status", status_name(run.status)},
               {"trace", fmt::format("{:016x}", run.trace_hash)},
               {"steps", run.steps}};
  if (!run.failure.empty()) line["failure"] = run.failure;
  return line.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<SeedRun> parse_seed_run_line(const std::string& text) {
  json line = json::parse(text, nullptr, false);
  if (line.is_discarded() || !line.is_object()) return Status::error("not a JSON object");
  SeedRun run;
  try {
    run.seed = line.at("seed").get<uint64_t>();
    auto status = status_from_name(line.at("status").get<std::string>());
    if (!status) return Status::error("$.status: expected passed, failed, invalid or fault");
    run.status = *status;
    const std::string trace = line.at("trace").get<std::string>();
    size_t used = 0;
    run.trace_hash = std::stoull(trace, &used, 16);
    if (used != trace.size() || trace.size() != 16)
      return Status::error("$.trace: expected 16 hex digits");
    run.steps = line.at("steps").get<uint64_t>();
    if (line.contains("failure")) run.failure = line["failure"].get<std::string>();
  } catch (const std::exception& error) {
    return Status::error(error.what());
  }
  return run;
}

std::string exploration_jsonl(const Exploration& exploration) {
  std::string text = header_json(exploration).dump() + "\n";
  for (const SeedRun& run : exploration.runs) text += seed_run_line(run) + "\n";
  return text;
}

Result<Exploration> parse_exploration_jsonl(const std::string& text, const std::string& name) {
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line)) return Status::error(name + ": empty (expected a header line)");
  json header = json::parse(line, nullptr, false);
  auto exploration = parse_header(header, name);
  if (!exploration.ok()) return exploration;
  for (size_t number = 2; std::getline(lines, line); ++number) {
    if (line.empty()) continue;
    auto run = parse_seed_run_line(line);
    if (!run.ok())
      return Status::error(fmt::format("{}: line {}: {}", name, number, run.message()));
    exploration->runs.push_back(std::move(*run));
  }
  return exploration;
}

Result<Exploration> merge_shards(const std::vector<Exploration>& shards) {
  if (shards.empty()) return Status::error("no shards to merge");
  const Exploration& first = shards.front();
  Exploration merged = first;
  merged.options.shard = Shard{};
  merged.runs.clear();
  std::map<uint64_t, const Exploration*> seen;  // shard index -> its file
  std::map<uint64_t, SeedRun> runs;
  for (const Exploration& shard : shards) {
    const ExploreOptions& o = shard.options;
    if (shard.scenario != first.scenario || o.strategy.policy != first.options.strategy.policy ||
        o.strategy.depth != first.options.strategy.depth || shard.pct_steps != first.pct_steps ||
        o.strategy.faults != first.options.strategy.faults ||
        o.seeds.from != first.options.seeds.from || o.seeds.count != first.options.seeds.count ||
        o.shard.count != first.options.shard.count || o.keep_going != first.options.keep_going)
      return Status::error(fmt::format(
          "shard {} is of another exploration (scenario, strategy, faults, seeds or shard count "
          "differ)",
          shard_text(o.shard)));
    if (!seen.emplace(o.shard.index, &shard).second)
      return Status::error(fmt::format("shard {} is given twice", shard_text(o.shard)));
    for (const SeedRun& run : shard.runs) runs.emplace(run.seed, run);
  }
  for (uint64_t index = 1; index <= first.options.shard.count; ++index)
    if (!seen.count(index))
      return Status::error(
          fmt::format("shard {} is missing", shard_text({index, first.options.shard.count})));
  for (auto& [seed, run] : runs) {
    merged.runs.push_back(std::move(run));
    if (!merged.options.keep_going && merged.runs.back().status != ResultStatus::Passed) break;
  }
  return merged;
}

}  // namespace lh::explore
