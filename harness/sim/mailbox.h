// A process's mailbox, as lunatic's MessageMailbox (lunatic-process/src/mailbox.rs): the
// messages it has received (from handling Message and LinkDied signals) and not yet taken,
// in arrival order, plus lunatic's one-message "found" slot and its waiter.
//
// The waiter is what makes lunatic's order observable. A receive that finds nothing arms it
// with its tag filter; the next message that passes the filter goes to the found slot
// instead of the queue and disarms it. A receive that times out leaves the waiter armed (the
// reference drops the future but keeps the waker and the tags), so the next matching message
// is parked in the found slot and later ones overtake it: the next receive first moves the
// found message to the BACK of the queue, then searches (spec/lunatic-message.md).
// Filters only see tagged messages: a message without a tag (tag 0) never passes a filter.
// Owned by its Process; single-threaded.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "harness/sim/message.h"

namespace lh::sim {

// A receive's tag filter: nullopt takes any message; a list takes the tagged messages whose
// tag is in it (tag 0 means "no tag", so it never matches).
using TagFilter = std::optional<std::vector<int64_t>>;
[[nodiscard]] bool passes(const Message& message, const TagFilter& filter);

class Mailbox {
 public:
  // A message arrives: to the found slot if the waiter is armed and `message` passes its
  // filter (the waiter is then disarmed), else to the back of the queue.
  void push(Message message);

  // receive's search: moves a found message to the back of the queue, then takes the first
  // queued message passing `filter`, or nullopt.
  [[nodiscard]] std::optional<Message> take_matching(const TagFilter& filter);
  // send_receive_skip_search's start: moves a found message to the back of the queue and
  // searches nothing.
  void skip_search();
  // Arms the waiter with `filter` (a receive or skip-search that must wait).
  void arm(TagFilter filter);
  // Whether a message waits in the found slot (the receive that armed the waiter may go on).
  [[nodiscard]] bool has_found() const { return found_.has_value(); }
  // Takes the found message (after a wait).
  [[nodiscard]] std::optional<Message> take_found();

  void clear();
  [[nodiscard]] size_t size() const { return queue_.size() + (found_ ? 1 : 0); }
  [[nodiscard]] bool empty() const { return size() == 0; }

 private:
  std::deque<Message> queue_;
  std::optional<Message> found_;
  bool armed_ = false;  // the waiter (lunatic's waker), armed with filter_
  TagFilter filter_;
};

}  // namespace lh::sim
