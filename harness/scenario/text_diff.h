// A line diff for expectation failures: "-expected" / "+actual" lines around the first
// difference, so a reader sees what changed without a separate tool.
#pragma once

#include <string>

namespace lh::scenario {

// A readable diff of `expected` against `actual` (both may lack a final newline).
[[nodiscard]] std::string text_diff(const std::string& expected, const std::string& actual);

}  // namespace lh::scenario
