#include "harness/sim/mailbox.h"

#include <algorithm>

namespace lh::sim {

bool passes(const Message& message, const TagFilter& filter) {
  if (!filter) return true;
  // A ProcessDied message has no tag: no filter takes it (lunatic v0.13.2's mailbox).
  if (message.kind == Message::Kind::ProcessDied) return false;
  return message.tag != 0 &&
         std::find(filter->begin(), filter->end(), message.tag) != filter->end();
}

void Mailbox::push(Message message) {
  if (armed_ && passes(message, filter_)) {
    armed_ = false;
    found_ = std::move(message);
    return;
  }
  queue_.push_back(std::move(message));
}

std::optional<Message> Mailbox::take_matching(const TagFilter& filter) {
  skip_search();
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    if (!passes(*it, filter)) continue;
    Message message = std::move(*it);
    queue_.erase(it);
    return message;
  }
  return std::nullopt;
}

void Mailbox::skip_search() {
  if (!found_) return;
  queue_.push_back(std::move(*found_));
  found_.reset();
}

void Mailbox::arm(TagFilter filter) {
  armed_ = true;
  filter_ = std::move(filter);
}

std::optional<Message> Mailbox::take_found() {
  std::optional<Message> message = std::move(found_);
  found_.reset();
  return message;
}

void Mailbox::clear() {
  queue_.clear();
  found_.reset();
  armed_ = false;
  filter_.reset();
}

}  // namespace lh::sim
