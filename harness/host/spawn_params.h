// What spawn and get_or_spawn share: the checks before a child exists, in the reference's
// order, and the decoding of the params array (consecutive 17-byte chunks, byte 0 a type id
// (0x7F i32, 0x7E i64, 0x7B v128), bytes 1..17 a little-endian u128; chunks are decoded
// first, then a partial chunk is an error: a bad type id wins over a bad length, as in
// lunatic).
#pragma once

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "harness/host/host_call.h"
#include "harness/sim/entry_param.h"
#include "harness/sim/world.h"

namespace lh::host {

// The traps of one spawn-like function's first checks (each function has its own texts).
struct SpawnTraps {
  TrapId no_permission, limit_reached, during_init, config_missing, module_missing;
};

// Steps 1-6 of spawn and get_or_spawn (lunatic's process API and new_state): permission,
// the environment's spawn limit, initialisation, the config (`config_id`; -1: the caller's),
// the module (`module_id`; -1: the caller's); then the child's id is taken, so a trap after
// this still consumes it, and its WASI context is built from the config (A5: a preopen that
// cannot be opened traps). Fills `request`'s id, config, module and wasi.
[[nodiscard]] HostResult start_spawn_request(HostCall& call, int64_t config_id, int64_t module_id,
                                             const SpawnTraps& traps, sim::SpawnRequest* request);

// The params, or the trap (SpawnUnsupportedType, SpawnParamsChunks).
[[nodiscard]] std::variant<std::vector<sim::EntryParam>, HostResult> decode_spawn_params(
    std::span<const uint8_t> bytes);

}  // namespace lh::host
