// lunatic::message: the scratch area, data messages, sending and (selective) receiving.
#include <algorithm>
#include <cstring>
#include <limits>

#include "harness/host/registry.h"

namespace lh::host {
namespace {

constexpr int32_t kReceivedData = 0, kReceivedLinkDied = 1, kReceivedProcessDied = 2,
                  kTimedOut = 9027;
constexpr uint64_t kNoTimeout = std::numeric_limits<uint64_t>::max();
// A bound on one message so that no guest can exhaust the harness's memory by writing.
constexpr uint64_t kMaxMessageBytes = uint64_t{64} << 20;

// The trap of a call to `function` with nothing in the scratch area (the info part of the
// reference's text names the function).
HostResult no_scratch_message(std::string_view function) {
  return HostResult::trap_filled(TrapId::NoScratchMessage, function);
}

// The scratch message if it is a data message, else the trap (`function` names the caller).
std::variant<sim::Message*, HostResult> scratch_data(HostCall& call, std::string_view function) {
  if (!call.process.scratch) return no_scratch_message(function);
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

// The reference's order of checks for write_data and read_data: the memory export, a message
// in the scratch area, the guest range, then whether it is a data message.
HostResult write_data(HostCall& call) {
  if (!call.memory().present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (!call.process.scratch) return no_scratch_message("write_data");
  std::string bytes;
  LH_RETURN_IF_NOT_OK(call.read(call.u32(0), call.u32(1), &bytes, TrapId::MessageWriteMemory));
  auto scratch = scratch_data(call, "write_data");
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  auto& data = std::get<sim::Message*>(scratch)->data;
  if (data.size() + bytes.size() > kMaxMessageBytes)
    return HostResult::trap(TrapId::MessageTooLarge);
  data.insert(data.end(), bytes.begin(), bytes.end());
  call.return_i32(static_cast<int32_t>(bytes.size()));
  return HostResult::ok();
}

// read_data takes the whole guest range [ptr, ptr+len) first (it must lie in memory, A10),
// and a read position past the end of the message traps (lunatic's DataMessage::read).
HostResult read_data(HostCall& call) {
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (!call.process.scratch) return no_scratch_message("read_data");
  auto target = memory.span(call.u32(0), call.u32(1));
  if (!target) return HostResult::trap(TrapId::MessageReadMemory);
  auto scratch = scratch_data(call, "read_data");
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  sim::Message& message = *std::get<sim::Message*>(scratch);
  if (message.read_position > message.data.size())
    return HostResult::trap(TrapId::MessageReadOutside);
  uint64_t available = message.data.size() - message.read_position;
  size_t count = static_cast<size_t>(std::min<uint64_t>(available, target->size()));
  // An empty message's or range's data() may be null: memcpy must not see it (UBSan).
  if (count > 0) std::memcpy(target->data(), message.data.data() + message.read_position, count);
  message.read_position += count;
  call.return_i32(static_cast<int32_t>(count));
  return HostResult::ok();
}

HostResult seek_data(HostCall& call) {
  auto scratch = scratch_data(call, "seek_data");
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  std::get<sim::Message*>(scratch)->read_position = call.u64(0);
  return HostResult::ok();
}

HostResult get_tag(HostCall& call) {
  if (!call.process.scratch) return no_scratch_message("get_tag");
  call.return_i64(call.process.scratch->tag);
  return HostResult::ok();
}

HostResult data_size(HostCall& call) {
  auto scratch = scratch_data(call, "data_size");
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  call.return_i64(static_cast<int64_t>(std::get<sim::Message*>(scratch)->data.size()));
  return HostResult::ok();
}

// push_module looks the module up before it looks at the scratch area (the reference's order).
HostResult push_module(HostCall& call) {
  const auto* module = call.process.modules.get(call.u64(0));
  if (!module) return HostResult::trap(TrapId::MessageModuleMissing);
  auto scratch = scratch_data(call, "push_module");
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  auto& modules = std::get<sim::Message*>(scratch)->modules;
  modules.push_back(*module);
  call.return_i64(static_cast<int64_t>(modules.size() - 1));
  return HostResult::ok();
}

HostResult take_module(HostCall& call) {
  auto scratch = scratch_data(call, "take_module");
  if (auto* trap = std::get_if<HostResult>(&scratch)) return *trap;
  auto& modules = std::get<sim::Message*>(scratch)->modules;
  uint64_t index = call.u64(0);
  if (index >= modules.size() || !modules[index])
    return HostResult::trap(TrapId::MessageModuleIndex);
  call.return_i64(static_cast<int64_t>(call.process.modules.add(std::move(modules[index]))));
  return HostResult::ok();
}

// Sends the scratch message to `to` (dropped silently when `to` does not exist); `function`
// names the caller in the trap of an empty scratch area.
HostResult send_scratch(HostCall& call, uint64_t to, std::string_view function) {
  if (!call.process.scratch) return no_scratch_message(function);
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
  LH_RETURN_IF_NOT_OK(send_scratch(call, call.u64(0), "send::no_message"));
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

// Puts a received message into the scratch area; returns receive's code for it.
int32_t deliver(HostCall& call, sim::Message message) {
  sim::Process& p = call.process;
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

// The tags of a receive: none (any message) when tags_len is 0, else the i64s at tags_ptr.
// The end of the range is computed in u32 and wraps, as the reference computes it (A16): a
// wrapped end below the start traps, and a wrapped end above it reads fewer tags.
std::variant<sim::TagFilter, HostResult> read_tags(HostCall& call) {
  uint32_t ptr = call.u32(0), count = call.u32(1);
  if (count == 0) return sim::TagFilter();
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  uint32_t end = ptr + count * 8;  // u32 arithmetic, wrapping
  auto bytes = end < ptr ? std::nullopt : memory.span(ptr, end - ptr);
  if (!bytes) return HostResult::trap(TrapId::MessageReceiveMemory);
  std::vector<int64_t> tags(bytes->size() / 8);
  for (size_t i = 0; i < tags.size(); ++i) {
    uint64_t v = 0;
    for (int b = 7; b >= 0; --b) v = (v << 8) | (*bytes)[i * 8 + static_cast<size_t>(b)];
    tags[i] = static_cast<int64_t>(v);
  }
  return sim::TagFilter(std::move(tags));
}

// receive(tags_ptr, tags_len, timeout_ms) -> 0 data | 1 LinkDied | 9027 timed out, with
// lunatic's mailbox order (sim/mailbox.h): a timed-out receive leaves its waiter armed.
HostResult receive(HostCall& call) {
  sim::Mailbox& mailbox = call.process.mailbox;
  if (call.resumed()) {
    std::optional<sim::Message> found = mailbox.take_found();
    call.return_i32(found ? deliver(call, std::move(*found)) : kTimedOut);
    return HostResult::ok();
  }
  auto filter = read_tags(call);
  if (auto* trap = std::get_if<HostResult>(&filter)) return *trap;
  if (std::optional<sim::Message> message =
          mailbox.take_matching(std::get<sim::TagFilter>(filter))) {
    call.return_i32(deliver(call, std::move(*message)));
    return HostResult::ok();
  }
  mailbox.arm(std::get<sim::TagFilter>(std::move(filter)));
  return call.suspend(timed_wait(call, sim::Wait::Kind::Receive, call.u64(2)));
}

// send_receive_skip_search(id, tag, timeout_ms) -> 0 | 9027: sends, then waits for the next
// message tagged `tag` to arrive, without looking at the queue (tag 0 never matches, A8).
HostResult send_receive_skip_search(HostCall& call) {
  sim::Mailbox& mailbox = call.process.mailbox;
  if (call.resumed()) {
    std::optional<sim::Message> found = mailbox.take_found();
    if (found) (void)deliver(call, std::move(*found));
    call.return_i32(found ? 0 : kTimedOut);
    return HostResult::ok();
  }
  LH_RETURN_IF_NOT_OK(send_scratch(call, call.u64(0), "send_receive_skip_search"));
  mailbox.skip_search();
  mailbox.arm(std::vector<int64_t>{call.i64(1)});
  return call.suspend(timed_wait(call, sim::Wait::Kind::ReceiveNew, call.u64(2)));
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
