// v128 entry trampolines: V8's C API cannot carry a v128 value into a call, so for every
// exported function that takes a v128 parameter this pass adds a function that takes each
// v128 as two i64s (low half, then high half), rebuilds it with i64x2.replace_lane and
// calls the original, exported as v128_trampoline_name(export). A child spawned with v128
// params is started through it and receives exactly the 128 bits sent. The trampoline is
// added after fuel metering, so it costs no fuel (the guest cannot tell it is there), and
// before Asyncify, so a suspension inside the entry unwinds and rewinds through it.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lh::instrument {

struct V128TrampolineResult {
  std::vector<uint8_t> bytes;  // the input unchanged when no export takes a v128
  uint32_t added = 0;          // trampolines added
  std::string error;           // set (and bytes empty) on malformed input
  [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] V128TrampolineResult add_v128_trampolines(std::span<const uint8_t> wasm);

}  // namespace lh::instrument
