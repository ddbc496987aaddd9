// The metrics summary of a run: lunatic::metrics calls (metric events) folded as the
// reference's `metrics` recorder folds them, and shown in conformance.md and .html.
#include <gtest/gtest.h>

#include "harness/report/conformance.h"
#include "harness/report/metrics_summary.h"
#include "harness/report/results_json.h"
#include "harness/report/tests/report_fixture.h"

namespace lh::report {
namespace {

using Status = scenario::ScenarioResult::Status;
using namespace lh::report::testing;

std::vector<sim::TraceEvent> metric_events() {
  TraceBuilder trace;
  auto metric = [&](uint64_t pid, const char* kind, const char* name, const char* value) {
    trace.add(pid, sim::EventKind::Metric, pid,
              {{"kind", std::string(kind)}, {"name", std::string(name)}, {"value", value}});
  };
  metric(1, "counter", "requests", "5");
  metric(2, "increment_counter", "requests", "1");
  metric(1, "counter", "requests", "10");
  metric(1, "gauge", "queue", "4.5");
  metric(2, "increment_gauge", "queue", "1");
  metric(1, "decrement_gauge", "queue", "0.25");
  metric(1, "histogram", "latency", "3");
  metric(2, "histogram", "latency", "0.5");
  metric(1, "histogram", "latency", "7.25");
  metric(1, "gauge", "requests", "2");  // a gauge of the same name is another metric
  trace.add(20, sim::EventKind::Death, 1, {{"reason", std::string("normal")}});
  return trace.events();
}

TEST(Metrics, CountersAddGaugesSetAndMoveHistogramsRecordAcrossProcesses) {
  auto metrics = summarize_metrics(metric_events());
  ASSERT_EQ(metrics.size(), 4u);
  EXPECT_EQ(metrics[0].name, "requests");
  EXPECT_EQ(metrics[0].type, MetricSummary::Type::Counter);
  EXPECT_EQ(metrics[0].counter, 16u);
  EXPECT_EQ(metrics[0].calls, 3u);
  EXPECT_EQ(metrics[1].name, "queue");
  EXPECT_EQ(metrics[1].type, MetricSummary::Type::Gauge);
  EXPECT_EQ(metric_value_text(metrics[1]), "5.25");
  EXPECT_EQ(metrics[2].name, "requests");
  EXPECT_EQ(metrics[2].type, MetricSummary::Type::Gauge);
  EXPECT_EQ(metric_value_text(metrics[2]), "2");
  EXPECT_EQ(metrics[3].type, MetricSummary::Type::Histogram);
  EXPECT_EQ(metric_value_text(metrics[3]), "count 3, sum 10.75, min 0.5, max 7.25");
}

TEST(Metrics, ARunWithoutMetricEventsHasNoSummary) {
  EXPECT_TRUE(summarize_metrics(two_process_events()).empty());
}

TEST(Metrics, TheReportsShowEachRunsMetrics) {
  auto catalog = small_catalog();
  std::vector<scenario::Scenario> scenarios{scenario_covering("with", {}),
                                            scenario_covering("without", {})};
  std::vector<scenario::ScenarioResult> results{result("with", Status::Passed, metric_events()),
                                                result("without", Status::Passed)};
  auto md = conformance_markdown({catalog, scenarios, results});
  EXPECT_NE(md.find("## Metrics\n\n### `with`\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `requests` | counter | 16 | 3 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| `latency` | histogram | count 3, sum 10.75, min 0.5, max 7.25 | 3 |"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("### `without`"), std::string::npos) << md;
  auto json = conformance_json(catalog, scenarios, results);
  EXPECT_EQ(
      json["scenarios"][0]["metrics"][0],
      nlohmann::json({{"name", "requests"}, {"type", "counter"}, {"value", "16"}, {"calls", 3}}));
  EXPECT_FALSE(json["scenarios"][1].contains("metrics"));
  auto html = conformance_html({catalog, scenarios, results});
  EXPECT_NE(html.find("<tr data-metric=\"queue\"><td><code>queue</code></td><td>gauge</td>"
                      "<td>5.25</td><td>3</td></tr>"),
            std::string::npos);
}

TEST(Metrics, TheMarkdownSaysSoWhenNoRunRecordedMetrics) {
  auto catalog = small_catalog();
  std::vector<scenario::Scenario> scenarios{scenario_covering("a", {})};
  std::vector<scenario::ScenarioResult> results{result("a", Status::Passed)};
  auto md = conformance_markdown({catalog, scenarios, results});
  EXPECT_NE(md.find("No scenario called `lunatic::metrics`."), std::string::npos) << md;
}

}  // namespace
}  // namespace lh::report
