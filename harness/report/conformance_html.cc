// conformance.html: one self-contained page (inline style, script and SVG): the totals,
// the coverage matrix, the failures and a timeline picture per scenario.
#include <fmt/format.h>

#include <algorithm>

#include "harness/report/conformance.h"
#include "harness/report/html_assets.h"
#include "harness/report/metrics_summary.h"
#include "harness/report/results_json.h"
#include "harness/report/timeline_svg.h"
#include "harness/report/xml.h"

namespace lh::report {
namespace {

using Status = scenario::ScenarioResult::Status;

const char* state_of(const OutcomeStatus& s) {
  return !s.covered() ? "uncovered" : s.passing() ? "pass" : "fail";
}

// The part of an outcome id after its function's name ("process.spawn.trap.x" -> "trap.x").
std::string short_id(const std::string& id, const std::string& function) {
  std::string name =
      function.substr(function.rfind("::") == std::string::npos ? 0 : function.rfind("::") + 2);
  std::string needle = name + ".";
  for (size_t at = id.find(needle); at != std::string::npos; at = id.find(needle, at + 1))
    if (at == 0 || id[at - 1] == '.') return id.substr(at + needle.size());
  return id;
}

std::string header(const ConformanceInput& input, const std::vector<OutcomeStatus>& statuses) {
  size_t passed = 0, covered = 0, passing = 0;
  for (const auto& r : input.results) passed += r.status == Status::Passed;
  for (const auto& s : statuses) covered += s.covered(), passing += s.passing();
  size_t failed = input.results.size() - passed;
  std::string out = "<header><h1>lunatic-harness conformance report</h1><div class=\"totals\">";
  out += fmt::format(
      "<div class=\"total\" data-total=\"scenarios\"><b class=\"ok\">{}</b> of {} scenarios "
      "passed, "
      "<b class=\"{}\">{}</b> failed</div>",
      passed, input.results.size(), failed ? "bad" : "dim", failed);
  out += fmt::format(
      "<div class=\"total\" data-total=\"outcomes\"><b>{}</b> of {} outcomes covered, "
      "<b class=\"{}\">{}</b> passing</div>",
      covered, statuses.size(), passing == statuses.size() ? "ok" : "bad", passing);
  return out + "</div><p class=\"dim\" id=\"shown\"></p></header>";
}

std::string matrix(const ConformanceInput& input, const std::vector<OutcomeStatus>& statuses) {
  std::string out =
      "<section id=\"coverage\"><h2>Coverage of the outcomes</h2><div class=\"key\">"
      "<span class=\"chip pass\">passing</span><span class=\"chip fail\">failing</span>"
      "<span class=\"chip uncovered\">not covered</span></div><table class=\"matrix\">";
  // Namespaces in order of first appearance, each with its functions in catalogue order.
  std::vector<std::string> namespaces;
  auto ns_of = [](const std::string& f) {
    auto at = f.rfind("::");
    return at == std::string::npos ? std::string() : f.substr(0, at);
  };
  for (const auto& f : input.catalog.functions)
    if (std::find(namespaces.begin(), namespaces.end(), ns_of(f)) == namespaces.end())
      namespaces.push_back(ns_of(f));
  for (const auto& ns : namespaces) {
    out += fmt::format("<tr><th class=\"ns\" colspan=\"3\">{}</th></tr>",
                       xml_escape(ns.empty() ? "(global)" : ns));
    for (const auto& function : input.catalog.functions) {
      if (ns_of(function) != ns) continue;
      std::string chips;
      size_t total = 0, covered = 0, passing = 0;
      for (const auto& s : statuses) {
        if (s.outcome->function != function) continue;
        ++total, covered += s.covered(), passing += s.passing();
        std::string by;
        for (const auto* r : s.covered_by) by += (by.empty() ? "" : ", ") + r->name;
        std::string title = s.outcome->id +
                            (s.outcome->description.empty() ? "" : "\n" + s.outcome->description) +
                            "\ncovered by: " + (by.empty() ? "none" : by);
        chips += fmt::format(
            "<span class=\"chip {0}\" data-outcome=\"{1}\" data-state=\"{0}\" "
            "title=\"{2}\">{3}</span>",
            state_of(s), xml_escape(s.outcome->id), xml_escape(title),
            xml_escape(short_id(s.outcome->id, function)));
      }
      out += fmt::format(
          "<tr><td class=\"fn\"><code>{}</code></td><td>{}</td>"
          "<td class=\"sum\">{}/{} covered, {} passing</td></tr>",
          xml_escape(function.substr(ns.empty() ? 0 : ns.size() + 2)), chips, covered, total,
          passing);
    }
  }
  return out + "</table></section>";
}

std::string failures(const ConformanceInput& input) {
  std::string items;
  size_t count = 0;
  for (size_t i = 0; i < input.results.size(); ++i) {
    const auto& r = input.results[i];
    if (r.status == Status::Passed) continue;
    ++count;
    std::string reasons;
    for (const auto& f : r.failures) reasons += f + "\n";
    items += fmt::format(
        "<li><a href=\"#s{}\"><b>{}</b></a> ({}) — <code>{}</code>, policy {}, seed {}"
        "<pre>{}</pre><code class=\"dim\">lunatic-harness run {}</code></li>",
        i + 1, xml_escape(r.name), status_name(r.status), xml_escape(r.file),
        sim::policy_name(r.policy), r.seed, xml_escape(reasons), xml_escape(r.file));
  }
  std::string out = fmt::format("<section id=\"failures\"><h2>Failures ({})</h2>", count);
  if (count == 0) return out + "<p class=\"ok\">None.</p></section>";
  return out + "<ul class=\"failures\">" + items + "</ul></section>";
}

std::string scenario_card(const ConformanceInput& input, size_t i) {
  const auto& r = input.results[i];
  const scenario::Scenario* s = i < input.scenarios.size() ? &input.scenarios[i] : nullptr;
  bool pass = r.status == Status::Passed;
  std::string out = fmt::format(
      "<article class=\"scenario{}\" id=\"s{}\" data-scenario=\"{}\" data-status=\"{}\">",
      pass ? "" : " failed", i + 1, xml_escape(r.name), status_name(r.status));
  out += fmt::format("<h3>{} <span class=\"badge\">{}</span></h3>", xml_escape(r.name),
                     status_name(r.status));
  if (s && !s->description.empty()) out += "<div>" + xml_escape(s->description) + "</div>";
  out += fmt::format(
      "<div class=\"meta\"><code>{}</code> · policy {} · seed {} · {} · {} steps · {} ns virtual · "
      "trace {:016x}</div>",
      xml_escape(r.file), sim::policy_name(r.policy), r.seed, xml_escape(r.verdict), r.steps,
      r.end_time_ns, r.trace_hash);
  if (s && !s->covers.empty()) {
    out += "<div class=\"meta\">covers:";
    for (const auto& id : s->covers) out += " <code>" + xml_escape(id) + "</code>";
    out += "</div>";
  }
  if (!pass) {
    std::string reasons;
    for (const auto& f : r.failures) reasons += f + "\n";
    out += "<div class=\"reasons\">" + xml_escape(reasons) + "</div>";
  }
  if (auto metrics = summarize_metrics(r.events); !metrics.empty()) {
    out +=
        "<table class=\"metrics\"><tr><th>metric</th><th>type</th><th>value</th>"
        "<th>calls</th></tr>";
    for (const auto& m : metrics)
      out += fmt::format(
          "<tr data-metric=\"{0}\"><td><code>{0}</code></td><td>{1}</td><td>{2}</td>"
          "<td>{3}</td></tr>",
          xml_escape(m.name), metric_type_name(m.type), xml_escape(metric_value_text(m)), m.calls);
    out += "</table>";
  }
  if (!r.events.empty()) out += timeline_svg(r.events, r.end_time_ns);
  return out + "</article>";
}

}  // namespace

std::string conformance_html(const ConformanceInput& input) {
  auto statuses = outcome_statuses(input.catalog, input.scenarios, input.results);
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>lunatic-harness conformance</title><style>";
  out += kPageCss;
  out += timeline_css();
  out += "</style></head>\n<body>";
  out += header(input, statuses);
  out += "<main>";
  out += matrix(input, statuses);
  out += failures(input);
  out +=
      "\n<section id=\"scenarios\"><h2>Scenarios</h2><div class=\"tools\"><label><input "
      "type=\"checkbox\" "
      "id=\"only-failed\"> failures only</label></div>";
  out += timeline_legend_svg();
  for (size_t i = 0; i < input.results.size(); ++i) out += "\n" + scenario_card(input, i);
  out += "</section></main>\n<script>";
  out += kPageJs;
  out += "</script></body></html>\n";
  return out;
}

}  // namespace lh::report
