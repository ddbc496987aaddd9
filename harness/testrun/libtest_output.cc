#include "harness/testrun/libtest_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace lh::testrun {
namespace {

// libtest's terse mode breaks its line of marks after this many tests.
constexpr size_t kTerseColumns = 88;

std::string json_string(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string plural(size_t count, const char* noun) {
  return fmt::format("{} {}{}", count, noun, count == 1 ? "" : "s");
}

// The name libtest shows on a test's line: should-panic tests say so.
std::string line_name(const TestCase& test) {
  return test.should_panic ? test.name + " - should panic" : test.name;
}

}  // namespace

std::string list_text(const std::vector<TestCase>& tests, OutputFormat format) {
  std::string text;
  if (format == OutputFormat::Json) {
    for (const auto& test : tests)
      text += fmt::format(
          "{{ \"type\": \"test\", \"event\": \"discovered\", \"name\": {}, "
          "\"ignore\": {} }}\n",
          json_string(test.name), test.ignored ? "true" : "false");
    return text;
  }
  for (const auto& test : tests) text += test.name + ": test\n";
  if (format == OutputFormat::Pretty) {
    if (!tests.empty()) text += "\n";
    text += plural(tests.size(), "test") + ", 0 benchmarks\n";
  }
  return text;
}

void LibtestPrinter::start(size_t test_count) {
  total_ = test_count;
  if (options_.format == OutputFormat::Json)
    write_(fmt::format("{{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": {} }}\n",
                       test_count));
  else
    write_(fmt::format("\nrunning {}\n", plural(test_count, "test")));
}

void LibtestPrinter::progress(char mark) {
  ++done_;
  write_(std::string(1, mark));
  if (done_ % kTerseColumns == 0) write_(fmt::format(" {}/{}\n", done_, total_));
}

void LibtestPrinter::ignored(const TestCase& test) {
  ++ignored_;
  switch (options_.format) {
    case OutputFormat::Pretty: write_(fmt::format("test {} ... ignored\n", line_name(test))); break;
    case OutputFormat::Terse: progress('i'); break;
    case OutputFormat::Json:
      write_(fmt::format("{{ \"type\": \"test\", \"event\": \"started\", \"name\": {} }}\n",
                         json_string(test.name)));
      write_(fmt::format("{{ \"type\": \"test\", \"name\": {}, \"event\": \"ignored\" }}\n",
                         json_string(test.name)));
      break;
  }
}

void LibtestPrinter::finished(const TestResult& result) {
  virtual_ns_ += result.end_time_ns;
  const std::string& name = result.test.name;
  if (result.passed) {
    ++passed_;
    successes_.emplace_back(name, result.output);
  } else {
    failures_.emplace_back(name, result.output);
  }
  if (options_.nocapture && options_.format != OutputFormat::Json) write_(result.output);
  switch (options_.format) {
    case OutputFormat::Pretty:
      write_(
          fmt::format("test {} ... {}\n", line_name(result.test), result.passed ? "ok" : "FAILED"));
      break;
    case OutputFormat::Terse: progress(result.passed ? '.' : 'F'); break;
    case OutputFormat::Json: {
      std::string stdout_field;
      if ((!result.passed || options_.show_output) && !result.output.empty())
        stdout_field = ", \"stdout\": " + json_string(result.output);
      write_(fmt::format("{{ \"type\": \"test\", \"event\": \"started\", \"name\": {} }}\n",
                         json_string(name)));
      write_(fmt::format("{{ \"type\": \"test\", \"name\": {}, \"event\": \"{}\"{} }}\n",
                         json_string(name), result.passed ? "ok" : "failed", stdout_field));
      break;
    }
  }
}

void LibtestPrinter::finish(size_t filtered_out) {
  double seconds = static_cast<double>(virtual_ns_) / 1e9;
  if (options_.format == OutputFormat::Json) {
    write_(
        fmt::format("{{ \"type\": \"suite\", \"event\": \"{}\", \"passed\": {}, \"failed\": {}, "
                    "\"ignored\": {}, \"measured\": 0, \"filtered_out\": {}, \"exec_time\": "
                    "{:.3f} }}\n",
                    failures_.empty() ? "ok" : "failed", passed_, failures_.size(), ignored_,
                    filtered_out, seconds));
    return;
  }
  if (options_.format == OutputFormat::Terse && done_ % kTerseColumns != 0) write_("\n");
  auto section = [&](const char* title,
                     const std::vector<std::pair<std::string, std::string>>& entries) {
    write_(fmt::format("\n{}:\n", title));
    std::string outputs;
    if (!options_.nocapture)
      for (const auto& [name, output] : entries) {
        if (output.empty()) continue;
        outputs += fmt::format("---- {} stdout ----\n{}\n", name, output);
      }
    if (!outputs.empty()) write_("\n" + outputs);
    write_(fmt::format("\n{}:\n", title));
    std::vector<std::string> names;
    for (const auto& entry : entries) names.push_back(entry.first);
    std::sort(names.begin(), names.end());
    for (const auto& name : names) write_("    " + name + "\n");
  };
  if (options_.show_output && !successes_.empty()) section("successes", successes_);
  if (!failures_.empty()) section("failures", failures_);
  write_(
      fmt::format("\ntest result: {}. {} passed; {} failed; {} ignored; 0 measured; {} "
                  "filtered out; finished in {:.2f}s\n\n",
                  failures_.empty() ? "ok" : "FAILED", passed_, failures_.size(), ignored_,
                  filtered_out, seconds));
}

}  // namespace lh::testrun
