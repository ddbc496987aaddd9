#include "harness/host/host_call.h"

namespace lh::host {

std::optional<HostResult> HostCall::read(uint32_t ptr, uint32_t len, std::string* out) const {
  auto mem = memory();
  if (!mem.present()) return HostResult::trap(TrapId::NoMemoryExport);
  auto bytes = mem.span(ptr, len);
  if (!bytes) return HostResult::trap(TrapId::MemoryOutOfBounds);
  out->assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  return std::nullopt;
}

std::optional<HostResult> HostCall::write(uint32_t ptr, std::span<const uint8_t> data) const {
  auto mem = memory();
  if (!mem.present()) return HostResult::trap(TrapId::NoMemoryExport);
  auto bytes = mem.span(ptr, static_cast<uint32_t>(data.size()));
  if (!bytes) return HostResult::trap(TrapId::MemoryOutOfBounds);
  std::memcpy(bytes->data(), data.data(), data.size());
  return std::nullopt;
}

std::optional<HostResult> HostCall::write_u64(uint32_t ptr, uint64_t value) const {
  uint8_t le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(value >> (8 * i));
  return write(ptr, le);
}

}  // namespace lh::host
