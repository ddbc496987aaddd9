// libtest's console output (Rust's test crate: pretty, terse and json formats), so that
// cargo and the tools around it read the harness's test runs as they read a native test
// binary's. Text only: the caller writes it where it wants. Deterministic: the "finished in"
// time is the tests' summed virtual time, never the wall clock.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/testrun/test_suite.h"

namespace lh::testrun {

enum class OutputFormat { Pretty, Terse, Json };

struct OutputOptions {
  OutputFormat format = OutputFormat::Pretty;
  bool nocapture = false;    // print each test's output as it ends, not with the failures
  bool show_output = false;  // print the passing tests' output too
};

// `--list`: one "NAME: test" line per test, then (pretty only) the count line.
[[nodiscard]] std::string list_text(const std::vector<TestCase>& tests, OutputFormat format);

// Writes a run's output through `write` in the order libtest does: the start, one line (or
// character, or JSON event) per test as it ends, then the failures and the summary.
class LibtestPrinter {
 public:
  LibtestPrinter(OutputOptions options, std::function<void(std::string_view)> write)
      : options_(options), write_(std::move(write)) {}

  void start(size_t test_count);
  void ignored(const TestCase& test);
  void finished(const TestResult& result);
  // The failures, the summary line; `filtered_out` from the selection.
  void finish(size_t filtered_out);

  [[nodiscard]] bool all_passed() const { return failures_.empty(); }

 private:
  void progress(char mark);

  OutputOptions options_;
  std::function<void(std::string_view)> write_;
  size_t total_ = 0, done_ = 0, passed_ = 0, ignored_ = 0;
  uint64_t virtual_ns_ = 0;
  std::vector<std::pair<std::string, std::string>> successes_;  // name, output
  std::vector<std::pair<std::string, std::string>> failures_;
};

}  // namespace lh::testrun
