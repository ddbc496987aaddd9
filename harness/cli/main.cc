// lunatic-harness: replays JSON scenarios against guest wasm in the simulated world.
// Exit codes: 0 all passed, 1 an expectation failed, 2 invalid input, 3 harness fault.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/runner.h"

#ifndef LH_VERSION
#define LH_VERSION "0.0.0"
#endif
#ifndef LH_DEFAULT_GUEST_DIR
#define LH_DEFAULT_GUEST_DIR "guests"
#endif

namespace {

constexpr int kExitPassed = 0, kExitFailed = 1, kExitInvalid = 2, kExitFault = 3;

// Scenario files named by `paths`: files as given, directories searched for *.json
// (recursively), in sorted order so runs are reproducible.
std::vector<std::string> collect_scenarios(const std::vector<std::string>& paths,
                                           std::vector<std::string>& errors) {
  namespace fs = std::filesystem;
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
      errors.push_back(fmt::format("{}: no such file or directory", path));
    }
  }
  return files;
}

struct RunFlags {
  std::vector<std::string> paths;
  std::string guests = LH_DEFAULT_GUEST_DIR;
  std::optional<uint64_t> seed;
  std::string policy;
  bool check_determinism = false;
  std::string dump_dir;
};

// Writes the canonical trace of `result` to DIR/NAME.trace.jsonl.
void dump_trace(const std::string& dir, const lh::scenario::ScenarioResult& result) {
  std::filesystem::create_directories(dir);
  std::ofstream out(std::filesystem::path(dir) / (result.name + ".trace.jsonl"), std::ios::binary);
  out << result.trace;
}

int run_command(const RunFlags& flags) {
  std::vector<std::string> errors;
  auto files = collect_scenarios(flags.paths, errors);
  int exit_code = kExitPassed;
  for (const auto& error : errors) {
    std::printf("ERROR %s\n", error.c_str());
    exit_code = kExitInvalid;
  }
  lh::scenario::RunOptions options;
  options.seed = flags.seed;
  if (flags.policy == "fifo") options.policy = lh::sim::Policy::Fifo;
  if (flags.policy == "random") options.policy = lh::sim::Policy::Random;

  lh::engine::EnginePtr engine(wasm_engine_new());
  size_t passed = 0, failed = 0;
  for (const auto& file : files) {
    auto loaded = lh::scenario::load_scenario(file, {flags.guests});
    if (auto* error = std::get_if<lh::scenario::LoadError>(&loaded)) {
      std::printf("ERROR %s\n", error->message.c_str());
      exit_code = std::max(exit_code, kExitInvalid);
      ++failed;
      continue;
    }
    const auto& scenario = std::get<lh::scenario::Scenario>(loaded);
    auto result = lh::scenario::run_scenario(engine.get(), scenario, options);
    if (flags.check_determinism && !result.verdict.empty()) {
      auto again = lh::scenario::run_scenario(engine.get(), scenario, options);
      if (again.trace != result.trace) {
        result.status = lh::scenario::ScenarioResult::Status::Fault;
        result.failures.push_back(fmt::format(
            "nondeterminism: the same scenario and seed gave trace {:016x}, then {:016x}",
            result.trace_hash, again.trace_hash));
      }
    }
    if (!flags.dump_dir.empty()) dump_trace(flags.dump_dir, result);
    using Status = lh::scenario::ScenarioResult::Status;
    const char* label = result.status == Status::Passed    ? "PASS"
                        : result.status == Status::Failed  ? "FAIL"
                        : result.status == Status::Invalid ? "ERROR"
                                                           : "FAULT";
    std::printf("%s %s  (%s, trace %016llx, %llu steps, %llu ms virtual)\n", label,
                result.name.c_str(), result.verdict.empty() ? "not run" : result.verdict.c_str(),
                static_cast<unsigned long long>(result.trace_hash),
                static_cast<unsigned long long>(result.steps),
                static_cast<unsigned long long>(result.end_time_ns / 1'000'000));
    for (const auto& failure : result.failures) std::printf("  %s\n", failure.c_str());
    if (result.status == Status::Passed) {
      ++passed;
    } else {
      ++failed;
      int code = result.status == Status::Failed    ? kExitFailed
                 : result.status == Status::Invalid ? kExitInvalid
                                                    : kExitFault;
      exit_code = std::max(exit_code, code);
    }
  }
  std::printf("%zu passed, %zu failed\n", passed, failed);
  return exit_code;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lunatic-harness: conformance harness for Lunatic's process host functions"};
  app.set_version_flag("--version", std::string("lunatic-harness ") + LH_VERSION);
  app.require_subcommand(1);

  RunFlags run_flags;
  auto* run = app.add_subcommand("run", "Run scenario files (or directories of *.json)");
  run->add_option("paths", run_flags.paths, "Scenario files or directories")->required();
  run->add_option("--guests", run_flags.guests, "Directory of guest .wasm files")
      ->capture_default_str();
  run->add_option("--seed", run_flags.seed, "Override every scenario's seed");
  run->add_option("--policy", run_flags.policy, "Override the scheduling policy")
      ->check(CLI::IsMember({"fifo", "random"}));
  run->add_option("--dump", run_flags.dump_dir,
                  "Write each scenario's canonical trace to DIR/NAME.trace.jsonl");
  run->add_flag("--check-determinism", run_flags.check_determinism,
                "Run each scenario twice and fail unless the traces are identical");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : kExitInvalid;
  }
  if (run->parsed()) return run_command(run_flags);
  return kExitInvalid;
}
