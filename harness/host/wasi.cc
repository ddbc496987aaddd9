// A deterministic WASI preview1 subset: output captured per process, no host resources.
#include <algorithm>
#include <cstring>

#include "harness/base/utf8.h"
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// WASI errno values used here.
constexpr int32_t kSuccess = 0, kBadf = 8, kFault = 21, kInval = 28, kNotsup = 58, kOverflow = 61,
                  kSpipe = 70;

HostResult errno_result(HostCall& call, int32_t code) {
  call.return_i32(code);
  return HostResult::ok();
}

// Writes a list of strings the WASI way: pointers at `ptrs`, NUL-terminated bytes at `buf`.
HostResult write_string_list(HostCall& call, const std::vector<std::string>& items) {
  uint32_t ptrs = call.u32(0), buf = call.u32(1);
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  uint64_t total = 0;
  for (const auto& item : items) total += item.size() + 1;
  auto table =
      memory.span(ptrs, static_cast<uint32_t>(std::min<uint64_t>(items.size() * 4, UINT32_MAX)));
  auto bytes = memory.span(buf, static_cast<uint32_t>(std::min<uint64_t>(total, UINT32_MAX)));
  if (!table || !bytes) return errno_result(call, kFault);
  uint32_t offset = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    uint32_t address = buf + offset;
    for (int b = 0; b < 4; ++b) (*table)[i * 4 + b] = static_cast<uint8_t>(address >> (8 * b));
    std::memcpy(bytes->data() + offset, items[i].data(), items[i].size());
    (*bytes)[offset + items[i].size()] = 0;
    offset += static_cast<uint32_t>(items[i].size() + 1);
  }
  return errno_result(call, kSuccess);
}

// Writes the count and total size of a string list at the two pointer arguments.
HostResult write_list_sizes(HostCall& call, const std::vector<std::string>& items) {
  uint64_t total = 0;
  for (const auto& item : items) total += item.size() + 1;
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  auto count = memory.span(call.u32(0), 4), size = memory.span(call.u32(1), 4);
  if (!count || !size) return errno_result(call, kFault);
  for (int b = 0; b < 4; ++b) {
    (*count)[b] = static_cast<uint8_t>(items.size() >> (8 * b));
    (*size)[b] = static_cast<uint8_t>(total >> (8 * b));
  }
  return errno_result(call, kSuccess);
}

HostResult args_get(HostCall& call) { return write_string_list(call, call.process.args); }
HostResult args_sizes_get(HostCall& call) { return write_list_sizes(call, call.process.args); }
HostResult environ_get(HostCall& call) { return write_string_list(call, call.process.env); }
HostResult environ_sizes_get(HostCall& call) { return write_list_sizes(call, call.process.env); }

// clock_time_get(id, precision, time_ptr): every clock reads virtual time.
HostResult clock_time_get(HostCall& call) {
  if (call.u32(0) > 3) return errno_result(call, kInval);
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (!memory.span(call.u32(2), 8)) return errno_result(call, kFault);
  (void)call.write_u64(call.u32(2), call.world.now_ns(), TrapId::MemoryOutOfBounds);
  return errno_result(call, kSuccess);
}

// random_get(buf, len): bytes from the world's seeded PRNG.
HostResult random_get(HostCall& call) {
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  auto bytes = memory.span(call.u32(0), call.u32(1));
  if (!bytes) return errno_result(call, kFault);
  uint64_t word = 0;
  for (size_t i = 0; i < bytes->size(); ++i) {
    if (i % 8 == 0) word = call.world.prng().next();
    (*bytes)[i] = static_cast<uint8_t>(word >> (8 * (i % 8)));
  }
  return errno_result(call, kSuccess);
}

HostResult sched_yield(HostCall& call) {
  if (call.resumed()) return errno_result(call, kSuccess);
  return call.suspend(sim::Wait{sim::Wait::Kind::Yield});
}

