// The simulated world: one environment of processes, a virtual clock, the seeded PRNG,
// the scheduler and the trace. Single-threaded and deterministic: the same inputs and
// seed give the same trace. Host functions act on World::current().
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/sim/imports.h"
#include "harness/sim/prng.h"
#include "harness/sim/process.h"
#include "harness/sim/trace.h"

namespace lh::sim {

enum class Policy { Fifo, Random };

struct WorldOptions {
  uint64_t environment_id = 1;
  Policy policy = Policy::Fifo;
  uint64_t seed = 0;
  uint64_t max_steps = 1'000'000;
  uint64_t max_time_ns = 3'600'000'000'000ull;  // one virtual hour
};

enum class RunVerdict { Quiescent, StepLimit, TimeLimit };
[[nodiscard]] const char* run_verdict_name(RunVerdict verdict);

struct SpawnRequest {
  std::shared_ptr<const Module> module;
  ProcessConfig config;
  std::string entry;
  std::vector<wasm_val_t> params;
};

class World {
 public:
  World(wasm_store_t* store, ImportResolver& resolver, WorldOptions options);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Creates and instantiates a process; its id is consumed even when instantiation fails.
  // Returns the process id, or the instantiation error.
  struct SpawnOutcome {
    uint64_t id = 0;
    std::optional<std::string> error;
  };
  SpawnOutcome spawn(SpawnRequest request, uint64_t parent_id = 0);

  // Runs until no process can make progress or a bound is reached.
  RunVerdict run();

  [[nodiscard]] Process* current() { return current_; }
  [[nodiscard]] Process* find(uint64_t id);
  [[nodiscard]] const std::map<uint64_t, std::unique_ptr<Process>>& processes() const {
    return processes_;
  }
  [[nodiscard]] uint64_t now_ns() const { return now_ns_; }
  [[nodiscard]] uint64_t steps() const { return steps_; }
  // Process ids consumed so far (failed spawns included).
  [[nodiscard]] uint64_t processes_created() const { return next_process_id_ - 1; }
  [[nodiscard]] uint64_t environment_id() const { return options_.environment_id; }
  [[nodiscard]] const WorldOptions& options() const { return options_; }
  [[nodiscard]] Trace& trace() { return trace_; }
  [[nodiscard]] Prng& prng() { return prng_; }
  [[nodiscard]] wasm_store_t* store() { return store_; }

  void record(EventKind kind, uint64_t pid, std::vector<Field> fields = {}) {
    trace_.record(now_ns_, kind, pid, std::move(fields));
  }

 private:
  void run_process(Process& process);
  void die(Process& process, DeathReason reason);
  Process* pick_next();

  wasm_store_t* store_;
  ImportResolver& resolver_;
  WorldOptions options_;
  Prng prng_;
  Trace trace_;
  uint64_t now_ns_ = 0;
  uint64_t steps_ = 0;
  uint64_t next_process_id_ = 1;
  std::map<uint64_t, std::unique_ptr<Process>> processes_;  // ordered by id
  std::vector<uint64_t> run_queue_;
  Process* current_ = nullptr;
};

}  // namespace lh::sim
