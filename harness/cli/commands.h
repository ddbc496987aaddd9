// The lunatic-harness subcommands. Each returns the process exit code:
// 0 all passed, 1 an expectation failed, 2 invalid input, 3 harness fault.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lh::cli {

inline constexpr int kExitPassed = 0, kExitFailed = 1, kExitInvalid = 2, kExitFault = 3;

struct RunFlags {
  std::vector<std::string> paths;
  std::string guests;
  std::optional<uint64_t> seed;
  std::string policy;  // "", fifo or random
  bool check_determinism = false;
  std::string dump_dir;
  std::string trace_out;
  std::string json_out;
  std::string junit_out;
  std::string unknown_imports;  // "", error or trap
};
int run_command(const RunFlags& flags);

struct ListFlags {
  std::vector<std::string> paths;
  std::string guests;
  std::string spec;
  bool require_full_coverage = false;
};
int list_command(const ListFlags& flags);

struct ExploreFlags {
  std::string path;
  std::string guests;
  uint64_t seeds = 100;
  uint64_t from = 0;
};
int explore_command(const ExploreFlags& flags);

struct ReportFlags {
  std::vector<std::string> paths;
  std::string guests;
  std::string spec;
  std::string out_dir;
};
int report_command(const ReportFlags& flags);

}  // namespace lh::cli
