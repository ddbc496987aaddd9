// The trace: every observable event of a run, in order, with virtual time and a sequence
// number; a canonical text form (one JSON object per line, keys in a fixed order) and a
// 64-bit hash of that text. Nothing address- or hash-order-dependent ever enters it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace lh::sim {

// Event vocabulary (documented in spec/trace-events.md).
enum class EventKind {
  Spawn,
  SpawnFailed,
  Start,
  Link,
  Unlink,
  Signal,
  Send,
  Receive,
  Sleep,
  Suspend,
  Wake,
  FuelYield,
  Kill,
  Trap,
  Exit,
  Death,
  Stdout,
  Stderr,
  Inject,
};
[[nodiscard]] std::string_view event_name(EventKind kind);
[[nodiscard]] std::optional<EventKind> event_from_name(std::string_view name);

using FieldValue = std::variant<int64_t, uint64_t, std::string>;
struct Field {
  std::string name;
  FieldValue value;
};

struct TraceEvent {
  uint64_t seq = 0;
  uint64_t time_ns = 0;
  EventKind kind = EventKind::Spawn;
  uint64_t pid = 0;
  std::vector<Field> fields;  // in the order the emitter wrote them

  [[nodiscard]] const FieldValue* field(std::string_view name) const;
  // The canonical one-line JSON form.
  [[nodiscard]] std::string canonical() const;
};

class Trace {
 public:
  void record(uint64_t time_ns, EventKind kind, uint64_t pid, std::vector<Field> fields = {});
  [[nodiscard]] const std::vector<TraceEvent>& events() const { return events_; }
  // All events' canonical lines, each ending in '\n'.
  [[nodiscard]] std::string canonical() const;
  // XXH3-64 of canonical().
  [[nodiscard]] uint64_t hash() const;

 private:
  std::vector<TraceEvent> events_;
};

}  // namespace lh::sim
