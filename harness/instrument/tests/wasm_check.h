// Test support for the instrument layer: a readable rendering of an instrumented function
// body (and, via interp_runner.h, execution on wabt's interpreter).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/instrument/tests/interp_runner.h"

namespace lh::instrument::testing {

// Function `func_index` (in the function index space) of `wasm`, one token per
// instruction, with injected sequences folded: "charge(N)" for F -= N and "check" for
// `if (F < 0) call out_of_fuel`. `fuel_global` is F's index.
std::string render_body(std::span<const uint8_t> wasm, uint32_t func_index, uint32_t fuel_global);

}  // namespace lh::instrument::testing
