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
#include <string_view>
#include <vector>

#include "harness/sim/entry_param.h"
#include "harness/sim/fault_plan.h"
#include "harness/sim/imports.h"
#include "harness/sim/instance_pool.h"
#include "harness/sim/memory_pool.h"
#include "harness/sim/process.h"
#include "harness/sim/registry.h"
#include "harness/sim/scheduler.h"
#include "harness/sim/trace.h"

namespace lh::sim {

// Fuel: one slice is 100,000 units (lunatic's unit of compute); virtual time advances by
// one nanosecond per unit of fuel a process consumes.
inline constexpr int64_t kFuelSlice = 100'000;
inline constexpr uint64_t kNanosecondsPerFuelUnit = 1;

// The run bounds every world gets unless told otherwise (a scenario's defaults too).
inline constexpr uint64_t kDefaultMaxSteps = 1'000'000;
inline constexpr uint64_t kDefaultMaxTimeNs = 3'600'000'000'000ull;  // one virtual hour

struct WorldOptions {
  uint64_t environment_id = 1;
  std::optional<uint64_t> max_processes;  // live processes at most; beyond: spawn traps
  Policy policy = Policy::Fifo;
  uint64_t seed = 0;
  PctOptions pct;     // the pct policy's depth and step estimate
  FaultRates faults;  // injected faults (none by default)
  // Follow this schedule (decisions and faults) instead of the policy and fault rates.
  std::optional<Replay> replay;
  uint64_t max_steps = kDefaultMaxSteps;
  uint64_t max_time_ns = kDefaultMaxTimeNs;
  // When the root ends, so does the world, as under `lunatic run` (A1): every other process
  // stops where it is, and no link is notified. False keeps running the others until
  // nothing can make progress (for scenarios written to wait for them).
  bool root_exit_ends_world = true;
  TraceOptions trace;
  // Which dead processes keep their ProcessOutcome (empty: all of them). A dead process's
  // instance, memory, tables and queues are always freed when it dies.
  std::function<bool(uint64_t pid)> keep_outcome;
};

// `now_ns` plus `ms` milliseconds, saturating at the largest time.
[[nodiscard]] uint64_t deadline_after_ms(uint64_t now_ns, uint64_t ms);

// How a run ended: the root returned (or died) and, as under `lunatic run`, that ended the
// world; quiescent (no process can make progress: every process has ended or waits for
// something that can no longer happen); or cut short by a bound.
enum class RunVerdict { RootExited, Quiescent, StepLimit, TimeLimit };
[[nodiscard]] const char* run_verdict_name(RunVerdict verdict);
[[nodiscard]] std::optional<RunVerdict> run_verdict_from_name(std::string_view name);
// "root_exited, quiescent, step_limit or time_limit", for messages.
[[nodiscard]] std::string run_verdict_names();

struct SpawnRequest {
  std::shared_ptr<const Module> module;
  ProcessConfig config;
  std::string entry;
  std::vector<EntryParam> params;
  WasiContext wasi;                 // its descriptors (preopens opened) and clock origin
  std::optional<int64_t> link_tag;  // link the child to the parent with this tag
  std::optional<uint64_t> id;       // an id taken earlier with allocate_process_id()
  bool call_initialize = false;     // call an exported `_initialize` before the entry
};

class World {
 public:
  World(wasm_store_t* store, ImportResolver& resolver, WorldOptions options);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  struct SpawnOutcome {
    uint64_t id = 0;
    Status status;  // why instantiation failed (the id is still consumed)
  };
  // Creates, instantiates and registers a process. `parent` is 0 for the root (the first
  // such process is the root). A linked child is held (registered, not run) until
  // release_linked_child.
  SpawnOutcome spawn(SpawnRequest request, uint64_t parent);
  // The end of a linked spawn, after the parent's yield: the child gets Link(tag, parent)
  // and may run (lunatic's spawn_wasm order, A17). Nothing if it died meanwhile.
  void release_linked_child(uint64_t child, uint64_t parent, int64_t tag);
  // Takes the next process id (spawn takes one itself unless given one).
  uint64_t allocate_process_id() { return next_process_id_++; }
  // True when one more process may be spawned (the environment's limit).
  [[nodiscard]] bool can_spawn_next_process() const;

  // Runs until no process can make progress or a bound is reached.
  RunVerdict run();

  // Delivers `signal` to process `to` if it exists (else drops it); wakes it to handle it.
  void send_signal(uint64_t to, Signal signal);
  // Whether to inject a fault of `kind` into process `pid` at this chance; when so, records
  // the `fault` event. The world injects kill, spawn_failure and timer_delay itself; the
  // host's fuel check asks for fuel_exhaustion.
  [[nodiscard]] bool inject_fault(FaultKind kind, uint64_t pid);
  // This run's schedule so far as data: replayed (WorldOptions::replay), it runs again alike.
  [[nodiscard]] Replay recorded() const { return {scheduler_.deviations(), fault_plan_.fired()}; }
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
  // Process `id` if it is registered and not dead.
  [[nodiscard]] Process* find_alive(uint64_t id);
  [[nodiscard]] const Process* find_alive(uint64_t id) const;
  // What process `id` has shown so far: a live one's output, or a dead one's end (when kept,
  // see WorldOptions::keep_outcome); nullptr for an id never registered or not kept.
  [[nodiscard]] const ProcessOutcome* outcome(uint64_t id) const;
  // The number of live processes.
  [[nodiscard]] uint64_t alive() const { return alive_; }
  // Virtual time: the clock plus, while a process runs, the fuel it has used so far.
  [[nodiscard]] uint64_t now_ns() const;
  [[nodiscard]] uint64_t steps() const { return steps_; }
  [[nodiscard]] uint64_t processes_created() const { return next_process_id_ - 1; }
  // Spawns served by a dead process's instance (instance_pool.h); never in the trace.
  [[nodiscard]] uint64_t instances_reused() const { return instances_reused_; }
  [[nodiscard]] uint64_t environment_id() const { return options_.environment_id; }
  [[nodiscard]] Trace& trace() { return trace_; }
  [[nodiscard]] const Trace& trace() const { return trace_; }
  [[nodiscard]] Prng& prng() { return scheduler_.prng(); }
  // The file system, standard input and random stream every process shares.
  [[nodiscard]] WasiWorld& wasi() { return wasi_; }

