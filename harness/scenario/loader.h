// Reads a scenario file into a validated Scenario. Strict: unknown keys, wrong types and
// out-of-range values are errors naming the file, the JSON path and what was expected;
// nothing is silently ignored.
#pragma once

#include <string>
#include <variant>

#include "harness/scenario/scenario.h"

namespace lh::scenario {

struct LoadOptions {
  std::string guest_dir;  // where bare guest names are looked up
};

struct LoadError {
  std::string message;  // "FILE: $.path: what was wrong"
};

[[nodiscard]] std::variant<Scenario, LoadError> load_scenario(const std::string& path,
                                                              const LoadOptions& options);
// Same, from text already read (`path` is used for messages and relative guest paths).
[[nodiscard]] std::variant<Scenario, LoadError> parse_scenario(const std::string& text,
                                                               const std::string& path,
                                                               const LoadOptions& options);

}  // namespace lh::scenario
