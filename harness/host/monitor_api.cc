// The monitoring API of lunatic v0.13.2 (lunatic-rs 0.13.1 imports it):
// lunatic::process::monitor and stop_monitoring, and lunatic::message::get_process_id for the
// ProcessDied messages a monitor receives. Monitors are one-way and untagged and hear of any
// death (sim/signals.cc); see spec/lunatic-process.md and spec/lunatic-message.md.
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// monitor(process_id): a Monitor signal to the target if it exists; nothing otherwise (no
// message, no trap). Never traps.
HostResult monitor(HostCall& call) {
  uint64_t target = call.u64(0);
  call.world.record(sim::EventKind::Monitor, call.process.id, {{"other", target}});
  if (call.world.find_alive(target)) {
    sim::Signal signal{sim::Signal::Kind::Monitor};
    signal.process_id = call.process.id;
    call.world.send_signal(target, std::move(signal));
  }
  return HostResult::ok();
}

// stop_monitoring(process_id): a StopMonitoring signal to the target if it exists. Idempotent;
// a ProcessDied already queued stays queued. Never traps.
HostResult stop_monitoring(HostCall& call) {
  uint64_t target = call.u64(0);
  call.world.record(sim::EventKind::StopMonitoring, call.process.id, {{"other", target}});
  if (call.world.find_alive(target)) {
    sim::Signal signal{sim::Signal::Kind::StopMonitoring};
    signal.process_id = call.process.id;
    call.world.send_signal(target, std::move(signal));
  }
  return HostResult::ok();
}

// get_process_id() -> the dead process's id for a ProcessDied message, 0 for the others. The
// message stays in the scratch area.
HostResult get_process_id(HostCall& call) {
  const std::optional<sim::Message>& scratch = call.process.scratch;
  if (!scratch) return HostResult::trap(TrapId::GetProcessIdNoMessage);
  bool died = scratch->kind == sim::Message::Kind::ProcessDied;
  call.return_i64(died ? static_cast<int64_t>(scratch->process_died_id) : 0);
  return HostResult::ok();
}

}  // namespace

void add_monitor_functions(std::vector<HostFunctionDef>& out) {
  out.push_back({"lunatic::process", "monitor", {WASM_I64}, {}, monitor});
  out.push_back({"lunatic::process", "stop_monitoring", {WASM_I64}, {}, stop_monitoring});
  out.push_back({"lunatic::message", "get_process_id", {}, {WASM_I64}, get_process_id});
}

}  // namespace lh::host