// poll_oneoff(in, out, nsubscriptions, nevents_ptr) with clock subscriptions only: sleeps
// in virtual time until the earliest one is due, then reports every due clock.
HostResult poll_oneoff(HostCall& call) {
  constexpr uint32_t kSubscriptionSize = 48, kEventSize = 32;
  uint32_t in = call.u32(0), out = call.u32(1), count = call.u32(2), nevents = call.u32(3);
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (count == 0) return errno_result(call, kInval);
  if (uint64_t{count} * kSubscriptionSize > UINT32_MAX) return errno_result(call, kFault);
  auto subs = memory.span(in, count * kSubscriptionSize);
  if (!subs) return errno_result(call, kFault);
  struct Clock {
    uint64_t userdata, deadline;
  };
  std::vector<Clock> clocks;
  auto load64 = [&](size_t at) {
    uint64_t v = 0;
    for (int b = 7; b >= 0; --b) v = (v << 8) | (*subs)[at + b];
    return v;
  };
  uint64_t now = call.world.now_ns();
  for (uint32_t i = 0; i < count; ++i) {
    size_t base = size_t{i} * kSubscriptionSize;
    if ((*subs)[base + 8] != 0) return errno_result(call, kNotsup);  // only clocks
    uint64_t timeout = load64(base + 24);
    bool absolute = ((*subs)[base + 40] & 1) != 0;
    uint64_t deadline =
        absolute ? timeout : (timeout > UINT64_MAX - now ? UINT64_MAX : now + timeout);
    clocks.push_back({load64(base), deadline});
  }
  if (!call.resumed()) {
    uint64_t earliest = UINT64_MAX;
    for (const auto& c : clocks) earliest = std::min(earliest, c.deadline);
    call.process.resume_value = static_cast<int64_t>(now);  // deadlines are relative to this
    sim::Wait wait{sim::Wait::Kind::Sleep};
    wait.wake_at_ns = earliest;
    return call.suspend(std::move(wait));
  }
  // Resumed: deadlines were computed from the time of the first call.
  uint64_t start = static_cast<uint64_t>(call.process.resume_value);
  uint32_t written = 0;
  for (uint32_t i = 0; i < count; ++i) {
    size_t base = size_t{i} * kSubscriptionSize;
    uint64_t timeout = load64(base + 24);
    bool absolute = ((*subs)[base + 40] & 1) != 0;
    uint64_t deadline =
        absolute ? timeout : (timeout > UINT64_MAX - start ? UINT64_MAX : start + timeout);
    if (deadline > now) continue;
    uint8_t event[kEventSize] = {};
    for (int b = 0; b < 8; ++b) event[b] = static_cast<uint8_t>(clocks[i].userdata >> (8 * b));
    if (uint64_t{out} + (written + 1) * kEventSize > UINT32_MAX) return errno_result(call, kFault);
    if (!call.write(out + written * kEventSize, event, TrapId::MemoryOutOfBounds).is_ok())
      return errno_result(call, kFault);
    ++written;
  }
  uint8_t le[4];
  for (int b = 0; b < 4; ++b) le[b] = static_cast<uint8_t>(written >> (8 * b));
  if (!call.write(nevents, le, TrapId::MemoryOutOfBounds).is_ok())
    return errno_result(call, kFault);
  return errno_result(call, kSuccess);
}

uint32_t load_u32(std::span<const uint8_t> bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t{bytes[at + i]} << (8 * i);
  return value;
}

// fd_write(fd, iovs, iovs_len, nwritten) -> errno. Every iovec is checked before anything
// is written (EFAULT); the data is then written and nwritten last, as wasi-common does. The
// harness keeps at most what its capture and trace bounds need, whatever the iovecs add up
// to (a guest may point any number of them at the same region), so memory stays bounded.
HostResult fd_write(HostCall& call) {
  int32_t fd = call.i32(0);
  uint32_t iovs = call.u32(1), count = call.u32(2), nwritten_ptr = call.u32(3);
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (fd != 1 && fd != 2) return errno_result(call, kBadf);
  auto vectors = uint64_t{count} * 8 > UINT32_MAX ? std::nullopt : memory.span(iovs, count * 8);
  if (!vectors) return errno_result(call, kFault);
  uint64_t total = 0;
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t len = load_u32(*vectors, i * 8 + 4);
    if (!memory.span(load_u32(*vectors, i * 8), len)) return errno_result(call, kFault);
    total += len;
  }
  // Output is captured up to a bound per stream, so a guest printing forever cannot exhaust
  // the harness's memory; the trace keeps at most the first kTraceTextBytes of each write.
  constexpr size_t kMaxCaptureBytes = size_t{16} << 20, kTraceTextBytes = 4096;
  std::string& capture =
      fd == 1 ? call.process.outcome.stdout_text : call.process.outcome.stderr_text;
  size_t capture_room = capture.size() < kMaxCaptureBytes ? kMaxCaptureBytes - capture.size() : 0;
  size_t wanted =
      static_cast<size_t>(std::min<uint64_t>(total, std::max(capture_room, kTraceTextBytes)));
  std::string text;
  text.reserve(wanted);
  for (uint32_t i = 0; i < count && text.size() < wanted; ++i) {
    auto part = memory.span(load_u32(*vectors, i * 8), load_u32(*vectors, i * 8 + 4));
    size_t take = std::min(part->size(), wanted - text.size());
    text.append(reinterpret_cast<const char*>(part->data()), take);
  }
  static constexpr std::string_view kTruncated = "\n[output truncated by lunatic-harness]\n";
  if (capture_room > 0) {
    capture.append(text, 0, capture_room);
    if (capture.size() == kMaxCaptureBytes) capture += kTruncated;
  }
  call.world.record(fd == 1 ? sim::EventKind::Stdout : sim::EventKind::Stderr, call.process.id,
                    {{"text", text.substr(0, utf8_prefix_length(text, kTraceTextBytes))}});
  if (total > UINT32_MAX) return errno_result(call, kOverflow);
  auto nwritten = memory.span(nwritten_ptr, 4);
  if (!nwritten) return errno_result(call, kFault);
  for (int i = 0; i < 4; ++i) (*nwritten)[i] = static_cast<uint8_t>(total >> (8 * i));
  return errno_result(call, kSuccess);
}

