// `run`: replay scenarios and print PASS/FAIL; optional trace, JSON and JUnit outputs.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/cli/commands.h"
#include "harness/cli/scenario_set.h"
#include "harness/explore/shrink.h"
#include "harness/report/chrome_trace.h"
#include "harness/report/junit.h"
#include "harness/report/results_json.h"

namespace lh::cli {

int run_command(const RunFlags& flags) {
  auto set = load_scenarios(flags.paths, flags.guests);
  scenario::RunOptions options;
  options.seed = flags.seed;
  if (!flags.policy.empty()) options.policy = sim::policy_from_name(flags.policy);
  if (!flags.replay.empty()) {
    std::ifstream in(flags.replay, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto replay = in ? explore::parse_replay_file(text.str(), flags.replay)
                     : Result<explore::ReplayFile>(Status::error(flags.replay + ": cannot read"));
    if (!replay.ok()) {
      std::printf("ERROR %s\n", replay.message().c_str());
      return kExitInvalid;
    }
    for (const auto& s : set.scenarios)
      if (s.name != replay->scenario) {
        std::printf("ERROR %s: a schedule of scenario %s, not of %s\n", flags.replay.c_str(),
                    replay->scenario.c_str(), s.name.c_str());
        return kExitInvalid;
      }
    options.seed = replay->seed;
    options.replay = replay->replay;
  }
  if (!flags.faults.empty()) {
    auto faults = sim::parse_faults(flags.faults);
    if (!faults.rates) {
      std::printf("ERROR --faults %s\n", faults.error.c_str());
      return kExitInvalid;
    }
    options.faults = faults.rates;
  }
  if (flags.depth || flags.pct_steps) {
    sim::PctOptions pct;
    if (flags.depth) pct.depth = *flags.depth;
    if (flags.pct_steps) pct.steps = *flags.pct_steps;
    options.pct = pct;
  }
  if (!flags.unknown_imports.empty())
    options.unknown_imports = host::unknown_imports_from_name(flags.unknown_imports);
  // Events are kept only for the outputs that show them.
  options.keep_trace = !flags.dump_dir.empty() || !flags.trace_out.empty();
  auto results = run_scenarios(set.scenarios, options, flags.check_determinism);

  bool written = true;
  if (!flags.dump_dir.empty()) {
    for (const auto& r : results)
      written &= write_text_file(
          (std::filesystem::path(flags.dump_dir) / (r.name + ".trace.jsonl")).string(),
          sim::canonical_text(r.events));
  }
  if (!flags.trace_out.empty())
    written &= write_text_file(flags.trace_out,
                               report::chrome_trace(results).dump(
                                   -1, ' ', false, nlohmann::json::error_handler_t::replace));
  if (!flags.junit_out.empty())
    written &= write_text_file(flags.junit_out, report::junit_xml(results));
  if (!flags.json_out.empty()) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& r : results) list.push_back(report::result_to_json(r));
    written &= write_text_file(flags.json_out,
                               nlohmann::json{{"scenarios", list}}.dump(
                                   2, ' ', false, nlohmann::json::error_handler_t::replace) +
                                   "\n");
  }
  size_t passed = 0;
  for (const auto& r : results) passed += r.status == scenario::ScenarioResult::Status::Passed;
  std::printf("%zu passed, %zu failed\n", passed, results.size() - passed + set.errors.size());
  if (!written) return kExitFault;
  return exit_code_for(results, !set.errors.empty());
}

}  // namespace lh::cli
