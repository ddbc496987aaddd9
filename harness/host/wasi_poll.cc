// wasi_snapshot_preview1 poll_oneoff and the sock_* functions.
//
// poll_oneoff blocks the worker thread in the reference (lunatic registers WASI's sync
// bindings; finding A4), not the lunatic process: here the process waits in virtual time
// while the others run, as on lunatic's other worker threads, and handles no signal until
// the call has returned (sim::Wait::defer_signals). In-memory files and streams never block:
// a poll with an fd subscription returns at once. sock_* have no sockets to act on: every
// descriptor refuses them as wasi-common's default WasiFile does (EBADF).
#include <algorithm>
#include <set>

#include "harness/host/wasi_support.h"

namespace lh::host::wasi {
namespace {

constexpr uint32_t kSubscriptionSize = 48, kEventSize = 32;
constexpr uint8_t kEventClock = 0, kEventFdRead = 1, kEventFdWrite = 2;
constexpr uint32_t kClockRealtime = 0, kClockMonotonic = 1;
constexpr uint64_t kMillisecond = 1'000'000;

struct Subscription {
  uint64_t userdata = 0;
  uint8_t tag = 0;
  uint32_t clock_id = 0;  // clock
  uint64_t timeout = 0;
  bool absolute = false;
  uint32_t fd = 0;  // fd_read, fd_write
};

// Subscription `index` of the array at `in`, as wiggle reads it: bounds (EFAULT), alignment
// (8, EINVAL), then the variant tag, the clock id and the clock flags (EINVAL if invalid).
Errno read_subscription(const Memory& memory, uint32_t in, uint32_t index, Subscription* out) {
  uint64_t at = uint64_t{in} + uint64_t{index} * kSubscriptionSize;
  if (at > UINT32_MAX) return Errno::Fault;
  std::span<uint8_t> bytes;
  if (Errno error = memory.region(static_cast<uint32_t>(at), kSubscriptionSize, 8, &bytes);
      error != Errno::Success)
    return error;
  out->userdata = load_u64(&bytes[0]);
  out->tag = bytes[8];
  if (out->tag > kEventFdWrite) return Errno::Inval;
  if (out->tag == kEventClock) {
    out->clock_id = load_u32(&bytes[16]);
    out->timeout = load_u64(&bytes[24]);
    uint16_t flags = static_cast<uint16_t>(bytes[40] | (bytes[41] << 8));
    if (out->clock_id > 3 || (flags & ~1u)) return Errno::Inval;
    out->absolute = (flags & 1) != 0;
  } else {
    out->fd = load_u32(&bytes[16]);
  }
  return Errno::Success;
}

struct Event {
  uint64_t userdata = 0;
  uint8_t type = kEventClock;
  uint64_t nbytes = 0;
};

// Writes `events` at `out`, then their count at `nevents_ptr`.
HostResult finish(HostCall& call, const std::vector<Event>& events) {
  Memory memory(call);
  for (size_t i = 0; i < events.size(); ++i) {
    uint8_t bytes[kEventSize] = {};
    store_u64(&bytes[0], events[i].userdata);
    bytes[10] = events[i].type;
    store_u64(&bytes[16], events[i].nbytes);
    uint64_t at = uint64_t{call.u32(1)} + i * kEventSize;
    if (at > UINT32_MAX) return ret(call, Errno::Fault);
    LH_WASI_TRY(call, memory.write_struct(static_cast<uint32_t>(at), bytes, 8));
  }
  return ret(call, memory.write_u32(call.u32(3), static_cast<uint32_t>(events.size())));
}

// Blocks the caller until `wake_ns` with `clocks` pending; the events are written on wake.
HostResult block_until(HostCall& call, uint64_t wake_ns, std::vector<sim::PollClock> clocks,
                       bool reports_all) {
  call.process.wasi.poll_clocks = std::move(clocks);
  call.process.wasi.poll_reports_all = reports_all;
  sim::Wait wait{sim::Wait::Kind::Sleep};
  wait.wake_at_ns = wake_ns;
  wait.defer_signals = true;
  return call.suspend(std::move(wait));
}

// The clock event of a poll that blocked: the fast path's one clock, or only the earliest
// clock (the first of the earliest, in subscription order), whatever else is due by then:
// cap-std-sync's poll times out and marks just `earliest_clock_deadline()` (finding A4).
HostResult finish_blocked(HostCall& call) {
  sim::WasiContext& wasi = call.process.wasi;
  std::vector<Event> events;
  const sim::PollClock* earliest = nullptr;
  for (const auto& clock : wasi.poll_clocks)
    if (!earliest || clock.deadline_ns < earliest->deadline_ns) earliest = &clock;
  if (earliest) events.push_back({earliest->userdata, kEventClock, 0});
  wasi.poll_clocks.clear();
  wasi.poll_reports_all = false;
  return finish(call, events);
}

uint64_t add_saturating(uint64_t a, uint64_t b) { return b > UINT64_MAX - a ? UINT64_MAX : a + b; }

// poll_oneoff(in, out, nsubscriptions, nevents_ptr)
HostResult poll_oneoff(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.resumed()) return finish_blocked(call);
  Memory memory(call);
  uint32_t in = call.u32(0), count = call.u32(2);
  if (count == 0) return ret(call, Errno::Inval);
  uint64_t now = call.world.now_ns();
  // wasi-common's fast path: one relative clock (any clock id) is a plain sleep of its
  // timeout, and its event is reported.
  if (count == 1) {
    Subscription only;
    LH_WASI_TRY(call, read_subscription(memory, in, 0, &only));
    if (only.tag == kEventClock && !only.absolute) {
      uint64_t wake = add_saturating(now, only.timeout);
      if (wake <= now) return finish(call, {{only.userdata, kEventClock, 0}});
      return block_until(call, wake, {{only.userdata, wake}}, true);
    }
  }
  // Grown one read at a time: `count` is the guest's word, and a wild one must end in the
  // first out-of-bounds read (EFAULT), not in a 2^32-element allocation.
  std::vector<Subscription> subscriptions;
  std::set<uint32_t> polled_fds;
  bool any_fd = false;
  std::vector<Event> ready;  // fd events, in subscription order
  std::vector<sim::PollClock> clocks;
  for (uint32_t i = 0; i < count; ++i) {
    Subscription sub;
    LH_WASI_TRY(call, read_subscription(memory, in, i, &sub));
    subscriptions.push_back(sub);
    if (sub.tag == kEventClock) {
      uint64_t deadline = 0;
      if (sub.clock_id == kClockMonotonic) {
        uint64_t origin = sub.absolute ? call.process.wasi.clock_origin_ns : now;
        if (sub.timeout > UINT64_MAX - origin) return ret(call, Errno::Overflow);
        deadline = origin + sub.timeout;
      } else if (sub.clock_id == kClockRealtime) {
        if (sub.absolute) return ret(call, Errno::Notsup);
        if (sub.timeout > UINT64_MAX - now) return ret(call, Errno::Overflow);
        deadline = now + sub.timeout;
      } else {
        return ret(call, Errno::Inval);  // the CPU-time clocks
      }
      clocks.push_back({sub.userdata, deadline});
      continue;
    }
    if (!polled_fds.insert(sub.fd).second) return ret(call, Errno::Inval);  // at most once
    sim::FdEntry* entry = nullptr;
    LH_WASI_TRY(call, get_file(call, sub.fd, &entry));
    LH_WASI_TRY(call, file_cap(*entry, right::kPollFdReadwrite));
    any_fd = true;
  }
  if (any_fd) {
    // Ready at once: every fd subscription completes (nbytes for a read: what is left to
    // read, at least 1), and so does each clock already due, in subscription order.
    std::vector<Event> events;
    for (const Subscription& sub : subscriptions) {
      if (sub.tag == kEventClock) continue;
      sim::FdEntry* entry = call.process.wasi.fds.get(sub.fd);
      uint64_t left = 0;
      if (entry->kind == sim::FdKind::Stdin) {
        left = call.world.wasi().stdin_data.size() - call.world.wasi().stdin_offset;
      } else if (entry->kind == sim::FdKind::File) {
        uint64_t size = sim::Filesystem::stat_of(*entry->inode).size;
        left = size > entry->position ? size - entry->position : 0;
      }
      bool read = sub.tag == kEventFdRead;
      ready.push_back({sub.userdata, sub.tag, read ? std::max<uint64_t>(left, 1) : 0});
    }
    size_t next_fd = 0, next_clock = 0;
    for (const Subscription& sub : subscriptions) {
      if (sub.tag != kEventClock) {
        events.push_back(ready[next_fd++]);
      } else if (const sim::PollClock& clock = clocks[next_clock++]; clock.deadline_ns <= now) {
        events.push_back({clock.userdata, kEventClock, 0});
      }
    }
    return finish(call, events);
  }
  // Clocks only: poll(2) times out after the earliest deadline in whole milliseconds, plus
  // one (cap-std-sync: `duration.as_millis() + 1` as a C int; a negative one waits forever).
  uint64_t earliest = UINT64_MAX;
  for (const auto& clock : clocks) earliest = std::min(earliest, clock.deadline_ns);
  uint64_t millis = (earliest > now ? earliest - now : 0) / kMillisecond + 1;
  auto timeout_ms = static_cast<int32_t>(static_cast<uint32_t>(millis));
  uint64_t wake =
      timeout_ms < 0 ? UINT64_MAX : add_saturating(now, uint64_t(timeout_ms) * kMillisecond);
  return block_until(call, wake, std::move(clocks), false);
}

// sock_accept(fd, flags, fd_ptr)
HostResult sock_accept(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.u32(1) & ~kFdflagsAll) return ret(call, Errno::Inval);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdRead));
  return ret(call, Errno::Badf);
}

// sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen_ptr, ro_flags_ptr)
HostResult sock_recv(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.u32(3) & ~3u) return ret(call, Errno::Inval);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdRead));
  std::vector<std::span<uint8_t>> buffers;
  LH_WASI_TRY(call, Memory(call).iovecs(call.u32(1), call.u32(2), true, &buffers));
  return ret(call, Errno::Badf);
}

// sock_send(fd, si_data, si_data_len, si_flags, so_datalen_ptr)
HostResult sock_send(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.u32(3) != 0) return ret(call, Errno::Inval);  // siflags has no flag
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdWrite));
  std::vector<std::span<uint8_t>> buffers;
  LH_WASI_TRY(call, Memory(call).iovecs(call.u32(1), call.u32(2), false, &buffers));
  return ret(call, Errno::Badf);
}

// sock_shutdown(fd, how)
HostResult sock_shutdown(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.u32(1) & ~3u) return ret(call, Errno::Inval);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdFdstatSetFlags));
  return ret(call, Errno::Badf);
}

}  // namespace
}  // namespace lh::host::wasi

namespace lh::host {

void add_wasi_poll_functions(std::vector<HostFunctionDef>& out) {
  using namespace wasi;
  constexpr std::string_view ns = "wasi_snapshot_preview1";
  constexpr auto I32 = WASM_I32;
  out.push_back({ns,
                 "poll_oneoff",
                 {I32, I32, I32, I32},
                 {I32},
                 poll_oneoff,
                 /*may_suspend=*/true});
  out.push_back({ns, "sock_accept", {I32, I32, I32}, {I32}, sock_accept});
  out.push_back({ns, "sock_recv", {I32, I32, I32, I32, I32, I32}, {I32}, sock_recv});
  out.push_back({ns, "sock_send", {I32, I32, I32, I32, I32}, {I32}, sock_send});
  out.push_back({ns, "sock_shutdown", {I32, I32}, {I32}, sock_shutdown});
}

}  // namespace lh::host
