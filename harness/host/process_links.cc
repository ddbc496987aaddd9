// lunatic::process identity, time, links and kill: process_id, environment_id, sleep_ms,
// die_when_link_dies, link, unlink, kill, exists.
#include <limits>

#include "harness/host/registry.h"

namespace lh::host {
namespace {

HostResult process_id(HostCall& call) {
  call.return_i64(static_cast<int64_t>(call.process.id));
  return HostResult::ok();
}

HostResult environment_id(HostCall& call) {
  call.return_i64(static_cast<int64_t>(call.process.environment_id));
  return HostResult::ok();
}

// sleep_ms(ms): always suspends (sleep_ms(0) is a yield to the back of the queue).
HostResult sleep_ms(HostCall& call) {
  if (call.resumed()) return HostResult::ok();
  uint64_t ms = call.u64(0);
  uint64_t wake = sim::deadline_after_ms(call.world.now_ns(), ms);
  call.world.record(sim::EventKind::Sleep, call.process.id, {{"ms", ms}});
  sim::Wait wait{sim::Wait::Kind::Sleep};
  wait.wake_at_ns = wake;
  return call.suspend(std::move(wait));
}

// die_when_link_dies(trap): delivered to itself as a signal.
HostResult die_when_link_dies(HostCall& call) {
  sim::Signal signal{sim::Signal::Kind::DieWhenLinkDies};
  signal.flag = call.i32(0) != 0;
  call.world.send_signal(call.process.id, std::move(signal));
  return HostResult::ok();
}

// link(tag, id): Link signals both ways; an unknown id gives the caller LinkDied(NoProcess).
// Never traps (the seed's comment says it does; the code does not).
HostResult link(HostCall& call) {
  int64_t tag = call.i64(0);
  uint64_t other = call.u64(1);
  uint64_t self = call.process.id;
  call.world.record(sim::EventKind::Link, self, {{"other", other}, {"tag", tag}});
  call.world.link(self, other, tag);
  return HostResult::ok();
}

// unlink(id): UnLink to the other (if it exists) and to the caller. Never traps.
HostResult unlink(HostCall& call) {
  uint64_t other = call.u64(0);
  uint64_t self = call.process.id;
  call.world.record(sim::EventKind::Unlink, self, {{"other", other}});
  call.world.unlink(self, other);
  return HostResult::ok();
}

// kill(id): a Kill signal if the process exists; unknown ids are ignored.
HostResult kill(HostCall& call) {
  uint64_t target = call.u64(0);
  call.world.record(sim::EventKind::Kill, call.process.id, {{"target", target}});
  if (call.world.find_alive(target))
    call.world.send_signal(target, sim::Signal{sim::Signal::Kind::Kill});
  return HostResult::ok();
}

HostResult exists(HostCall& call) {
  call.return_i32(call.world.find_alive(call.u64(0)) ? 1 : 0);
  return HostResult::ok();
}

}  // namespace

void add_process_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::process";
  out.push_back({ns, "sleep_ms", {WASM_I64}, {}, sleep_ms, /*may_suspend=*/true});
  out.push_back({ns, "die_when_link_dies", {WASM_I32}, {}, die_when_link_dies});
  out.push_back({ns, "process_id", {}, {WASM_I64}, process_id});
  out.push_back({ns, "environment_id", {}, {WASM_I64}, environment_id});
  out.push_back({ns, "link", {WASM_I64, WASM_I64}, {}, link});
  out.push_back({ns, "unlink", {WASM_I64}, {}, unlink});
  out.push_back({ns, "kill", {WASM_I64}, {}, kill});
  out.push_back({ns, "exists", {WASM_I64}, {WASM_I32}, exists});
}

}  // namespace lh::host