// fd_fdstat_get(fd, stat) -> errno: stdout and stderr are character devices.
HostResult fd_fdstat_get(HostCall& call) {
  int32_t fd = call.i32(0);
  if (fd != 1 && fd != 2) {
    call.return_i32(kBadf);
    return HostResult::ok();
  }
  uint8_t stat[24] = {};
  stat[0] = 2;     // filetype: character_device
  stat[8] = 0x40;  // rights_base: fd_write
  bool fits = call.memory().present() && call.memory().span(call.u32(1), sizeof stat);
  if (fits) (void)call.write(call.u32(1), stat, TrapId::MemoryOutOfBounds);
  call.return_i32(fits ? kSuccess : kFault);
  return HostResult::ok();
}

HostResult fd_seek(HostCall& call) {
  call.return_i32(kSpipe);
  return HostResult::ok();
}

HostResult fd_close(HostCall& call) {
  call.return_i32(kBadf);
  return HostResult::ok();
}

// proc_exit(code): ends the process; code 0 is a normal death.
HostResult proc_exit(HostCall& call) {
  call.process.outcome.exit_code = call.i32(0);
  return HostResult::trap(TrapId::ProcExit);
}

}  // namespace

void add_wasi_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "wasi_snapshot_preview1";
  out.push_back({ns, "fd_write", {WASM_I32, WASM_I32, WASM_I32, WASM_I32}, {WASM_I32}, fd_write});
  out.push_back({ns, "fd_fdstat_get", {WASM_I32, WASM_I32}, {WASM_I32}, fd_fdstat_get});
  out.push_back({ns, "fd_seek", {WASM_I32, WASM_I64, WASM_I32, WASM_I32}, {WASM_I32}, fd_seek});
  out.push_back({ns, "fd_close", {WASM_I32}, {WASM_I32}, fd_close});
  out.push_back({ns, "proc_exit", {WASM_I32}, {}, proc_exit});
  out.push_back({ns, "args_get", {WASM_I32, WASM_I32}, {WASM_I32}, args_get});
  out.push_back({ns, "args_sizes_get", {WASM_I32, WASM_I32}, {WASM_I32}, args_sizes_get});
  out.push_back({ns, "environ_get", {WASM_I32, WASM_I32}, {WASM_I32}, environ_get});
  out.push_back({ns, "environ_sizes_get", {WASM_I32, WASM_I32}, {WASM_I32}, environ_sizes_get});
  out.push_back({ns, "clock_time_get", {WASM_I32, WASM_I64, WASM_I32}, {WASM_I32}, clock_time_get});
  out.push_back({ns, "random_get", {WASM_I32, WASM_I32}, {WASM_I32}, random_get});
  out.push_back({ns, "sched_yield", {}, {WASM_I32}, sched_yield, /*may_suspend=*/true});
  out.push_back({ns,
                 "poll_oneoff",
                 {WASM_I32, WASM_I32, WASM_I32, WASM_I32},
                 {WASM_I32},
                 poll_oneoff,
                 /*may_suspend=*/true});
}

}  // namespace lh::host
