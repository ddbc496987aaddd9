#include "harness/cli/scenario_set.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "harness/cli/commands.h"
#include "harness/engine/handles.h"

namespace lh::cli {

namespace fs = std::filesystem;

ScenarioSet load_scenarios(const std::vector<std::string>& paths, const std::string& guest_dir) {
  ScenarioSet set;
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(path, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
          found.push_back(entry.path().string());
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
    } else {
      set.errors.push_back(fmt::format("{}: no such file or directory", path));
    }
  }
  std::map<std::string, std::string> names;  // name -> file, to reject duplicates
  for (const auto& file : files) {
    auto loaded = scenario::load_scenario(file, {guest_dir});
    if (auto* error = std::get_if<scenario::LoadError>(&loaded)) {
      set.errors.push_back(error->message);
      continue;
    }
    auto& s = std::get<scenario::Scenario>(loaded);
    if (auto [it, fresh] = names.emplace(s.name, file); !fresh) {
      set.errors.push_back(
          fmt::format("{}: $.name: \"{}\" is already the name of {}", file, s.name, it->second));
      continue;
    }
    set.scenarios.push_back(std::move(s));
  }
  for (const auto& error : set.errors) std::printf("ERROR %s\n", error.c_str());
  return set;
}

std::optional<scenario::Catalog> load_catalog_or_report(const std::string& path) {
  auto catalog = scenario::load_catalog(path);
  if (auto* error = std::get_if<std::string>(&catalog)) {
    std::printf("ERROR %s\n", error->c_str());
    return std::nullopt;
  }
  return std::get<scenario::Catalog>(std::move(catalog));
}

std::vector<scenario::ScenarioResult> run_scenarios(
    const std::vector<scenario::Scenario>& scenarios, const scenario::RunOptions& options,
    bool check_determinism, bool print_passes) {
  using Status = scenario::ScenarioResult::Status;
  engine::EnginePtr engine(wasm_engine_new());
  // One store (a V8 isolate) for every scenario of the set, as exploration keeps one per
  // worker: making and disposing of an isolate costs more than most scenarios' runs, and no
  // guest can tell (each scenario still gets its own world, modules and instances).
  engine::StorePtr shared_store;
  scenario::RunOptions run_options = options;
  if (!run_options.store) {
    shared_store.reset(wasm_store_new(engine.get()));
    run_options.store = shared_store.get();
  }
  const bool progress = isatty(STDERR_FILENO) && scenarios.size() > 1;
  std::vector<scenario::ScenarioResult> results;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    if (progress)
      std::fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, scenarios.size(),
                   scenarios[i].name.c_str());
    auto result = scenario::run_scenario(engine.get(), scenarios[i], run_options);
    if (check_determinism && !result.verdict.empty()) {
      // The re-run prepares the guest anew, so preparation is checked too.
      scenario::RunOptions fresh = run_options;
      fresh.cached_preparation = false;
      fresh.keep_trace = false;
      auto again = scenario::run_scenario(engine.get(), scenarios[i], fresh);
      if (again.trace_hash != result.trace_hash) {
        result.status = Status::Fault;
        result.failures.push_back(fmt::format(
            "nondeterminism: the same scenario and seed gave trace {:016x}, then {:016x}",
            result.trace_hash, again.trace_hash));
      }
    }
    if (progress) std::fprintf(stderr, "\r\033[K");
    if (!print_passes && result.status == Status::Passed) {
      results.push_back(std::move(result));
      continue;
    }
    const char* label = result.status == Status::Passed    ? "PASS"
                        : result.status == Status::Failed  ? "FAIL"
                        : result.status == Status::Invalid ? "ERROR"
                                                           : "FAULT";
    // A line that is not a pass names the policy and seed that reproduce it.
    std::string schedule =
        result.status == Status::Passed
            ? std::string()
            : fmt::format("policy {}, seed {}, ", sim::policy_name(result.policy), result.seed);
    std::printf("%s %s  (%s%s, trace %016llx, %llu steps, %llu ms virtual)\n", label,
                result.name.c_str(), schedule.c_str(),
                result.verdict.empty() ? "not run" : result.verdict.c_str(),
                static_cast<unsigned long long>(result.trace_hash),
                static_cast<unsigned long long>(result.steps),
                static_cast<unsigned long long>(result.end_time_ns / 1'000'000));
    for (const auto& failure : result.failures) std::printf("  %s\n", failure.c_str());
    std::fflush(stdout);
    results.push_back(std::move(result));
  }
  return results;
}

int exit_code_for(scenario::ScenarioResult::Status status) {
  using Status = scenario::ScenarioResult::Status;
  return status == Status::Passed    ? kExitPassed
         : status == Status::Failed  ? kExitFailed
         : status == Status::Invalid ? kExitInvalid
                                     : kExitFault;
}

int exit_code_for(const std::vector<scenario::ScenarioResult>& results, bool had_load_errors) {
  int code = had_load_errors ? kExitInvalid : kExitPassed;
  for (const auto& r : results) code = std::max(code, exit_code_for(r.status));
  return code;
}

bool write_text_file(const std::string& path, const std::string& text) {
  std::error_code ec;
  fs::path p(path);
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) {
    std::fprintf(stderr, "lunatic-harness: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

}  // namespace lh::cli
