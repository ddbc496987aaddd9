#include "harness/sim/signal.h"

namespace lh::sim {

const char* death_reason_name(DeathReason reason) {
  switch (reason) {
    case DeathReason::Normal: return "normal";
    case DeathReason::Failure: return "failure";
    case DeathReason::NoProcess: return "no_process";
  }
  return "unknown";
}

std::string_view signal_name(Signal::Kind kind) {
  switch (kind) {
    case Signal::Kind::Message: return "message";
    case Signal::Kind::Kill: return "kill";
    case Signal::Kind::DieWhenLinkDies: return "die_when_link_dies";
    case Signal::Kind::Link: return "link";
    case Signal::Kind::Unlink: return "unlink";
    case Signal::Kind::LinkDied: return "link_died";
    case Signal::Kind::Monitor: return "monitor";
    case Signal::Kind::StopMonitoring: return "stop_monitoring";
    case Signal::Kind::ProcessDied: return "process_died";
  }
  return "unknown";
}

}  // namespace lh::sim
