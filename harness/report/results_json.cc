#include "harness/report/results_json.h"

#include <fmt/format.h>

#include "harness/report/metrics_summary.h"

namespace lh::report {

const char* status_name(scenario::ScenarioResult::Status status) {
  using Status = scenario::ScenarioResult::Status;
  switch (status) {
    case Status::Passed: return "pass";
    case Status::Failed: return "fail";
    case Status::Invalid: return "error";
    case Status::Fault: return "fault";
  }
  return "unknown";
}

nlohmann::json result_to_json(const scenario::ScenarioResult& result) {
  return {
      {"name", result.name},
      {"file", result.file},
      {"result", status_name(result.status)},
      {"reasons", result.failures},
      {"policy", sim::policy_name(result.policy)},
      {"seed", result.seed},
      {"verdict", result.verdict},
      {"trace_hash", fmt::format("{:016x}", result.trace_hash)},
      {"virtual_time_ns", result.end_time_ns},
      {"steps", result.steps},
  };
}

bool OutcomeStatus::passing() const {
  if (covered_by.empty()) return false;
  for (const auto* result : covered_by)
    if (result->status != scenario::ScenarioResult::Status::Passed) return false;
  return true;
}

std::vector<OutcomeStatus> outcome_statuses(const scenario::Catalog& catalog,
                                            const std::vector<scenario::Scenario>& scenarios,
                                            const std::vector<scenario::ScenarioResult>& results) {
  std::vector<OutcomeStatus> statuses;
  for (const auto& outcome : catalog.outcomes) {
    OutcomeStatus status{&outcome, {}};
    for (size_t i = 0; i < scenarios.size() && i < results.size(); ++i)
      for (const auto& id : scenarios[i].covers)
        if (id == outcome.id) status.covered_by.push_back(&results[i]);
    statuses.push_back(std::move(status));
  }
  return statuses;
}

nlohmann::json conformance_json(const scenario::Catalog& catalog,
                                const std::vector<scenario::Scenario>& scenarios,
                                const std::vector<scenario::ScenarioResult>& results) {
  nlohmann::json scenario_list = nlohmann::json::array();
  size_t passed = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    auto entry = result_to_json(results[i]);
    entry["covers"] = i < scenarios.size() ? scenarios[i].covers : std::vector<std::string>{};
    if (auto metrics = summarize_metrics(results[i].events); !metrics.empty()) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& m : metrics)
        list.push_back({{"name", m.name},
                        {"type", metric_type_name(m.type)},
                        {"value", metric_value_text(m)},
                        {"calls", m.calls}});
      entry["metrics"] = std::move(list);
    }
    scenario_list.push_back(std::move(entry));
    if (results[i].status == scenario::ScenarioResult::Status::Passed) ++passed;
  }
  nlohmann::json outcomes = nlohmann::json::array();
  size_t covered = 0, passing = 0;
  for (const auto& status : outcome_statuses(catalog, scenarios, results)) {
    nlohmann::json names = nlohmann::json::array();
    for (const auto* result : status.covered_by) names.push_back(result->name);
    outcomes.push_back({{"id", status.outcome->id},
                        {"function", status.outcome->function},
                        {"kind", status.outcome->kind},
                        {"covered_by", names},
                        {"passing", status.passing()}});
    covered += status.covered();
    passing += status.passing();
  }
  return {{"summary",
           {{"scenarios", results.size()},
            {"passed", passed},
            {"failed", results.size() - passed},
            {"outcomes", catalog.outcomes.size()},
            {"outcomes_covered", covered},
            {"outcomes_passing", passing}}},
          {"scenarios", scenario_list},
          {"outcomes", outcomes}};
}

}  // namespace lh::report
