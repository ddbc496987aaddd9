// Placeholder page until the full HTML report lands: the summary in HTML.
#include "harness/report/conformance.h"
#include "harness/report/xml.h"

namespace lh::report {

std::string conformance_html(const ConformanceInput& input) {
  return "<!doctype html><meta charset=\"utf-8\"><title>lunatic-harness conformance</title><pre>" +
         xml_escape(conformance_markdown(input)) + "</pre>\n";
}

}  // namespace lh::report
