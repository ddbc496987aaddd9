#include <fmt/format.h>

#include <map>

#include "harness/report/conformance.h"
#include "harness/report/metrics_summary.h"
#include "harness/report/results_json.h"

namespace lh::report {

std::string conformance_markdown(const ConformanceInput& input) {
  using Status = scenario::ScenarioResult::Status;
  auto statuses = outcome_statuses(input.catalog, input.scenarios, input.results);
  size_t passed = 0;
  for (const auto& r : input.results) passed += r.status == Status::Passed;
  size_t covered = 0, passing = 0;
  for (const auto& s : statuses) covered += s.covered(), passing += s.passing();

  std::string md = "# Conformance report\n\n";
  md += fmt::format("- Scenarios: **{} of {} passed**\n", passed, input.results.size());
  md += fmt::format("- Outcomes: **{} of {} covered**, {} passing\n\n", covered, statuses.size(),
                    passing);
  md += "| host function | outcomes | covered | passing |\n|---|---:|---:|---:|\n";
  for (const auto& function : input.catalog.functions) {
    size_t total = 0, c = 0, p = 0;
    for (const auto& s : statuses) {
      if (s.outcome->function != function) continue;
      ++total, c += s.covered(), p += s.passing();
    }
    md += fmt::format("| `{}` | {} | {} | {}{} |\n", function, total, c, p, p == total ? "" : " ⚠");
  }
  md += "\n## Failures\n\n";
  bool any = false;
  for (const auto& r : input.results) {
    if (r.status == Status::Passed) continue;
    any = true;
    md += fmt::format("### `{}` ({})\n\n", r.name, status_name(r.status));
    md += fmt::format("File `{}`, policy {}, seed {}.\n\n```\n", r.file, sim::policy_name(r.policy),
                      r.seed);
    for (const auto& f : r.failures) md += f + "\n";
    md += "```\n\n";
  }
  if (!any) md += "None.\n\n";
  md += "## Metrics\n\n";
  bool any_metrics = false;
  for (const auto& r : input.results) {
    auto metrics = summarize_metrics(r.events);
    if (metrics.empty()) continue;
    any_metrics = true;
    md +=
        fmt::format("### `{}`\n\n| metric | type | value | calls |\n|---|---|---|---:|\n", r.name);
    for (const auto& m : metrics)
      md += fmt::format("| `{}` | {} | {} | {} |\n", m.name, metric_type_name(m.type),
                        metric_value_text(m), m.calls);
    md += "\n";
  }
  if (!any_metrics) md += "No scenario called `lunatic::metrics`.\n\n";
  std::vector<std::string> uncovered;
  for (const auto& s : statuses)
    if (!s.covered()) uncovered.push_back(s.outcome->id);
  md += "## Outcomes not covered\n\n";
  if (uncovered.empty()) md += "None.\n";
  for (const auto& id : uncovered) md += "- `" + id + "`\n";
  return md;
}

}  // namespace lh::report
