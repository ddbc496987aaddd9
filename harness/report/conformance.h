// The conformance report: conformance.json (machine-readable), conformance.md (a summary
// table per host function and the failures) and conformance.html (one self-contained page:
// the coverage matrix and a timeline picture per scenario), written into one directory.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario/catalog.h"
#include "harness/scenario/runner.h"

namespace lh::report {

struct ConformanceInput {
  const scenario::Catalog& catalog;
  const std::vector<scenario::Scenario>& scenarios;
  const std::vector<scenario::ScenarioResult>& results;  // same order as scenarios
};

[[nodiscard]] std::string conformance_markdown(const ConformanceInput& input);
[[nodiscard]] std::string conformance_html(const ConformanceInput& input);

}  // namespace lh::report
