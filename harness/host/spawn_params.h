// Decoding of spawn's params array: consecutive 17-byte chunks, byte 0 a type id (0x7F
// i32, 0x7E i64, 0x7B v128), bytes 1..17 a little-endian u128. Chunks are decoded first,
// then a partial chunk is an error: a bad type id wins over a bad length, as in lunatic.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "harness/host/host_call.h"

namespace lh::host {

struct SpawnParam {
  uint8_t type = 0x7f;
  unsigned __int128 value = 0;  // full 128 bits as given
};

[[nodiscard]] std::variant<std::vector<SpawnParam>, HostResult> decode_spawn_params(
    std::span<const uint8_t> bytes);

// "i32:5,i64:-1,v128:0x..." — the exact decoded values, for the trace.
[[nodiscard]] std::string describe_spawn_params(const std::vector<SpawnParam>& params);

}  // namespace lh::host
