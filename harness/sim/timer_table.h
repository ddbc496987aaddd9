// A process's lunatic::timer table: timer ids counting from 0 (never reused) and, for each,
// the scheduler timer that delivers its message. lunatic's rule is kept: before every
// insertion the entries whose fire time has come (at or before now) are purged, whether or
// not their message has been delivered yet; cancel_timer answers from this table alone.
// Owned by its Process; the scheduled messages themselves belong to the World, so they
// outlive the process that set them.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <optional>

namespace lh::sim {

class TimerTable {
 public:
  struct Timer {
    uint64_t time_ns = 0;   // when the message is due
    uint64_t sequence = 0;  // the scheduler timer's sequence number
  };

  // Purges the entries due at or before `now_ns`, then adds `timer`; returns its id.
  uint64_t add(uint64_t now_ns, Timer timer) {
    for (auto it = entries_.begin(); it != entries_.end();)
      it = it->second.time_ns <= now_ns ? entries_.erase(it) : std::next(it);
    entries_.emplace(next_, timer);
    return next_++;
  }
  // Removes timer `id`; nullopt when it is not in the table.
  std::optional<Timer> remove(uint64_t id) {
    auto it = entries_.find(id);
    if (it == entries_.end()) return std::nullopt;
    Timer timer = it->second;
    entries_.erase(it);
    return timer;
  }
  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  std::map<uint64_t, Timer> entries_;
  uint64_t next_ = 0;
};

}  // namespace lh::sim
