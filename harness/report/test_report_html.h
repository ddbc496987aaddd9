// The HTML report of a `lunatic-harness test` run: one self-contained page (the conformance
// report's style, script and timeline pictures) with the totals and, per test, its verdict,
// schedule and timeline. Deterministic text for deterministic results.
#pragma once

#include <string>
#include <vector>

#include "harness/scenario/runner.h"

namespace lh::report {

// The page for the tests of `wasm_file`, each result named by its test (results in the
// shape scenario runs take: failures hold the test's output and notes).
[[nodiscard]] std::string test_report_html(const std::string& wasm_file,
                                           const std::vector<scenario::ScenarioResult>& results);

}  // namespace lh::report
