#include "harness/scenario/text_diff.h"

#include <algorithm>
#include <vector>

#include <nlohmann/json.hpp>

namespace lh::scenario {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start) + "  (no newline at end)");
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::string quote_line(const std::string& line) {
  return nlohmann::json(line).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string text_diff(const std::string& expected, const std::string& actual) {
  auto a = split_lines(expected), b = split_lines(actual);
  // Longest common subsequence table; outputs are small (scenario stdout), cap the work.
  constexpr size_t kMaxLines = 2000;
  if (a.size() > kMaxLines || b.size() > kMaxLines) {
    return "    (outputs too long to diff: " + std::to_string(a.size()) + " vs " +
           std::to_string(b.size()) + " lines)\n";
  }
  std::vector<std::vector<uint32_t>> lcs(a.size() + 1, std::vector<uint32_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::string out;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      out += "     " + quote_line(a[i]) + "\n";
      ++i, ++j;
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out += "    +" + quote_line(b[j++]) + "\n";
    } else {
      out += "    -" + quote_line(a[i++]) + "\n";
    }
  }
  return out;
}

}  // namespace lh::scenario
