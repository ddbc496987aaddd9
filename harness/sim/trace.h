// The trace: every observable event of a run, in order, with virtual time and a sequence
// number; a canonical text form (one JSON object per line, keys in a fixed order) and a
// 64-bit hash of that text. Nothing address- or hash-order-dependent ever enters it.
// Events stream: each one is folded into the hash and handed to the sinks as it is
// recorded, and kept only when the run asks for it (TraceOptions::keep_events), so a long
// run's memory does not grow with its trace.
#pragma once

#include <cstdint>
#include <memory>
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
  Registry,         // a lunatic::registry operation (or get_or_spawn's lookup)
  RegistryWait,     // a process blocks on the registry's write lock
  RegistryLock,     // get_or_put_later keeps the write lock
  RegistryRelease,  // the write lock is freed (put, or the holder's death)
  TimerSet,
  TimerFire,
  TimerCancel,
  Monitor,
  StopMonitoring,
  Metric,
  WorldStop,   // the root returned: every other process stops at once (finding A1)
  TrapCaught,  // lunatic::trap::catch returned 0: the caught call trapped
  Fault,       // an injected fault (sim/fault_plan.h)
};
// The last event kind (every kind lies in [Spawn, kLastEventKind]).
inline constexpr EventKind kLastEventKind = EventKind::Fault;
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

// Each event's canonical line followed by '\n'.
[[nodiscard]] std::string canonical_text(const std::vector<TraceEvent>& events);

// Sees every event as it is recorded, with its canonical line (no trailing newline).
class TraceSink {
 public:
  virtual ~TraceSink() = default;
  virtual void on_event(const TraceEvent& event, std::string_view canonical_line) = 0;
};

struct TraceOptions {
  bool keep_events = true;  // keep every event (events(), canonical()); else only stream
};

class Trace {
 public:
  explicit Trace(TraceOptions options = {});
  ~Trace();
  Trace(Trace&&) noexcept;
  Trace& operator=(Trace&&) noexcept;

  void record(uint64_t time_ns, EventKind kind, uint64_t pid, std::vector<Field> fields = {});
  // Adds a sink (borrowed: it must outlive the recording); sinks are called in the order added.
  void add_sink(TraceSink* sink) { sinks_.push_back(sink); }

  // The kept events (all of them when keep_events, else none).
  [[nodiscard]] const std::vector<TraceEvent>& events() const { return events_; }
  [[nodiscard]] bool keeps_events() const { return options_.keep_events; }
  // The kept events' canonical lines, each ending in '\n'.
  [[nodiscard]] std::string canonical() const;
  // XXH3-64 of every recorded event's canonical line and '\n' (kept or not).
  [[nodiscard]] uint64_t hash() const;
  // Events recorded so far.
  [[nodiscard]] uint64_t size() const { return recorded_; }

 private:
  TraceOptions options_;
  std::vector<TraceEvent> events_;
  std::vector<TraceSink*> sinks_;
  uint64_t recorded_ = 0;
  struct HashState;
  std::unique_ptr<HashState> hash_;
};

}  // namespace lh::sim
