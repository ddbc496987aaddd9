#include "harness/report/junit.h"

#include <fmt/format.h>

#include "harness/report/xml.h"

namespace lh::report {

std::string junit_xml(const std::vector<scenario::ScenarioResult>& results) {
  using Status = scenario::ScenarioResult::Status;
  size_t failures = 0, errors = 0;
  for (const auto& r : results) {
    failures += r.status == Status::Failed;
    errors += r.status == Status::Invalid || r.status == Status::Fault;
  }
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format(
      "<testsuites name=\"lunatic-harness\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
      results.size(), failures, errors);
  xml +=
      fmt::format("  <testsuite name=\"conformance\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                  results.size(), failures, errors);
  for (const auto& r : results) {
    // Virtual time, not wall time: reports stay deterministic.
    xml += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.6f}\">\n",
                       xml_escape(r.file), xml_escape(r.name), r.end_time_ns / 1e9);
    std::string text;
    for (const auto& f : r.failures) text += f + "\n";
    if (r.status == Status::Failed) {
      xml += fmt::format("      <failure message=\"{}\">{}</failure>\n",
                         xml_escape(r.failures.empty() ? "failed" : r.failures.front()),
                         xml_escape(text));
    } else if (r.status != Status::Passed) {
      xml += fmt::format("      <error message=\"{}\">{}</error>\n",
                         xml_escape(r.failures.empty() ? "error" : r.failures.front()),
                         xml_escape(text));
    }
    xml += fmt::format(
        "      <properties><property name=\"trace_hash\" value=\"{:016x}\"/>"
        "<property name=\"seed\" value=\"{}\"/></properties>\n",
        r.trace_hash, r.seed);
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

}  // namespace lh::report
