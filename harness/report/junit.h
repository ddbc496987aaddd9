// JUnit XML for CI systems: one <testcase> per scenario, failures with their reasons.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario/runner.h"

namespace lh::report {

[[nodiscard]] std::string junit_xml(const std::vector<scenario::ScenarioResult>& results);

}  // namespace lh::report
