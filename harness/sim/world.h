// The simulated world: one environment of processes, a virtual clock, the scheduler (with
// the seeded PRNG) and the trace. Single-threaded and deterministic: the same inputs, policy
// and seed give the same trace. Host functions act on World::current() and use the
// signal, spawn and suspension operations here; the world never reads the wall clock.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/sim/imports.h"
#include "harness/sim/memory_pool.h"
#include "harness/sim/process.h"
#include "harness/sim/scheduler.h"
#include "harness/sim/trace.h"

namespace lh::sim {

// Fuel: one slice is 100,000 units (lunatic's unit of compute); virtual time advances by
// one nanosecond per unit of fuel a process consumes.
inline constexpr int64_t kFuelSlice = 100'000;
inline constexpr uint64_t kNanosecondsPerFuelUnit = 1;

struct WorldOptions {
  uint64_t environment_id = 1;
  std::optional<uint64_t> max_processes;  // live processes at most; beyond: spawn traps
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
  std::optional<std::string> params_error;  // set when the params cannot reach the engine
  std::vector<std::string> args;
  std::vector<std::string> env;
  std::optional<int64_t> link_tag;  // link the child to the parent with this tag
  std::optional<uint64_t> id;       // an id taken earlier with allocate_process_id()
  std::string params_text;          // the decoded params, for the trace
};

class World {
 public:
  World(wasm_store_t* store, ImportResolver& resolver, WorldOptions options);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  struct SpawnOutcome {
    uint64_t id = 0;
    std::optional<std::string> error;  // instantiation failed (the id is still consumed)
  };
  // Creates, instantiates and registers a process. `parent` is 0 for the root.
  SpawnOutcome spawn(SpawnRequest request, uint64_t parent);
  // Takes the next process id (spawn takes one itself unless given one).
  uint64_t allocate_process_id() { return next_process_id_++; }
  // True when one more process may be spawned (the environment's limit).
  [[nodiscard]] bool can_spawn_next_process() const;

  // Runs until no process can make progress or a bound is reached.
  RunVerdict run();

  // Delivers `signal` to process `to` if it exists (else drops it); wakes it to handle it.
  void send_signal(uint64_t to, Signal signal);
  // Links `a` to `b` with `tag` as lunatic's link does from a's side: Link signals both
  // ways if b exists, else a gets LinkDied(b, tag, NoProcess). Not atomic, as in lunatic.
  void link(uint64_t a, uint64_t b, int64_t tag);
  // Unlinks as lunatic's unlink does from a's side: UnLink to b (if it exists) and to a.
  void unlink(uint64_t a, uint64_t b);
  // Suspends the current process (called by a blocking host function before it unwinds).
  void suspend_current(Wait wait);
  // Schedules `action` to run at virtual time `time_ns` (scenario injections).
  void at(uint64_t time_ns, std::function<void(World&)> action);

  [[nodiscard]] Process* current() { return current_; }
  [[nodiscard]] Process* find(uint64_t id);        // any process ever created
  [[nodiscard]] Process* find_alive(uint64_t id);  // registered and not dead
  [[nodiscard]] const std::map<uint64_t, std::unique_ptr<Process>>& processes() const {
    return processes_;
  }
  // Virtual time: the clock plus, while a process runs, the fuel it has used so far.
  [[nodiscard]] uint64_t now_ns() const;
  [[nodiscard]] uint64_t steps() const { return steps_; }
  [[nodiscard]] uint64_t processes_created() const { return next_process_id_ - 1; }
  [[nodiscard]] uint64_t environment_id() const { return options_.environment_id; }
  [[nodiscard]] Trace& trace() { return trace_; }
  [[nodiscard]] const Trace& trace() const { return trace_; }
  [[nodiscard]] Prng& prng() { return scheduler_.prng(); }
  [[nodiscard]] wasm_store_t* store() { return store_; }

  void record(EventKind kind, uint64_t pid, std::vector<Field> fields = {}) {
    trace_.record(now_ns(), kind, pid, std::move(fields));
  }
  // Adds consumed CPU (fuel units) to virtual time.
  void advance_by_fuel(uint64_t units) { now_ns_ += units * kNanosecondsPerFuelUnit; }

  // Ends `process` with `reason` (trap message when it failed), notifying its links.
  void die(Process& process, DeathReason reason, std::string message = {});

 private:
  void step(Process& process);
  void run_guest(Process& process);
  void handle_signal(Process& process, Signal signal);
  [[nodiscard]] bool wait_satisfied(const Process& process) const;
  void arm_timer(Process& process, uint64_t time_ns);
  void cancel_timer(Process& process);
  void run_due_injections();

  wasm_store_t* store_;
  MemoryPool memory_pool_;  // before processes_: their guests return memories to it
  ImportResolver& resolver_;
  WorldOptions options_;
  Scheduler scheduler_;
  Trace trace_;
  uint64_t now_ns_ = 0;
  uint64_t slice_start_fuel_ = 0;  // fuel the running process had used when its slice began
  uint64_t steps_ = 0;
  uint64_t next_process_id_ = 1;
  uint64_t alive_ = 0;
  std::map<uint64_t, std::unique_ptr<Process>> processes_;           // ordered by id
  std::multimap<uint64_t, std::function<void(World&)>> injections_;  // by time, then order added
  Process* current_ = nullptr;
};

// Whether `message` matches a receive's tag filter (empty = anything).
[[nodiscard]] bool tag_matches(const Message& message, const std::vector<int64_t>& tags);

}  // namespace lh::sim
