#include <gtest/gtest.h>

#include "harness/report/conformance.h"
#include "harness/report/tests/report_fixture.h"

namespace lh::report {
namespace {

using Status = scenario::ScenarioResult::Status;
using namespace lh::report::testing;

TEST(Markdown, TotalsCountPassedScenariosAndCoveredOutcomes) {
  auto catalog = small_catalog();
  std::vector<scenario::Scenario> scenarios{
      scenario_covering("a", {"process.spawn.ok", "process.kill.ok"}),
      scenario_covering("b", {"process.kill.ok"}), scenario_covering("c", {"message.send.ok"})};
  std::vector<scenario::ScenarioResult> results{result("a", Status::Passed),
                                                result("b", Status::Failed, {}, {"why"}),
                                                result("c", Status::Passed)};
  auto md = conformance_markdown({catalog, scenarios, results});
  EXPECT_NE(md.find("- Scenarios: **2 of 3 passed**"), std::string::npos) << md;
  // kill.ok is covered by a failing scenario: covered, not passing.
  EXPECT_NE(md.find("- Outcomes: **3 of 6 covered**, 2 passing"), std::string::npos) << md;
  EXPECT_NE(md.find("| `lunatic::process::kill` | 2 | 1 | 0 ⚠ |"), std::string::npos) << md;
  EXPECT_NE(md.find("### `b` (fail)"), std::string::npos) << md;
  EXPECT_NE(md.find("- `process.spawn.return.module_not_found`"), std::string::npos) << md;
}

}  // namespace
}  // namespace lh::report
