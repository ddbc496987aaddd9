#include "harness/sim/scheduler.h"

namespace lh::sim {

const char* policy_name(Policy policy) { return policy == Policy::Fifo ? "fifo" : "random"; }

void Scheduler::enqueue(uint64_t pid) {
  if (in_queue_.insert(pid).second) queue_.push_back(pid);
}

bool Scheduler::queued(uint64_t pid) const { return in_queue_.count(pid) > 0; }

std::optional<uint64_t> Scheduler::next() {
  if (queue_.empty()) return std::nullopt;
  size_t index = policy_ == Policy::Random ? prng_.below(queue_.size()) : 0;
  uint64_t pid = queue_[index];
  queue_.erase(queue_.begin() + static_cast<std::ptrdiff_t>(index));
  in_queue_.erase(pid);
  return pid;
}

uint64_t Scheduler::arm(uint64_t time_ns, uint64_t pid) {
  uint64_t sequence = ++timer_sequence_;
  timers_.emplace(std::make_pair(time_ns, sequence), pid);
  return sequence;
}

uint64_t Scheduler::arm_event(uint64_t time_ns) {
  uint64_t sequence = ++timer_sequence_;
  timers_.emplace(std::make_pair(time_ns, sequence), std::nullopt);
  return sequence;
}

void Scheduler::cancel(uint64_t time_ns, uint64_t sequence) {
  timers_.erase(std::make_pair(time_ns, sequence));
}

std::optional<uint64_t> Scheduler::earliest_timer() const {
  if (timers_.empty()) return std::nullopt;
  return timers_.begin()->first.first;
}

void Scheduler::fire_due(uint64_t now_ns, const std::function<void(uint64_t)>& on_event) {
  while (!timers_.empty() && timers_.begin()->first.first <= now_ns) {
    uint64_t sequence = timers_.begin()->first.second;
    std::optional<uint64_t> pid = timers_.begin()->second;
    timers_.erase(timers_.begin());
    if (pid)
      enqueue(*pid);
    else if (on_event)
      on_event(sequence);
  }
}

}  // namespace lh::sim
