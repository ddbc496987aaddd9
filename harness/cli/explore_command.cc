// `explore`: one scenario over many seeds of the random or PCT strategy, in worker processes
// (--jobs) and as one shard of the seed space (--shard); a status line on a terminal, plain
// progress lines otherwise. Stops at the first failing seed (unless --keep-going) and prints
// the command that reproduces it. `merge` combines the JSON lines of a sharded run.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>

#include "harness/cli/commands.h"
#include "harness/cli/scenario_set.h"
#include "harness/engine/handles.h"
#include "harness/explore/explore_jsonl.h"
#include "harness/explore/explorer.h"
#include "harness/explore/shrink.h"

namespace lh::cli {

namespace {

using Status = scenario::ScenarioResult::Status;

// Seeds done, rate, failures, distinct schedules and time left: rewritten in place on a
// terminal, a plain line at every tenth of the seeds otherwise. (Wall-clock time is read
// only for this line; nothing of it reaches a trace or a result.)
class Progress {
 public:
  explicit Progress(bool terminal) : terminal_(terminal), start_(Clock::now()) {}

  void seed_done(const explore::SeedRun& run, size_t done, size_t total) {
    failures_ += run.status != Status::Passed;
    hashes_.insert(run.trace_hash);
    const auto now = Clock::now();
    const bool tenth = total >= 10 && done % (total / 10) == 0;
    if (terminal_ ? now - last_ < std::chrono::milliseconds(100) && done != total : !tenth) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
    double left = rate > 0 ? static_cast<double>(total - done) / rate : 0;
    std::string line = fmt::format(
        "seeds {}/{}  {:.0f}/s  {} failure{}  {} schedule{}  ETA {:.0f} s", done, total, rate,
        failures_, failures_ == 1 ? "" : "s", hashes_.size(), hashes_.size() == 1 ? "" : "s", left);
    if (terminal_)
      std::fprintf(stderr, "\r\033[K%s", line.c_str());
    else
      std::fprintf(stderr, "explore: %s\n", line.c_str());
  }
  void finish() {
    if (terminal_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool terminal_;
  Clock::time_point start_, last_;
  size_t failures_ = 0;
  std::set<uint64_t> hashes_;
};

std::string strategy_text(const explore::Exploration& e) {
  const auto& s = e.options.strategy;
  std::string text =
      s.policy == sim::Policy::Pct
          ? fmt::format("pct, depth {}, change points over {} steps", s.depth, e.pct_steps)
          : std::string(sim::policy_name(s.policy));
  if (s.faults) text += ", faults " + sim::faults_text(*s.faults);
  return text;
}

int exit_code(const explore::Exploration& e) {
  if (e.worker_error) return kExitFault;
  int code = kExitPassed;
  for (const auto& run : e.runs) code = std::max(code, exit_code_for(run.status));
  return code;
}

void print_summary(const explore::Exploration& e, const std::string& guests,
                   const std::string& path) {
  if (e.worker_error) std::printf("FAULT a worker process failed: %s\n", e.worker_error->c_str());
  std::printf("%zu seeds run (%s): %zu failed, %zu distinct schedules (trace hashes)\n",
              e.runs.size(), strategy_text(e).c_str(), e.failures(), e.distinct_schedules());
  const explore::SeedRun* failure = e.first_failure();
  if (!failure) return;
  std::string schedule = e.options.strategy.policy == sim::Policy::Pct
                             ? fmt::format("--policy pct --depth {} --pct-steps {}",
                                           e.options.strategy.depth, e.pct_steps)
                             : std::string("--policy random");
  if (e.options.strategy.faults)
    schedule += fmt::format(" --faults {}", sim::faults_text(*e.options.strategy.faults));
  std::printf(
      "seed %llu fails: %s\nreproduce with:\n  lunatic-harness run %s --seed %llu --guests %s %s\n",
      static_cast<unsigned long long>(failure->seed), failure->failure.c_str(), schedule.c_str(),
      static_cast<unsigned long long>(failure->seed), guests.c_str(), path.c_str());
}

// Shrinks the failing seed's schedule, writes it to `path` and says how to replay it.
bool shrink_and_write(const scenario::Scenario& scenario, const explore::Exploration& e,
                      const explore::SeedRun& failure, const std::string& path,
                      const ExploreFlags& flags) {
  engine::EnginePtr engine(wasm_engine_new());
  engine::StorePtr store(wasm_store_new(engine.get()));
  explore::Shrunk shrunk =
      explore::shrink_failure(store.get(), scenario, e.options.strategy, e.pct_steps, failure.seed);
  if (!write_text_file(path, explore::replay_file_text(scenario.name, scenario.file, failure.seed,
                                                       shrunk.smallest)))
    return false;
  std::printf(
      "shrunk (%zu replays): the failure needs %zu of the %zu scheduling choices that differ "
      "from fifo and %zu of the %zu injected faults: %s\nreplay the smallest schedule with:\n"
      "  lunatic-harness run --replay %s --guests %s %s\n",
      shrunk.runs, shrunk.smallest.picks.size(), shrunk.original.picks.size(),
      shrunk.smallest.faults.size(), shrunk.original.faults.size(), shrunk.failure.c_str(),
      path.c_str(), flags.guests.c_str(), flags.path.c_str());
  return true;
}

}  // namespace

int explore_command(const ExploreFlags& flags) {
  auto set = load_scenarios({flags.path}, flags.guests);
  if (!set.errors.empty() || set.scenarios.size() != 1) {
    if (set.errors.empty())
      std::printf("ERROR %s: explore takes one scenario file\n", flags.path.c_str());
    return kExitInvalid;
  }
  explore::ExploreOptions options;
  options.strategy.policy = *sim::policy_from_name(flags.strategy);
  options.strategy.depth = flags.depth;
  if (!flags.faults.empty()) {
    auto faults = sim::parse_faults(flags.faults);
    if (!faults.rates) {
      std::printf("ERROR --faults %s\n", faults.error.c_str());
      return kExitInvalid;
    }
    options.strategy.faults = faults.rates;
  }
  options.seeds = {flags.from, flags.seeds};
  options.jobs = flags.jobs;
  options.keep_going = flags.keep_going;
  if (!flags.shard.empty()) {
    auto shard = explore::parse_shard(flags.shard);
    if (!shard) {
      std::printf("ERROR --shard %s: expected K/N with 1 <= K <= N\n", flags.shard.c_str());
      return kExitInvalid;
    }
    options.shard = *shard;
  }
  const auto seeds = explore::shard_seeds(options.seeds, options.shard);
  std::printf("exploring %s with the %s strategy, %zu seeds from %llu%s%s\n",
              set.scenarios[0].name.c_str(), flags.strategy.c_str(), seeds.size(),
              static_cast<unsigned long long>(flags.from),
              flags.shard.empty() ? "" : (", shard " + flags.shard).c_str(),
              flags.jobs > 1 ? fmt::format(", {} worker processes", flags.jobs).c_str() : "");
  std::fflush(stdout);
  Progress progress(isatty(STDERR_FILENO) != 0);
  auto exploration = explore::explore(set.scenarios[0], options,
                                      [&](const explore::SeedRun& run, size_t done, size_t total) {
                                        progress.seed_done(run, done, total);
                                      });
  progress.finish();
  print_summary(exploration, flags.guests, flags.path);
  const explore::SeedRun* failure = exploration.first_failure();
  if (failure && failure->status == Status::Failed && !flags.no_shrink) {
    std::string replay_path =
        flags.replay_out.empty()
            ? fmt::format("{}.seed-{}.replay.json", set.scenarios[0].name, failure->seed)
            : flags.replay_out;
    if (!shrink_and_write(set.scenarios[0], exploration, *failure, replay_path, flags))
      return kExitInvalid;
  }
  if (!flags.out.empty() && !write_text_file(flags.out, explore::exploration_jsonl(exploration)))
    return kExitInvalid;
  return exit_code(exploration);
}

int merge_command(const MergeFlags& flags) {
  std::vector<explore::Exploration> shards;
  for (const std::string& path : flags.paths) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::printf("ERROR %s: cannot read\n", path.c_str());
      return kExitInvalid;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto shard = explore::parse_exploration_jsonl(text.str(), path);
    if (!shard.ok()) {
      std::printf("ERROR %s\n", shard.message().c_str());
      return kExitInvalid;
    }
    shards.push_back(std::move(*shard));
  }
  auto merged = explore::merge_shards(shards);
  if (!merged.ok()) {
    std::printf("ERROR %s\n", merged.message().c_str());
    return kExitInvalid;
  }
  print_summary(*merged, flags.guests, merged->file);
  if (!flags.out.empty() && !write_text_file(flags.out, explore::exploration_jsonl(*merged)))
    return kExitInvalid;
  return exit_code(*merged);
}

}  // namespace lh::cli
