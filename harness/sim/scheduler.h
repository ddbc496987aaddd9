// Which process runs next. A run queue (fifo: new and yielding processes join the back;
// random: a seeded choice among the queued at every scheduling point; pct: probabilistic
// concurrency testing, below) and timers ordered by (virtual time, sequence number). Never
// ordered by pointer or hash.
//
// PCT (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS 2010): every process gets a
// random priority when first queued, all at least `depth`; the highest-priority queued
// process always runs; depth-1 change points, drawn uniformly from the first `steps`
// scheduling decisions, lower the priority of the process chosen at that decision to
// depth-i (the i-th change point), so it runs only when no unlowered process can. A bug
// that needs d ordering constraints is found with probability at least 1/(n*k^(d-1)) per
// seed (n processes, k steps).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/sim/prng.h"
#include "harness/sim/replay.h"

namespace lh::sim {

enum class Policy { Fifo, Random, Pct };
[[nodiscard]] const char* policy_name(Policy policy);
[[nodiscard]] std::optional<Policy> policy_from_name(std::string_view name);
inline constexpr const char* kPolicyNames = "fifo, random or pct";

// PCT's parameters: the bug depth it aims at and the run length it spreads change points
// over (a scheduling decision count; explore measures it with a fifo run).
struct PctOptions {
  uint32_t depth = 3;
  uint64_t steps = 100;
};

class Scheduler {
 public:
  Scheduler(Policy policy, uint64_t seed, PctOptions pct = {});
  // Follows `picks` (a recorded schedule, or part of one) and takes the front of the queue
  // at every other decision.
  void replay(std::map<uint64_t, uint64_t> picks) { replay_ = std::move(picks); }
  // The decisions so far that did not take the front of the queue (Replay::picks).
  [[nodiscard]] const std::map<uint64_t, uint64_t>& deviations() const { return deviations_; }

  // Queues `pid` unless it is queued already.
  void enqueue(uint64_t pid);
  [[nodiscard]] bool queued(uint64_t pid) const;
  // The next process to run, removed from the queue; nullopt when the queue is empty.
  [[nodiscard]] std::optional<uint64_t> next();
  [[nodiscard]] bool idle() const { return queue_.empty(); }
  // Drops what the scheduler keeps about a dead process (its PCT priority).
  void forget(uint64_t pid);

  // Arms a timer that wakes `pid`; returns its sequence number (to cancel it).
  uint64_t arm(uint64_t time_ns, uint64_t pid);
  // Arms a timer that, when due, is handed to fire_due's `on_event` by its sequence number
  // (lunatic::timer's messages); returns that number.
  uint64_t arm_event(uint64_t time_ns);
  void cancel(uint64_t time_ns, uint64_t sequence);
  [[nodiscard]] std::optional<uint64_t> earliest_timer() const;
  // Fires every timer due at or before `now_ns`, in (time, seq) order: a wake timer queues
  // its process, an event timer calls on_event(sequence).
  void fire_due(uint64_t now_ns, const std::function<void(uint64_t)>& on_event = {});

  [[nodiscard]] Prng& prng() { return prng_; }

 private:
  // PCT: the queued process to run at this decision (lowering it at a change point).
  [[nodiscard]] size_t pct_pick();

  Policy policy_;
  Prng prng_;
  PctOptions pct_;
  uint64_t decisions_ = 0;
  std::optional<std::map<uint64_t, uint64_t>> replay_;
  std::map<uint64_t, uint64_t> deviations_;
  std::vector<uint64_t> change_points_;    // ascending decision numbers (PCT)
  std::map<uint64_t, uint64_t> priority_;  // pid -> PCT priority (higher runs first)
  std::deque<uint64_t> queue_;
  std::set<uint64_t> in_queue_;  // the queued pids (an ordered set: no hash order)
  // (time, seq) -> the pid to wake, or nullopt for an event timer
  std::map<std::pair<uint64_t, uint64_t>, std::optional<uint64_t>> timers_;
  uint64_t timer_sequence_ = 0;
};

}  // namespace lh::sim
