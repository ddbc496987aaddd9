// lunatic::timer: send_after and cancel_timer over virtual time. A timer's message belongs to
// the world (sim/timers.cc), so it is delivered even after its creator died; the creator's
// table only answers cancel_timer (spec/lunatic-timer.md).
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// send_after(process_id, delay_ms) -> timer id: takes the scratch message (whatever its kind,
// as the reference does) and looks the target up now.
HostResult send_after(HostCall& call) {
  if (!call.process.scratch) return HostResult::trap(TrapId::TimerNoMessage);
  sim::Message message = std::move(*call.process.scratch);
  call.process.scratch.reset();
  uint64_t id = call.world.send_after(call.process, call.u64(0), call.u64(1), std::move(message));
  call.return_i64(static_cast<int64_t>(id));
  return HostResult::ok();
}

// cancel_timer(timer_id) -> 1 while the id is in the caller's table, else 0. Never traps;
// the reference's future is never pending, so it does not suspend here either.
HostResult cancel_timer(HostCall& call) {
  call.return_i32(call.world.cancel_message_timer(call.process, call.u64(0)) ? 1 : 0);
  return HostResult::ok();
}

}  // namespace

void add_timer_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::timer";
  out.push_back({ns, "send_after", {WASM_I64, WASM_I64}, {WASM_I64}, send_after});
  out.push_back({ns, "cancel_timer", {WASM_I64}, {WASM_I32}, cancel_timer});
}

}  // namespace lh::host
