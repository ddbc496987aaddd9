// Decoding of spawn's params array: consecutive 17-byte chunks, byte 0 a type id (0x7F
// i32, 0x7E i64, 0x7B v128), bytes 1..17 a little-endian u128. Chunks are decoded first,
// then a partial chunk is an error: a bad type id wins over a bad length, as in lunatic.
#pragma once

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "harness/host/host_call.h"
#include "harness/sim/entry_param.h"

namespace lh::host {

// The params, or the trap (SpawnUnsupportedType, SpawnParamsChunks).
[[nodiscard]] std::variant<std::vector<sim::EntryParam>, HostResult> decode_spawn_params(
    std::span<const uint8_t> bytes);

}  // namespace lh::host
