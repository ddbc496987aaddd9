// lh-fuzz-guests: the plain driver of the guest-program fuzzer (scripts/fuzz-guests runs it).
// Generates --programs programs from --seed, checks each (harness/fuzz/driver.h), prints
// progress and a summary, and saves every violation, shrunk, as a scenario under --out.
// It also asks the scenario runner to judge the runs that end at a bound (review R4), which
// is why this executable, unlike the lh_fuzz library, links the scenario layer.
//
//   lh-fuzz-guests --programs N [--seed S] [--out DIR] [--no-shrink] [--steps N]
//   lh-fuzz-guests --replay FILE.json...   re-check saved programs (exit 1 on a violation)
//   --write-corpus DIR   also write each module's libFuzzer input into DIR
//   lh-fuzz-guests --describe GENERATOR_SEED   list the program of a generator seed
//
// Exit codes: 0 clean, 1 a violation, 2 bad usage.
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/fuzz/driver.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/runner.h"

namespace {

namespace fs = std::filesystem;
using namespace lh;

// The runner's judgement of a run that ended at a bound: the scenario that expects that
// verdict passes, the same scenario without it fails ("the run did not end").
std::optional<std::string> runner_check(wasm_engine_t* engine, const fs::path& scratch,
                                        const fuzz::Replay& replay) {
  fs::create_directories(scratch);
  {
    std::ofstream out(scratch / "program.wasm", std::ios::binary);
    out.write(reinterpret_cast<const char*>(replay.wasm.data()),
              static_cast<std::streamsize>(replay.wasm.size()));
  }
  auto judge = [&](const fuzz::Replay& r) -> std::variant<scenario::ScenarioResult, std::string> {
    std::string text = r.scenario_json("runner-check", "program.wasm", "");
    auto loaded = scenario::parse_scenario(text, (scratch / "check.json").string(), {});
    if (auto* error = std::get_if<scenario::LoadError>(&loaded)) return error->message;
    scenario::RunOptions options;
    options.keep_trace = false;
    options.cached_preparation = false;  // the process-wide cache would keep every program
    return scenario::run_scenario(engine, std::get<scenario::Scenario>(loaded), options);
  };
  using Status = scenario::ScenarioResult::Status;
  auto expected = judge(replay);
  if (auto* error = std::get_if<std::string>(&expected))
    return "the scenario does not load: " + *error;
  const auto& with = std::get<scenario::ScenarioResult>(expected);
  if (with.status != Status::Passed)
    return fmt::format("the runner fails a run that ended {} as its scenario expects: {}",
                       *replay.expected_verdict,
                       with.failures.empty() ? "" : with.failures.front());
  fuzz::Replay unexpected = replay;
  unexpected.expected_verdict.reset();
  auto without = judge(unexpected);
  if (auto* error = std::get_if<std::string>(&without))
    return "the scenario does not load: " + *error;
  if (std::get<scenario::ScenarioResult>(without).status != Status::Failed)
    return fmt::format(
        "the runner passes a run that ended at its {} although the scenario does not expect "
        "it (a process that never ends passes)",
        *replay.expected_verdict);
  return std::nullopt;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "lh-fuzz-guests: %s\nusage: lh-fuzz-guests --programs N [--seed S] [--out DIR] "
               "[--no-shrink] [--steps N] [--max-saved N] [--seeds-per-module K] [--write-corpus "
               "DIR]\n       "
               "lh-fuzz-guests --replay "
               "FILE.json...\n",
               why);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  fuzz::CampaignOptions options;
  std::vector<std::string> replays;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (arg == "--programs" || arg == "--seed" || arg == "--steps" || arg == "--max-saved" ||
        arg == "--seeds-per-module") {
      const char* v = value();
      if (!v) return usage("missing value");
      uint64_t n = std::strtoull(v, nullptr, 0);
      if (arg == "--programs") options.programs = n;
      if (arg == "--seed") options.seed = n;
      if (arg == "--steps") options.check.bounds.max_steps = n;
      if (arg == "--max-saved") options.max_saved = n;
      if (arg == "--seeds-per-module") options.seeds_per_module = n;
    } else if (arg == "--out") {
      const char* v = value();
      if (!v) return usage("missing value");
      options.out_dir = v;
    } else if (arg == "--describe") {  // the program of a generator seed, then exit
      const char* v = value();
      if (!v) return usage("missing value");
      std::printf("%s",
                  fuzz::describe(fuzz::generate_from_seed(std::strtoull(v, nullptr, 0))).c_str());
      return 0;
    } else if (arg == "--write-corpus") {
      const char* v = value();
      if (!v) return usage("missing value");
      options.corpus_out = v;
    } else if (arg == "--no-shrink") {
      options.shrink = false;
    } else if (arg == "--replay") {
      while (i + 1 < argc) replays.push_back(argv[++i]);
    } else {
      return usage(("unknown argument " + std::string(arg)).c_str());
    }
  }
  lh::engine::EnginePtr engine(wasm_engine_new());
  const fs::path scratch = options.out_dir / ".runner-check";
  options.check.runner_check = [&](const fuzz::Replay& replay) {
    return runner_check(engine.get(), scratch, replay);
  };

  if (!replays.empty()) {
    // Not a program of the generator any more, only bytes: re-check what the runner sees.
    int status = 0;
    for (const auto& file : replays) {
      auto loaded = scenario::load_scenario(file, {});
      if (auto* error = std::get_if<scenario::LoadError>(&loaded)) {
        std::printf("ERROR %s: %s\n", file.c_str(), error->message.c_str());
        status = 1;
        continue;
      }
      scenario::RunOptions run;
      run.keep_trace = false;
      const auto& s = std::get<scenario::Scenario>(loaded);
      auto first = scenario::run_scenario(engine.get(), s, run);
      auto second = scenario::run_scenario(engine.get(), s, run);
      bool same = first.trace_hash == second.trace_hash && first.verdict == second.verdict;
      bool passed = first.status == scenario::ScenarioResult::Status::Passed && same;
      std::printf("%s %s (%s%s)\n", passed ? "PASS" : "FAIL", file.c_str(), first.verdict.c_str(),
                  same ? "" : ", two runs differ");
      for (const auto& f : first.failures) std::printf("  %s\n", f.c_str());
      if (!passed) status = 1;
    }
    return status;
  }

  std::printf(
      "fuzz-guests: %llu programs, seed %llu, %llu schedule seeds per module, bounds "
      "%llu steps, out %s\n",
      static_cast<unsigned long long>(options.programs),
      static_cast<unsigned long long>(options.seed),
      static_cast<unsigned long long>(options.seeds_per_module),
      static_cast<unsigned long long>(options.check.bounds.max_steps),
      options.out_dir.string().c_str());
  std::fflush(stdout);
  options.progress = [](const fuzz::CampaignStats& s) {
    std::printf("  %llu programs, %.0f/s, %llu violating modules\n",
                static_cast<unsigned long long>(s.programs), s.programs / std::max(s.seconds, 1e-9),
                static_cast<unsigned long long>(s.violating_programs));
    std::fflush(stdout);
  };
  options.progress_every = options.programs >= 20'000 ? 5'000 : 1'000;
  fuzz::CampaignStats stats = fuzz::run_campaign(engine.get(), options);
  std::error_code ignored;
  fs::remove_all(scratch, ignored);

  std::printf(
      "fuzz-guests: %llu programs (%llu modules x up to %llu schedule seeds, %llu host "
      "calls) in %.1f s, %.0f programs/s; %llu ended at an expected bound, %llu compared "
      "fifo/random\n",
      static_cast<unsigned long long>(stats.programs),
      static_cast<unsigned long long>(stats.modules),
      static_cast<unsigned long long>(options.seeds_per_module),
      static_cast<unsigned long long>(stats.calls), stats.seconds,
      stats.programs / std::max(stats.seconds, 1e-9),
      static_cast<unsigned long long>(stats.limit_runs),
      static_cast<unsigned long long>(stats.differential));
  if (stats.heap_baseline)
    std::printf("fuzz-guests: live heap %.1f MiB after warm-up, %.1f MiB at the end%s\n",
                stats.heap_baseline / 1048576.0, stats.heap_last / 1048576.0,
                stats.heap_grew ? " (GREW past the bound)" : "");
  for (int k = 0; k < 4; ++k)
    if (stats.shape_modules[k])
      std::printf("fuzz-guests: review shape R%d in %llu modules, first at program %llu\n", k + 1,
                  static_cast<unsigned long long>(stats.shape_modules[k]),
                  static_cast<unsigned long long>(stats.first_shape_program[k]));
  for (int k = 0; k <= static_cast<int>(fuzz::Violation::Planted); ++k)
    if (stats.findings_by_kind[k])
      std::printf("  %s: %llu\n", fuzz::violation_name(static_cast<fuzz::Violation>(k)),
                  static_cast<unsigned long long>(stats.findings_by_kind[k]));
  for (const auto& line : stats.reports) std::printf("  %s\n", line.c_str());
  bool clean = stats.violating_programs == 0 && !stats.heap_grew;
  std::printf("fuzz-guests: %s: %llu violations\n", clean ? "clean" : "VIOLATIONS",
              static_cast<unsigned long long>(stats.violating_programs + stats.heap_grew));
  return clean ? 0 : 1;
}
