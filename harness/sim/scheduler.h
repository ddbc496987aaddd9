// Which process runs next. A run queue (fifo: new and yielding processes join the back;
// random: a seeded choice among the queued at every scheduling point) and timers ordered
// by (virtual time, sequence number). Never ordered by pointer or hash.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "harness/sim/prng.h"

namespace lh::sim {

enum class Policy { Fifo, Random };
[[nodiscard]] const char* policy_name(Policy policy);

class Scheduler {
 public:
  Scheduler(Policy policy, uint64_t seed) : policy_(policy), prng_(seed) {}

  // Queues `pid` unless it is queued already.
  void enqueue(uint64_t pid);
  [[nodiscard]] bool queued(uint64_t pid) const;
  // The next process to run, removed from the queue; nullopt when the queue is empty.
  [[nodiscard]] std::optional<uint64_t> next();
  [[nodiscard]] bool idle() const { return queue_.empty(); }

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
  Policy policy_;
  Prng prng_;
  std::deque<uint64_t> queue_;
  std::set<uint64_t> in_queue_;  // the queued pids (an ordered set: no hash order)
  // (time, seq) -> the pid to wake, or nullopt for an event timer
  std::map<std::pair<uint64_t, uint64_t>, std::optional<uint64_t>> timers_;
  uint64_t timer_sequence_ = 0;
};

}  // namespace lh::sim