  void record(EventKind kind, uint64_t pid, std::vector<Field> fields = {}) {
    trace_.record(now_ns(), kind, pid, std::move(fields));
  }

  // The world's process registry (lunatic::registry), shared by every process
  // (sim/registry.cc holds the lock operations below).
  [[nodiscard]] Registry& registry() { return registry_; }
  // `pid` blocks on the registry's write lock: it joins the waiters (keeping its place if it
  // waited before) and a registry_wait event is recorded. Its host call then suspends with
  // Wait::Kind::RegistryLock, satisfied once the lock is free.
  void wait_for_registry(uint64_t pid);
  // `pid` keeps the registry's write lock across host calls (get_or_put_later, not found).
  void lock_registry(uint64_t pid, std::string_view name);
  // Frees the registry's write lock held by `pid` because of `why` ("put" or "death") and
  // wakes the processes waiting for it, in the order they began to wait.
  void release_registry(uint64_t pid, std::string_view why);

  // lunatic::timer::send_after by `owner` (sim/timers.cc): `message` goes to `to` after
  // `delay_ms` of virtual time (saturating at the last representable time), dropped then
  // unless `to` exists now. Returns the timer's id in owner's table.
  uint64_t send_after(Process& owner, uint64_t to, uint64_t delay_ms, Message message);
  // lunatic::timer::cancel_timer: true while `id` is in owner's table; its message, if not
  // delivered yet, never is.
  bool cancel_message_timer(Process& owner, uint64_t id);

 private:
  // Ends `process` with `reason` (trap message when it failed), notifying its links. The
  // process is freed at the next reap().
  void die(Process& process, DeathReason reason, std::string message = {});
  // The rest of a death: ProcessDied to the monitors, the registry lock freed.
  void notify_monitors_and_registry(Process& process);
  // Frees the processes that died since the last call, keeping their outcome if asked.
  void reap();
  // Adds consumed CPU (fuel units) to virtual time.
  void advance_by_fuel(uint64_t units) { now_ns_ += units * kNanosecondsPerFuelUnit; }

  void step(Process& process);
  void run_guest(Process& process);
  void handle_signal(Process& process, Signal signal);
  [[nodiscard]] bool wait_satisfied(const Process& process) const;
  void arm_timer(Process& process, uint64_t time_ns);
  // Puts `signal` in process `to`'s queue (if alive) and schedules it (send_signal's end).
  void deliver(uint64_t to, Signal signal);
  void cancel_timer(Process& process);
  void run_due_injections();
  // Delivers (or drops) the message of the lunatic::timer armed as scheduler event `sequence`.
  void fire_message_timer(uint64_t sequence);

  // A lunatic::timer message waiting for its time; it belongs to the world, not to its owner.
  struct MessageTimer {
    uint64_t owner = 0;
    uint64_t id = 0;  // in the owner's table
    uint64_t to = 0;
    bool target_existed = false;  // looked up when the timer was set
    Message message;
  };

  wasm_store_t* store_;
  MemoryPool memory_pool_;  // before processes_: their guests return memories to it
  InstancePool instance_pool_;
  uint64_t instances_reused_ = 0;
  ImportResolver& resolver_;
  WorldOptions options_;
  Scheduler scheduler_;
  Trace trace_;
  WasiWorld wasi_;  // before processes_: their descriptors hold its inodes
  uint64_t now_ns_ = 0;
  uint64_t slice_start_fuel_ = 0;  // fuel the running process had used when its slice began
  uint64_t steps_ = 0;
  uint64_t next_process_id_ = 1;
  uint64_t alive_ = 0;
  std::map<uint64_t, std::unique_ptr<Process>> processes_;  // live (and just-dead) by id
  std::vector<uint64_t> dead_;                              // died since the last reap()
  std::map<uint64_t, ProcessOutcome> outcomes_;             // kept outcomes of dead ones
  std::optional<uint64_t> root_id_;  // the first process spawned with no parent
  FaultPlan fault_plan_;
  // Signals held back by a message_delay fault, by (sender, receiver), in sending order.
  std::map<std::pair<uint64_t, uint64_t>, std::deque<Signal>> delayed_;
  bool stopped_ = false;  // the root ended and took the world with it
  std::multimap<uint64_t, std::function<void(World&)>> injections_;  // by time, then order added
  Process* current_ = nullptr;
  Registry registry_;
  std::map<uint64_t, MessageTimer> message_timers_;  // by scheduler sequence number
};

}  // namespace lh::sim
