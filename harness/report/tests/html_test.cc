#include <gtest/gtest.h>

#include <regex>

#include "harness/report/conformance.h"
#include "harness/report/test_report_html.h"
#include "harness/report/tests/report_fixture.h"

namespace lh::report {
namespace {

using Status = scenario::ScenarioResult::Status;
using namespace lh::report::testing;

class Html : public ::testing::Test {
 protected:
  scenario::Catalog catalog = small_catalog();
  std::vector<scenario::Scenario> scenarios{scenario_covering("spawn-<ok>", {"process.spawn.ok"}),
                                            scenario_covering("kill-bad", {"process.kill.ok"}),
                                            scenario_covering("empty", {})};
  std::vector<scenario::ScenarioResult> results{
      result("spawn-<ok>", Status::Passed, two_process_events()),
      result("kill-bad", Status::Failed, two_process_events(),
             {"process 1: expected end normal, got failure"}),
      result("empty", Status::Invalid, {}, {"cannot read guest"})};
  [[nodiscard]] std::string page() const { return conformance_html({catalog, scenarios, results}); }
};

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST_F(Html, SameInputGivesTheSameBytes) {
  auto first = page();
  EXPECT_EQ(first, page());
  EXPECT_EQ(first, conformance_html({catalog, scenarios, results}));
}

TEST_F(Html, IsSelfContained) {
  auto html = page();
  for (const char* reference : {"http", "src=", "<link", "@import", "url(", "@font-face"})
    EXPECT_EQ(html.find(reference), std::string::npos) << reference;
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("<script>"), std::string::npos);
}

TEST_F(Html, MarksEveryScenarioAndOutcomeForThePageScript) {
  auto html = page();
  EXPECT_EQ(count(html, " data-scenario=\""), 3u);
  EXPECT_EQ(count(html, " data-status=\"pass\""), 1u);
  EXPECT_EQ(count(html, " data-outcome=\""), 6u);
  EXPECT_EQ(count(html, "<svg class=\"tl\""), 2u);  // the invalid scenario has no events
}

TEST_F(Html, ColoursOutcomesByPassingFailingAndUncovered) {
  auto html = page();
  EXPECT_NE(html.find("class=\"chip pass\" data-outcome=\"process.spawn.ok\""), std::string::npos);
  EXPECT_NE(html.find("class=\"chip fail\" data-outcome=\"process.kill.ok\""), std::string::npos);
  EXPECT_NE(html.find("class=\"chip uncovered\" data-outcome=\"message.send.ok\""),
            std::string::npos);
  // The title names the id, the description and the covering scenarios; the chip shows
  // the id without its function's prefix.
  EXPECT_NE(html.find("title=\"process.spawn.trap.unsupported_type_id\nbad &lt;type&gt; id "
                      "traps\ncovered by: none\">"
                      "trap.unsupported_type_id</span>"),
            std::string::npos);
  EXPECT_NE(html.find("covered by: spawn-&lt;ok&gt;"), std::string::npos);
  EXPECT_NE(html.find("<th class=\"ns\" colspan=\"3\">lunatic::process</th>"), std::string::npos);
  EXPECT_NE(html.find("<th class=\"ns\" colspan=\"3\">lunatic::message</th>"), std::string::npos);
}

TEST_F(Html, HeaderAndFailuresShowTheTotalsAndReasons) {
  auto html = page();
  EXPECT_NE(html.find("<b class=\"ok\">1</b> of 3 scenarios passed, <b class=\"bad\">2</b> failed"),
            std::string::npos);
  EXPECT_NE(html.find("<b>2</b> of 6 outcomes covered, <b class=\"bad\">1</b> passing"),
            std::string::npos);
  EXPECT_NE(html.find("<h2>Failures (2)</h2>"), std::string::npos);
  EXPECT_NE(html.find("process 1: expected end normal, got failure"), std::string::npos);
  EXPECT_EQ(html.find("spawn-<ok>"), std::string::npos);  // escaped everywhere
}

// Issue #14: the page of a `lunatic-harness test` run shows, per test, its verdict, its
// schedule, the failure's output (escaped) and its timeline.
TEST(TestReportHtml, ShowsEachTestsVerdictOutputAndTimeline) {
  auto failed =
      result("tests::fails", Status::Failed, two_process_events(), {"panicked at '<x>'\n"});
  failed.seed = 42;
  std::string page =
      test_report_html("suite.wasm", {result("tests::passes", Status::Passed), failed});
  EXPECT_NE(page.find("<b class=\"ok\">1</b> of 2 tests passed"), std::string::npos);
  EXPECT_NE(page.find("data-scenario=\"tests::passes\" data-status=\"pass\""), std::string::npos);
  EXPECT_NE(page.find("class=\"scenario failed\""), std::string::npos);
  EXPECT_NE(page.find("seed 42"), std::string::npos);
  EXPECT_NE(page.find("panicked at &#39;&lt;x&gt;&#39;"), std::string::npos);
  EXPECT_EQ(page.find("<x>"), std::string::npos);
  EXPECT_NE(page.find("<svg"), std::string::npos);
}

}  // namespace
}  // namespace lh::report
