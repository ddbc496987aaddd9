#include "harness/host/spawn_params.h"

#include <fmt/format.h>

namespace lh::host {

std::variant<std::vector<sim::EntryParam>, HostResult> decode_spawn_params(
    std::span<const uint8_t> bytes) {
  constexpr size_t kChunk = 17;
  std::vector<sim::EntryParam> params;
  size_t full = bytes.size() / kChunk;
  params.reserve(full);
  for (size_t i = 0; i < full; ++i) {
    auto chunk = bytes.subspan(i * kChunk, kChunk);
    auto type = static_cast<binary::ValType>(chunk[0]);
    if (type != binary::ValType::I32 && type != binary::ValType::I64 &&
        type != binary::ValType::V128)
      return HostResult::trap(TrapId::SpawnUnsupportedType);
    sim::EntryParam param{type, 0, 0};
    for (size_t b = 8; b >= 1; --b) param.low = (param.low << 8) | chunk[b];
    for (size_t b = 16; b >= 9; --b) param.high = (param.high << 8) | chunk[b];
    if (type != binary::ValType::V128) param.high = 0;
    if (type == binary::ValType::I32) param.low &= 0xffffffffu;
    params.push_back(param);
  }
  if (size_t rest = bytes.size() % kChunk; rest != 0) {
    HostResult trap = HostResult::trap(TrapId::SpawnParamsChunks);
    trap.message += fmt::format(", but {} bytes remained", rest);
    return trap;
  }
  return params;
}

}  // namespace lh::host
