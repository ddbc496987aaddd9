// A process's mailbox: the messages it has received (from handling Message and LinkDied
// signals) and not yet taken with receive, in arrival order, each with its arrival number.
// Selective receive finds the first message whose tag is in a filter; skip-search looks
// only at messages that arrived after a mark. Owned by its Process; single-threaded.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "harness/sim/message.h"

namespace lh::sim {

// Whether `message` passes a receive's tag filter: an empty filter takes anything; otherwise
// the message's tag must be one of `tags`.
[[nodiscard]] bool tag_matches(const Message& message, const std::vector<int64_t>& tags);

class Mailbox {
 public:
  // Appends `message` (its arrival number is the next one).
  void push(Message message);
  // The index of the first message passing `tags`, or nullopt.
  [[nodiscard]] std::optional<size_t> find(const std::vector<int64_t>& tags) const;
  // The index of the first message that arrived after `mark` and passes `tags`, or nullopt.
  [[nodiscard]] std::optional<size_t> find_after(uint64_t mark,
                                                 const std::vector<int64_t>& tags) const;
  // Removes and returns message `index` (from find or find_after).
  [[nodiscard]] Message take(size_t index);
  void clear() { entries_.clear(); }

  // Messages that have arrived so far (a mark for find_after).
  [[nodiscard]] uint64_t arrivals() const { return arrivals_; }
  [[nodiscard]] size_t size() const { return entries_.size(); }
  [[nodiscard]] bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    Message message;
    uint64_t arrival;
  };
  std::deque<Entry> entries_;
  uint64_t arrivals_ = 0;
};

}  // namespace lh::sim
