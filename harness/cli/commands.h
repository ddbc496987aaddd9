// The lunatic-harness subcommands. Each returns the process exit code:
// 0 all passed, 1 an expectation failed, 2 invalid input, 3 harness fault; `test` exits
// 101 when a test failed, as libtest does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lh::cli {

inline constexpr int kExitPassed = 0, kExitFailed = 1, kExitInvalid = 2, kExitFault = 3;
inline constexpr int kExitTestsFailed = 101;  // libtest's exit code for failed tests

struct RunFlags {
  std::vector<std::string> paths;
  std::string guests;
  std::optional<uint64_t> seed;
  std::string policy;                 // "", fifo, random or pct
  std::optional<uint32_t> depth;      // pct's bug depth
  std::optional<uint64_t> pct_steps;  // pct's step estimate
  std::string faults;                 // "", or KIND=RATE,... (sim/fault_plan.h)
  std::string replay;                 // a replay file (explore's shrunk schedule)
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
  std::string strategy = "random";  // random or pct
  uint32_t depth = 3;               // pct's bug depth
  unsigned jobs = 1;
  std::string shard;   // "", or K/N
  std::string faults;  // "", or KIND=RATE,... (sim/fault_plan.h)
  bool keep_going = false;
  std::string out;  // JSON lines of every seed
  bool no_shrink = false;
  std::string replay_out;  // where the shrunk schedule goes ("": a name from the seed)
};
int explore_command(const ExploreFlags& flags);

// `merge`: the shards of one exploration (explore --out files) into the unsharded result.
struct MergeFlags {
  std::vector<std::string> paths;
  std::string guests;  // for the reproducing command
  std::string out;
};
int merge_command(const MergeFlags& flags);

struct ReportFlags {
  std::vector<std::string> paths;
  std::string guests;
  std::string spec;
  std::string out_dir;
};
int report_command(const ReportFlags& flags);

// `test`: libtest's arguments, then the harness's own.
struct TestFlags {
  std::string wasm;
  std::vector<std::string> filters;
  std::vector<std::string> skip;
  bool exact = false;
  bool ignored = false;
  bool include_ignored = false;
  bool list = false;
  bool nocapture = false;
  bool show_output = false;
  bool quiet = false;
  std::string format = "pretty";  // pretty, terse or json
  uint64_t test_threads = 1;      // accepted; results never depend on it
  std::optional<uint64_t> seed;
  std::string policy;  // "", fifo, random or pct
  uint64_t seeds = 0;  // 0: one schedule per test; N: schedules seed..seed+N-1 (random or pct)
  uint32_t depth = 3;  // pct's bug depth
  std::optional<uint64_t> pct_steps;  // pct's step estimate (else one fifo run measures it)
  std::string faults;                 // "", or KIND=RATE,... (sim/fault_plan.h)
  std::vector<std::string> env;
  bool inherit_env = false;
  std::vector<std::string> dirs;
  std::string junit_out;
  std::string trace_out;
  std::string html_out;
};
int test_command(const TestFlags& flags);

}  // namespace lh::cli
