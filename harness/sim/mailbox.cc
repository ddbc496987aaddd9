#include "harness/sim/mailbox.h"

#include <algorithm>

namespace lh::sim {

bool tag_matches(const Message& message, const std::vector<int64_t>& tags) {
  if (tags.empty()) return true;
  // A ProcessDied message has no tag: no filter takes it (lunatic v0.13.2's mailbox).
  if (message.kind == Message::Kind::ProcessDied) return false;
  return std::find(tags.begin(), tags.end(), message.tag) != tags.end();
}

void Mailbox::push(Message message) { entries_.push_back({std::move(message), ++arrivals_}); }

std::optional<size_t> Mailbox::find(const std::vector<int64_t>& tags) const {
  return find_after(0, tags);
}

std::optional<size_t> Mailbox::find_after(uint64_t mark, const std::vector<int64_t>& tags) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].arrival > mark && tag_matches(entries_[i].message, tags)) return i;
  return std::nullopt;
}

Message Mailbox::take(size_t index) {
  Message message = std::move(entries_[index].message);
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index));
  return message;
}

}  // namespace lh::sim
