// Signals between processes (lunatic's Signal enum). Queued per process and handled, in
// order and before any more of its code runs, at the process's next suspension point.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "harness/sim/message.h"

namespace lh::sim {

enum class DeathReason { Normal, Failure, NoProcess };
[[nodiscard]] const char* death_reason_name(DeathReason reason);

struct Signal {
  enum class Kind {
    Message,
    Kill,
    DieWhenLinkDies,
    Link,
    Unlink,
    LinkDied,
    Monitor,         // process_id starts monitoring the receiver (lunatic v0.13.2)
    StopMonitoring,  // process_id stops monitoring the receiver
    ProcessDied,     // process_id, which the receiver monitors, died
  } kind;
  explicit Signal(Kind k) : kind(k) {}
  uint64_t process_id = 0;  // Link/Unlink/LinkDied/Monitor/StopMonitoring/ProcessDied: the other
  int64_t tag = 0;          // Link/LinkDied (0 = none)
  bool flag = false;        // DieWhenLinkDies
  DeathReason reason = DeathReason::Normal;  // LinkDied
  Message message;                           // Message
  uint64_t from = 0;                         // the sending process (0: the scenario or the runtime)
};
[[nodiscard]] std::string_view signal_name(Signal::Kind kind);

}  // namespace lh::sim
