#include "harness/host/host_call.h"

#include "harness/base/utf8.h"

namespace lh::host {

HostResult HostCall::read(uint32_t ptr, uint32_t len, std::string* out,
                          TrapId out_of_bounds) const {
  auto mem = memory();
  if (!mem.present()) return HostResult::trap(TrapId::NoMemoryExport);
  auto bytes = mem.span(ptr, len);
  if (!bytes) return HostResult::trap(out_of_bounds);
  out->assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  return HostResult::ok();
}

HostResult HostCall::write(uint32_t ptr, std::span<const uint8_t> data,
                           TrapId out_of_bounds) const {
  auto mem = memory();
  if (!mem.present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (data.size() > UINT32_MAX) return HostResult::trap(out_of_bounds);
  auto bytes = mem.span(ptr, static_cast<uint32_t>(data.size()));
  if (!bytes) return HostResult::trap(out_of_bounds);
  // An empty span's data() may be null, which memcpy must not get even for 0 bytes (UBSan).
  if (!data.empty()) std::memcpy(bytes->data(), data.data(), data.size());
  return HostResult::ok();
}

HostResult HostCall::read_utf8(uint32_t ptr, uint32_t len, std::string* out, TrapId out_of_bounds,
                               TrapId not_utf8) const {
  LH_RETURN_IF_NOT_OK(read(ptr, len, out, out_of_bounds));
  if (auto error = rust_utf8_error(*out)) return HostResult::trap_filled(not_utf8, *error);
  return HostResult::ok();
}

HostResult HostCall::write_u64(uint32_t ptr, uint64_t value, TrapId out_of_bounds) const {
  uint8_t le[8];
  for (int i = 0; i < 8; ++i) le[i] = static_cast<uint8_t>(value >> (8 * i));
  return write(ptr, le, out_of_bounds);
}

}  // namespace lh::host
