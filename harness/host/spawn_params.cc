#include "harness/host/spawn_params.h"

#include <fmt/format.h>

namespace lh::host {

std::variant<std::vector<SpawnParam>, HostResult> decode_spawn_params(
    std::span<const uint8_t> bytes) {
  constexpr size_t kChunk = 17;
  std::vector<SpawnParam> params;
  size_t full = bytes.size() / kChunk;
  params.reserve(full);
  for (size_t i = 0; i < full; ++i) {
    auto chunk = bytes.subspan(i * kChunk, kChunk);
    SpawnParam param;
    param.type = chunk[0];
    if (param.type != 0x7f && param.type != 0x7e && param.type != 0x7b)
      return HostResult::trap(TrapId::SpawnUnsupportedType);
    for (size_t b = 16; b >= 1; --b) param.value = (param.value << 8) | chunk[b];
    params.push_back(param);
  }
  if (size_t rest = bytes.size() % kChunk; rest != 0) {
    HostResult trap = HostResult::trap(TrapId::SpawnParamsChunks);
    trap.message += fmt::format(", but {} bytes remained", rest);
    return trap;
  }
  return params;
}

std::string describe_spawn_params(const std::vector<SpawnParam>& params) {
  std::string text;
  for (const auto& p : params) {
    if (!text.empty()) text += ',';
    auto low = static_cast<uint64_t>(p.value);
    if (p.type == 0x7f)
      text += fmt::format("i32:{}", static_cast<int32_t>(static_cast<uint32_t>(low)));
    else if (p.type == 0x7e)
      text += fmt::format("i64:{}", static_cast<int64_t>(low));
    else
      text += fmt::format("v128:0x{:016x}{:016x}", static_cast<uint64_t>(p.value >> 64), low);
  }
  return text;
}

}  // namespace lh::host
