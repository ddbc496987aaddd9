#include "harness/sim/scheduler.h"

#include <algorithm>

namespace lh::sim {

const char* policy_name(Policy policy) {
  switch (policy) {
    case Policy::Fifo: return "fifo";
    case Policy::Random: return "random";
    case Policy::Pct: return "pct";
  }
  return "?";
}

std::optional<Policy> policy_from_name(std::string_view name) {
  for (Policy policy : {Policy::Fifo, Policy::Random, Policy::Pct})
    if (name == policy_name(policy)) return policy;
  return std::nullopt;
}

Scheduler::Scheduler(Policy policy, uint64_t seed, PctOptions pct)
    : policy_(policy), prng_(seed), pct_(pct) {
  if (policy_ != Policy::Pct) return;
  pct_.depth = std::max<uint32_t>(pct_.depth, 1);
  pct_.steps = std::max<uint64_t>(pct_.steps, 1);
  // depth-1 distinct change points in [1, steps] (fewer when the run is shorter).
  std::set<uint64_t> points;
  const uint64_t wanted = std::min<uint64_t>(pct_.depth - 1, pct_.steps);
  while (points.size() < wanted) points.insert(1 + prng_.below(pct_.steps));
  change_points_.assign(points.begin(), points.end());
}

void Scheduler::enqueue(uint64_t pid) {
  if (!in_queue_.insert(pid).second) return;
  queue_.push_back(pid);
  // A random initial priority at or above depth (ties, which need a 2^-63 coincidence,
  // go to the earlier-queued process).
  if (policy_ == Policy::Pct && !priority_.count(pid))
    priority_.emplace(pid, pct_.depth + (prng_.next() >> 1));
}

size_t Scheduler::pct_pick() {
  size_t best = 0;
  for (size_t i = 1; i < queue_.size(); ++i)
    if (priority_[queue_[i]] > priority_[queue_[best]]) best = i;
  // The i-th change point (1-based) lowers the process chosen at it to depth - i.
  auto point = std::lower_bound(change_points_.begin(), change_points_.end(), decisions_);
  if (point != change_points_.end() && *point == decisions_)
    priority_[queue_[best]] =
        pct_.depth - 1 - static_cast<uint64_t>(point - change_points_.begin());
  return best;
}

void Scheduler::forget(uint64_t pid) { priority_.erase(pid); }

bool Scheduler::queued(uint64_t pid) const { return in_queue_.count(pid) > 0; }

std::optional<uint64_t> Scheduler::next() {
  if (queue_.empty()) return std::nullopt;
  ++decisions_;
  size_t index = 0;
  if (replay_) {
    auto pick = replay_->find(decisions_);
    if (pick != replay_->end())
      if (auto at = std::find(queue_.begin(), queue_.end(), pick->second); at != queue_.end())
        index = static_cast<size_t>(at - queue_.begin());
  } else if (policy_ == Policy::Random) {
    index = prng_.below(queue_.size());
  } else if (policy_ == Policy::Pct) {
    index = pct_pick();
  }
  uint64_t pid = queue_[index];
  if (index != 0) deviations_.emplace(decisions_, pid);
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
