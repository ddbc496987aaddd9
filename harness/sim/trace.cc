#include "harness/sim/trace.h"

#include <fmt/format.h>
#include <xxhash.h>

#include <nlohmann/json.hpp>

#include "harness/base/utf8.h"

namespace lh::sim {

std::string_view event_name(EventKind kind) {
  switch (kind) {
    case EventKind::Spawn: return "spawn";
    case EventKind::SpawnFailed: return "spawn_failed";
    case EventKind::Start: return "start";
    case EventKind::Link: return "link";
    case EventKind::Unlink: return "unlink";
    case EventKind::Signal: return "signal";
    case EventKind::Send: return "send";
    case EventKind::Receive: return "receive";
    case EventKind::Sleep: return "sleep";
    case EventKind::Suspend: return "suspend";
    case EventKind::Wake: return "wake";
    case EventKind::FuelYield: return "fuel_yield";
    case EventKind::Kill: return "kill";
    case EventKind::Trap: return "trap";
    case EventKind::Exit: return "exit";
    case EventKind::Death: return "death";
    case EventKind::Stdout: return "stdout";
    case EventKind::Stderr: return "stderr";
    case EventKind::Inject: return "inject";
    case EventKind::Registry: return "registry";
    case EventKind::RegistryWait: return "registry_wait";
    case EventKind::RegistryLock: return "registry_lock";
    case EventKind::RegistryRelease: return "registry_release";
    case EventKind::TimerSet: return "timer_set";
    case EventKind::TimerFire: return "timer_fire";
    case EventKind::TimerCancel: return "timer_cancel";
    case EventKind::Monitor: return "monitor";
    case EventKind::StopMonitoring: return "stop_monitoring";
    case EventKind::Metric: return "metric";
    case EventKind::WorldStop: return "world_stop";
    case EventKind::TrapCaught: return "trap_caught";
    case EventKind::Fault: return "fault";
  }
  return "unknown";
}

std::optional<EventKind> event_from_name(std::string_view name) {
  for (int k = 0; k <= static_cast<int>(kLastEventKind); ++k) {
    auto kind = static_cast<EventKind>(k);
    if (event_name(kind) == name) return kind;
  }
  return std::nullopt;
}

const FieldValue* TraceEvent::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f.value;
  return nullptr;
}

std::string TraceEvent::canonical() const {
  std::string line =
      fmt::format(R"({{"seq":{},"t":{},"ev":"{}","pid":{})", seq, time_ns, event_name(kind), pid);
  for (const auto& f : fields) {
    line += ',';
    line += nlohmann::json(f.name).dump();
    line += ':';
    std::visit(
        [&](const auto& v) {
          line += nlohmann::json(v).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        },
        f.value);
  }
  line += '}';
  return line;
}

struct Trace::HashState {
  HashState() : state(XXH3_createState()) { XXH3_64bits_reset(state); }
  ~HashState() { XXH3_freeState(state); }
  XXH3_state_t* state;
};

Trace::Trace(TraceOptions options) : options_(options), hash_(std::make_unique<HashState>()) {}

Trace::~Trace() = default;
Trace::Trace(Trace&&) noexcept = default;
Trace& Trace::operator=(Trace&&) noexcept = default;

void Trace::record(uint64_t time_ns, EventKind kind, uint64_t pid, std::vector<Field> fields) {
  // Guests choose the bytes of some fields (their output): the trace holds valid UTF-8 only.
  for (auto& field : fields)
    if (auto* text = std::get_if<std::string>(&field.value); text && !is_valid_utf8(*text))
      *text = to_valid_utf8(*text);
  TraceEvent event{++recorded_, time_ns, kind, pid, std::move(fields)};
  std::string line = event.canonical();
  for (TraceSink* sink : sinks_) sink->on_event(event, line);
  line += '\n';
  XXH3_64bits_update(hash_->state, line.data(), line.size());
  if (options_.keep_events) events_.push_back(std::move(event));
}

std::string canonical_text(const std::vector<TraceEvent>& events) {
  std::string text;
  for (const auto& event : events) {
    text += event.canonical();
    text += '\n';
  }
  return text;
}

std::string Trace::canonical() const { return canonical_text(events_); }

uint64_t Trace::hash() const { return XXH3_64bits_digest(hash_->state); }

}  // namespace lh::sim
