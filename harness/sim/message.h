// Messages in a process's mailbox: data messages (tag, bytes, modules carried along),
// LinkDied notifications and ProcessDied notifications (a monitored process died; they have
// no tag and never pass a tag filter). Tag 0 means "no tag" everywhere.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace lh::sim {

struct Module;

struct Message {
  enum class Kind { Data, LinkDied, ProcessDied } kind = Kind::Data;
  int64_t tag = 0;
  uint64_t sender = 0;  // process id, 0 for messages injected by the scenario
  std::vector<uint8_t> data;
  uint64_t read_position = 0;
  std::vector<std::shared_ptr<const Module>> modules;  // push_module / take_module
  uint64_t link_died_id = 0;                           // Kind::LinkDied: which process died
  uint64_t process_died_id = 0;                        // Kind::ProcessDied: which process died
};

}  // namespace lh::sim
