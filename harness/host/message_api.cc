// lunatic::message: the scratch area, data messages, sending and (selective) receiving.
#include <algorithm>
#include <limits>

#include "harness/host/registry.h"

namespace lh::host {
namespace {

constexpr int32_t kReceivedData = 0, kReceivedLinkDied = 1, kReceivedProcessDied = 2,
                  kTimedOut = 9027;
constexpr uint64_t kNoTimeout = std::numeric_limits<uint64_t>::max();
// A bound on one message so that no guest can exhaust the harness's memory by writing.
constexpr uint64_t kMaxMessageBytes = uint64_t{64} << 20;

// The scratch message if it is a data message, else the trap.
std::variant<sim::Message*, HostResult> scratch_data(HostCall& call) {
  if (!call.process.scratch) return HostResult::trap(TrapId::NoScratchMessage);
  if (call.process.scratch->kind == sim::Message::Kind::ProcessDied)
    return HostResult::trap(TrapId::MessageProcessDied);
  if (call.process.scratch->kind != sim::Message::Kind::Data)
    return HostResult::trap(TrapId::NotDataMessage);
  return &*call.process.scratch;
}

HostResult create_data(HostCall& call) {
  sim::Message message;
  message.tag = call.i64(0);
  message.sender = call.process.id;
  // The capacity is a hint; a guest asking for terabytes gets nothing reserved.
  message.data.reserve(std::min<uint64_t>(call.u64(1), 1 << 20));
  call.process.scratch = std::move(message);
  return HostResult::ok();
}

HostResult write_data(HostCall& call) {
  auto scratch = scratch_data(call);
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  std::string bytes;
  LH_RETURN_IF_NOT_OK(call.read(call.u32(0), call.u32(1), &bytes, TrapId::MessageMemory));
  auto& data = std::get<sim::Message*>(scratch)->data;
  if (data.size() + bytes.size() > kMaxMessageBytes)
    return HostResult::trap(TrapId::MessageTooLarge);
  data.insert(data.end(), bytes.begin(), bytes.end());
  call.return_i32(static_cast<int32_t>(bytes.size()));
  return HostResult::ok();
}

HostResult read_data(HostCall& call) {
  auto scratch = scratch_data(call);
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  sim::Message& message = *std::get<sim::Message*>(scratch);
  uint64_t available =
      message.read_position < message.data.size() ? message.data.size() - message.read_position : 0;
  uint32_t count = static_cast<uint32_t>(std::min<uint64_t>(available, call.u32(1)));
  auto bytes =
      std::span<const uint8_t>(message.data).subspan(available ? message.read_position : 0, count);
  LH_RETURN_IF_NOT_OK(call.write(call.u32(0), bytes, TrapId::MessageMemory));
  message.read_position += count;
  call.return_i32(static_cast<int32_t>(count));
  return HostResult::ok();
}

HostResult seek_data(HostCall& call) {
  auto scratch = scratch_data(call);
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  std::get<sim::Message*>(scratch)->read_position = call.u64(0);
  return HostResult::ok();
}

HostResult get_tag(HostCall& call) {
  if (!call.process.scratch) return HostResult::trap(TrapId::NoScratchMessage);
  call.return_i64(call.process.scratch->tag);
  return HostResult::ok();
}

HostResult data_size(HostCall& call) {
  auto scratch = scratch_data(call);
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  call.return_i64(static_cast<int64_t>(std::get<sim::Message*>(scratch)->data.size()));
  return HostResult::ok();
}

HostResult push_module(HostCall& call) {
  auto scratch = scratch_data(call);
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  const auto* module = call.process.modules.get(call.u64(0));
  if (!module) return HostResult::trap(TrapId::MessageModuleMissing);
  auto& modules = std::get<sim::Message*>(scratch)->modules;
  modules.push_back(*module);
  call.return_i64(static_cast<int64_t>(modules.size() - 1));
  return HostResult::ok();
}

HostResult take_module(HostCall& call) {
  auto scratch = scratch_data(call);
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  auto& modules = std::get<sim::Message*>(scratch)->modules;
  uint64_t index = call.u64(0);
  if (index >= modules.size() || !modules[index])
    return HostResult::trap(TrapId::MessageModuleIndex);
  call.return_i64(static_cast<int64_t>(call.process.modules.add(std::move(modules[index]))));
  return HostResult::ok();
}

// Sends the scratch message to `to` (dropped silently when `to` does not exist).
HostResult send_scratch(HostCall& call, uint64_t to) {
  if (!call.process.scratch) return HostResult::trap(TrapId::NoScratchMessage);
  sim::Message message = std::move(*call.process.scratch);
  call.process.scratch.reset();
  call.world.record(sim::EventKind::Send, call.process.id,
                    {{"to", to}, {"tag", message.tag}, {"size", uint64_t{message.data.size()}}});
  sim::Signal signal{sim::Signal::Kind::Message};
  signal.message = std::move(message);
  call.world.send_signal(to, std::move(signal));
  return HostResult::ok();
}

HostResult send(HostCall& call) {
  LH_RETURN_IF_NOT_OK(send_scratch(call, call.u64(0)));
  call.return_i32(0);
  return HostResult::ok();
}

// receive's code for a message of `kind`, and its name in the trace.
int32_t received_code(sim::Message::Kind kind) {
  switch (kind) {
    case sim::Message::Kind::Data: return kReceivedData;
    case sim::Message::Kind::LinkDied: return kReceivedLinkDied;
    case sim::Message::Kind::ProcessDied: return kReceivedProcessDied;
  }
  return kReceivedData;
}
std::string received_kind(sim::Message::Kind kind) {
  switch (kind) {
    case sim::Message::Kind::Data: return "data";
    case sim::Message::Kind::LinkDied: return "link_died";
    case sim::Message::Kind::ProcessDied: return "process_died";
  }
  return "data";
}

// Moves mailbox entry `index` into the scratch area; returns receive's code for it.
int32_t deliver(HostCall& call, size_t index) {
  sim::Process& p = call.process;
  sim::Message message = p.mailbox.take(index);
  sim::Message::Kind kind = message.kind;
  call.world.record(
      sim::EventKind::Receive, p.id,
      {{"from", message.sender}, {"tag", message.tag}, {"kind", received_kind(kind)}});
  p.scratch = std::move(message);
  return received_code(kind);
}

sim::Wait timed_wait(HostCall& call, sim::Wait::Kind kind, uint64_t timeout_ms) {
  sim::Wait wait{kind};
  if (timeout_ms != kNoTimeout) {
    wait.has_timeout = true;
    wait.wake_at_ns = sim::deadline_after_ms(call.world.now_ns(), timeout_ms);
  }
  return wait;
}

// receive(tags_ptr, tags_len, timeout_ms) -> 0 data | 1 LinkDied | 9027 timed out.
HostResult receive(HostCall& call) {
  uint32_t count = call.u32(1);
  if (uint64_t{count} * 8 > std::numeric_limits<uint32_t>::max())
    return HostResult::trap(TrapId::MessageMemory);
  std::string raw;
  LH_RETURN_IF_NOT_OK(call.read(call.u32(0), count * 8, &raw, TrapId::MessageMemory));
  std::vector<int64_t> tags(count);
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t v = 0;
    for (int b = 7; b >= 0; --b) v = (v << 8) | static_cast<uint8_t>(raw[i * 8 + b]);
    tags[i] = static_cast<int64_t>(v);
  }
  if (std::optional<size_t> found = call.process.mailbox.find(tags)) {
    call.return_i32(deliver(call, *found));
    return HostResult::ok();
  }
  if (call.resumed()) {
    call.return_i32(kTimedOut);
    return HostResult::ok();
  }
  sim::Wait wait = timed_wait(call, sim::Wait::Kind::Receive, call.u64(2));
  wait.tags = std::move(tags);
  return call.suspend(std::move(wait));
}

// send_receive_skip_search(id, tag, timeout_ms) -> 0 | 9027: sends, then waits only for a
// message with `tag` that arrives after the send.
HostResult send_receive_skip_search(HostCall& call) {
  int64_t tag = call.i64(1);
  sim::Process& p = call.process;
  if (call.resumed()) {
    if (std::optional<size_t> found = p.mailbox.find_after(p.wait.mailbox_mark, {tag})) {
      (void)deliver(call, *found);
      call.return_i32(0);
      return HostResult::ok();
    }
    call.return_i32(kTimedOut);
    return HostResult::ok();
  }
  LH_RETURN_IF_NOT_OK(send_scratch(call, call.u64(0)));
  sim::Wait wait = timed_wait(call, sim::Wait::Kind::ReceiveNew, call.u64(2));
  wait.tags = {tag};
  wait.mailbox_mark = p.mailbox.arrivals();
  return call.suspend(std::move(wait));
}

}  // namespace

void add_message_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::message";
  out.push_back({ns, "create_data", {WASM_I64, WASM_I64}, {}, create_data});
  out.push_back({ns, "write_data", {WASM_I32, WASM_I32}, {WASM_I32}, write_data});
  out.push_back({ns, "read_data", {WASM_I32, WASM_I32}, {WASM_I32}, read_data});
  out.push_back({ns, "seek_data", {WASM_I64}, {}, seek_data});
  out.push_back({ns, "get_tag", {}, {WASM_I64}, get_tag});
  out.push_back({ns, "data_size", {}, {WASM_I64}, data_size});
  out.push_back({ns, "push_module", {WASM_I64}, {WASM_I64}, push_module});
  out.push_back({ns, "take_module", {WASM_I64}, {WASM_I64}, take_module});
  out.push_back({ns, "send", {WASM_I64}, {WASM_I32}, send});
  out.push_back({ns, "receive", {WASM_I32, WASM_I32, WASM_I64}, {WASM_I32}, receive, true});
  out.push_back({ns,
                 "send_receive_skip_search",
                 {WASM_I64, WASM_I64, WASM_I64},
                 {WASM_I32},
                 send_receive_skip_search,
                 true});
}

}  // namespace lh::host
