// Machine-readable results: one scenario result as JSON, and the whole conformance
// picture (scenarios, outcome coverage and status) as conformance.json.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "harness/scenario/catalog.h"
#include "harness/scenario/runner.h"

namespace lh::report {

[[nodiscard]] const char* status_name(scenario::ScenarioResult::Status status);
[[nodiscard]] nlohmann::json result_to_json(const scenario::ScenarioResult& result);

// Per outcome: the scenarios covering it and whether all of them passed.
struct OutcomeStatus {
  const scenario::Outcome* outcome = nullptr;
  std::vector<const scenario::ScenarioResult*> covered_by;
  [[nodiscard]] bool covered() const { return !covered_by.empty(); }
  [[nodiscard]] bool passing() const;
};
[[nodiscard]] std::vector<OutcomeStatus> outcome_statuses(
    const scenario::Catalog& catalog, const std::vector<scenario::Scenario>& scenarios,
    const std::vector<scenario::ScenarioResult>& results);

[[nodiscard]] nlohmann::json conformance_json(const scenario::Catalog& catalog,
                                              const std::vector<scenario::Scenario>& scenarios,
                                              const std::vector<scenario::ScenarioResult>& results);

}  // namespace lh::report
