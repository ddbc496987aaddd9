#include "harness/report/test_report_html.h"

#include <fmt/format.h>

#include "harness/report/html_assets.h"
#include "harness/report/results_json.h"
#include "harness/report/timeline_svg.h"
#include "harness/report/xml.h"

namespace lh::report {

std::string test_report_html(const std::string& wasm_file,
                             const std::vector<scenario::ScenarioResult>& results) {
  using Status = scenario::ScenarioResult::Status;
  size_t passed = 0;
  for (const auto& r : results) passed += r.status == Status::Passed;
  std::string out =
      "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>lunatic-harness test</title><style>";
  out += kPageCss;
  out += timeline_css();
  out += "</style></head>\n<body>";
  out += fmt::format(
      "<header><h1>lunatic-harness test <code>{}</code></h1><div class=\"totals\"><div "
      "class=\"total\" data-total=\"tests\"><b class=\"ok\">{}</b> of {} tests passed, <b "
      "class=\"bad\">{}</b> failed</div></div></header><main>",
      xml_escape(wasm_file), passed, results.size(), results.size() - passed);
  out +=
      "\n<section id=\"scenarios\"><h2>Tests</h2><div class=\"tools\"><label><input "
      "type=\"checkbox\" id=\"only-failed\"> failures only</label></div>";
  out += timeline_legend_svg();
  for (size_t i = 0; i < results.size(); ++i) {
    const auto& r = results[i];
    bool pass = r.status == Status::Passed;
    out += fmt::format(
        "\n<article class=\"scenario{}\" id=\"s{}\" data-scenario=\"{}\" data-status=\"{}\">",
        pass ? "" : " failed", i + 1, xml_escape(r.name), status_name(r.status));
    out += fmt::format("<h3>{} <span class=\"badge\">{}</span></h3>", xml_escape(r.name),
                       status_name(r.status));
    out += fmt::format(
        "<div class=\"meta\">policy {} · seed {} · {} · {} steps · {} ns virtual · trace "
        "{:016x}</div>",
        sim::policy_name(r.policy), r.seed, xml_escape(r.verdict), r.steps, r.end_time_ns,
        r.trace_hash);
    std::string reasons;
    for (const auto& f : r.failures) reasons += f;
    if (!reasons.empty()) out += "<div class=\"reasons\">" + xml_escape(reasons) + "</div>";
    if (!r.events.empty()) out += timeline_svg(r.events, r.end_time_ns);
    out += "</article>";
  }
  out += "</section></main>\n<script>";
  out += kPageJs;
  out += "</script></body></html>\n";
  return out;
}

}  // namespace lh::report
