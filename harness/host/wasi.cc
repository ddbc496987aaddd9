// A deterministic WASI preview1 subset: output captured per process, no host resources.
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// WASI errno values used here.
constexpr int32_t kSuccess = 0, kBadf = 8, kFault = 21, kSpipe = 70;

uint32_t load_u32(std::span<const uint8_t> bytes, size_t at) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t{bytes[at + i]} << (8 * i);
  return value;
}

// fd_write(fd, iovs, iovs_len, nwritten) -> errno
HostResult fd_write(HostCall& call) {
  int32_t fd = call.i32(0);
  uint32_t iovs = call.u32(1), count = call.u32(2), nwritten_ptr = call.u32(3);
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (fd != 1 && fd != 2) {
    call.return_i32(kBadf);
    return HostResult::ok();
  }
  auto vectors = uint64_t{count} * 8 > UINT32_MAX ? std::nullopt : memory.span(iovs, count * 8);
  if (!vectors) {
    call.return_i32(kFault);
    return HostResult::ok();
  }
  std::string text;
  for (uint32_t i = 0; i < count; ++i) {
    auto part = memory.span(load_u32(*vectors, i * 8), load_u32(*vectors, i * 8 + 4));
    if (!part) {
      call.return_i32(kFault);
      return HostResult::ok();
    }
    text.append(reinterpret_cast<const char*>(part->data()), part->size());
  }
  auto nwritten = memory.span(nwritten_ptr, 4);
  if (!nwritten) {
    call.return_i32(kFault);
    return HostResult::ok();
  }
  auto size = static_cast<uint32_t>(text.size());
  for (int i = 0; i < 4; ++i) (*nwritten)[i] = static_cast<uint8_t>(size >> (8 * i));
  (fd == 1 ? call.process.stdout_text : call.process.stderr_text) += text;
  call.world.record(fd == 1 ? sim::EventKind::Stdout : sim::EventKind::Stderr, call.process.id,
                    {{"text", text}});
  call.return_i32(kSuccess);
  return HostResult::ok();
}

// fd_fdstat_get(fd, stat) -> errno: stdout and stderr are character devices.
HostResult fd_fdstat_get(HostCall& call) {
  int32_t fd = call.i32(0);
  if (fd != 1 && fd != 2) {
    call.return_i32(kBadf);
    return HostResult::ok();
  }
  uint8_t stat[24] = {};
  stat[0] = 2;  // filetype: character_device
  stat[8] = 0x40;  // rights_base: fd_write
  bool fits = call.memory().present() && call.memory().span(call.u32(1), sizeof stat);
  if (fits) (void)call.write(call.u32(1), stat);
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
  call.process.exit_code = call.i32(0);
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
}

}  // namespace lh::host
