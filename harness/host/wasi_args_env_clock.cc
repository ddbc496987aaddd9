// wasi_snapshot_preview1: argv and environ (from the process's config), clocks (virtual
// time), random_get (the world's own seeded stream), proc_exit, proc_raise and sched_yield.
#include <string>
#include <vector>

#include "harness/host/wasi_support.h"

namespace lh::host::wasi {
namespace {

// wasi-common's StringArray::write_to_guest: element by element, its bytes, a NUL, then its
// pointer in the table; an error stops it where it happens.
HostResult write_string_list(HostCall& call, const std::vector<std::string>& items) {
  LH_WASI_REQUIRE_MEMORY(call);
  Memory memory(call);
  uint32_t table = call.u32(0), buffer = call.u32(1);
  uint64_t cursor = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string& item = items[i];
    uint64_t at = uint64_t{buffer} + cursor;
    if (at + item.size() + 1 > uint64_t{UINT32_MAX} + 1) return ret(call, Errno::Fault);
    std::span<uint8_t> bytes, nul;
    LH_WASI_TRY(call, memory.region(static_cast<uint32_t>(at), item.size(), 1, &bytes));
    std::copy(item.begin(), item.end(), bytes.begin());
    LH_WASI_TRY(call, memory.region(static_cast<uint32_t>(at + item.size()), 1, 1, &nul));
    nul[0] = 0;
    uint64_t head = uint64_t{table} + i * 4;
    if (head > UINT32_MAX) return ret(call, Errno::Fault);
    LH_WASI_TRY(call, memory.write_u32(static_cast<uint32_t>(head), static_cast<uint32_t>(at)));
    cursor += item.size() + 1;
  }
  return ret(call, Errno::Success);
}

// The count, then the cumulative size (NULs included), each at its pointer.
HostResult write_list_sizes(HostCall& call, const std::vector<std::string>& items) {
  LH_WASI_REQUIRE_MEMORY(call);
  Memory memory(call);
  uint64_t total = 0;
  for (const auto& item : items) total += item.size() + 1;
  LH_WASI_TRY(call, memory.write_u32(call.u32(0), static_cast<uint32_t>(items.size())));
  LH_WASI_TRY(call, memory.write_u32(call.u32(1), static_cast<uint32_t>(total)));
  return ret(call, Errno::Success);
}

HostResult args_get(HostCall& call) {
  return write_string_list(call, call.process.config.wasi_args);
}
HostResult args_sizes_get(HostCall& call) {
  return write_list_sizes(call, call.process.config.wasi_args);
}
HostResult environ_get(HostCall& call) {
  return write_string_list(call, call.process.config.wasi_env);
}
HostResult environ_sizes_get(HostCall& call) {
  return write_list_sizes(call, call.process.config.wasi_env);
}

enum Clock : uint32_t { kRealtime = 0, kMonotonic = 1, kProcessCputime = 2, kThreadCputime = 3 };

// clock_res_get(id, resolution_ptr): 1 ns for REALTIME and MONOTONIC (Linux's
// clock_getres); the CPU-time clocks are EBADF, as in wasi-common.
HostResult clock_res_get(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t id = call.u32(0);
  if (id > kThreadCputime) return ret(call, Errno::Inval);
  if (id >= kProcessCputime) return ret(call, Errno::Badf);
  return ret(call, Memory(call).write_u64(call.u32(1), 1));
}

// clock_time_get(id, precision, time_ptr): REALTIME is kRealtimeEpochNs plus virtual time;
// MONOTONIC counts from the process's creation (finding A7); the CPU-time clocks are EBADF.
HostResult clock_time_get(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t id = call.u32(0);
  if (id > kThreadCputime) return ret(call, Errno::Inval);
  if (id >= kProcessCputime) return ret(call, Errno::Badf);
  uint64_t now = call.world.now_ns();
  uint64_t time = id == kRealtime ? sim::kRealtimeEpochNs + now
                                  : now - std::min(now, call.process.wasi.clock_origin_ns);
  return ret(call, Memory(call).write_u64(call.u32(2), time));
}

// random_get(buf, len): bytes of the world's random_get stream, seeded from the scenario's
// seed apart from the scheduler's, so a guest's random_get never changes the schedule.
HostResult random_get(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  std::span<uint8_t> bytes;
  LH_WASI_TRY(call, Memory(call).region(call.u32(0), call.u32(1), 1, &bytes));
  sim::Prng& random = call.world.wasi().random;
  uint64_t word = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 8 == 0) word = random.next();
    bytes[i] = static_cast<uint8_t>(word >> (8 * (i % 8)));
  }
  return ret(call, Errno::Success);
}

// proc_exit(code): ends the process (0: Normal, other codes: Failure); a code of 126 or
// more is wasmtime-wasi's error instead.
HostResult proc_exit(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.u32(0) >= 126) return HostResult::trap(TrapId::WasiExitStatus);
  call.process.outcome.exit_code = call.i32(0);
  return HostResult::trap(TrapId::ProcExit);
}

// proc_raise(signal): an invalid signal number is EINVAL (wiggle), any other traps.
HostResult proc_raise(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.u32(0) > 30) return ret(call, Errno::Inval);
  return HostResult::trap(TrapId::WasiProcRaise);
}

// sched_yield(): std::thread::yield_now() in the reference, which never reaches lunatic's
// scheduler: it returns 0 at once (finding A4).
HostResult sched_yield(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  return ret(call, Errno::Success);
}

}  // namespace
}  // namespace lh::host::wasi

namespace lh::host {

void add_wasi_functions(std::vector<HostFunctionDef>& out) {
  using namespace wasi;
  constexpr std::string_view ns = "wasi_snapshot_preview1";
  constexpr auto I32 = WASM_I32, I64 = WASM_I64;
  out.push_back({ns, "args_get", {I32, I32}, {I32}, args_get});
  out.push_back({ns, "args_sizes_get", {I32, I32}, {I32}, args_sizes_get});
  out.push_back({ns, "environ_get", {I32, I32}, {I32}, environ_get});
  out.push_back({ns, "environ_sizes_get", {I32, I32}, {I32}, environ_sizes_get});
  out.push_back({ns, "clock_res_get", {I32, I32}, {I32}, clock_res_get});
  out.push_back({ns, "clock_time_get", {I32, I64, I32}, {I32}, clock_time_get});
  out.push_back({ns, "random_get", {I32, I32}, {I32}, random_get});
  out.push_back({ns, "proc_exit", {I32}, {}, proc_exit});
  out.push_back({ns, "proc_raise", {I32}, {I32}, proc_raise});
  out.push_back({ns, "sched_yield", {}, {I32}, sched_yield});
  add_wasi_fd_functions(out);
  add_wasi_path_functions(out);
  add_wasi_poll_functions(out);
}

}  // namespace lh::host
