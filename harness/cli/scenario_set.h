// Finding, loading and running sets of scenario files for the subcommands: files as
// given, directories searched recursively for *.json in sorted order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "harness/scenario/catalog.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/runner.h"

namespace lh::cli {

struct ScenarioSet {
  std::vector<scenario::Scenario> scenarios;
  std::vector<std::string> errors;  // one line per unreadable or invalid file
};

// Loads the scenarios under `paths`, printing an "ERROR ..." line for each bad file.
[[nodiscard]] ScenarioSet load_scenarios(const std::vector<std::string>& paths,
                                         const std::string& guest_dir);

// The outcome catalogue at `path`, or nullopt after printing why it cannot be read.
[[nodiscard]] std::optional<scenario::Catalog> load_catalog_or_report(const std::string& path);

// Runs every scenario, printing one line per scenario (passes only when `print_passes`)
// and a progress line on a terminal. Returns the results in the same order.
[[nodiscard]] std::vector<scenario::ScenarioResult> run_scenarios(
    const std::vector<scenario::Scenario>& scenarios, const scenario::RunOptions& options,
    bool check_determinism, bool print_passes = true);

// The exit code for one result's status.
[[nodiscard]] int exit_code_for(scenario::ScenarioResult::Status status);
// The exit code for a batch: the worst status seen (errors count as invalid input).
[[nodiscard]] int exit_code_for(const std::vector<scenario::ScenarioResult>& results,
                                bool had_load_errors);

// Writes `text` to `path`, creating parent directories; false (with a message) on failure.
bool write_text_file(const std::string& path, const std::string& text);

}  // namespace lh::cli
