// Test support: WebAssembly text to binary through wabt's library, so tests state their
// guest inline. Aborts the test (not the process) with wabt's diagnostics on bad text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace lh::testing {

// The binary for `wat` (all features enabled); fails the current test on a parse error.
std::vector<uint8_t> wat_to_wasm(std::string_view wat);

// The bytes of a guest built into the build tree (guests/NAME.wasm).
std::vector<uint8_t> read_guest(std::string_view name);

}  // namespace lh::testing
