// Fuel metering with wasmtime's cost model, injected into the module's code. The host
// owns the budget: it initialises and refills the exported i64 global and handles the
// imported out-of-fuel hook (typically by suspending or trapping the process).
// Pure bytes in, bytes out; deterministic.
//
// Cost model: every operator costs 1, except nop, drop, block, loop, unreachable, return,
// else and end, which cost 0. Each function entry costs 1 more (the call itself).
//
// Rewriting:
//  * import "lunatic_harness" "out_of_fuel" : () -> () is appended after the existing
//    function imports; every defined function's index moves up by one and all references
//    are renumbered (call, return_call, ref.func in code, global initialisers and element
//    segments of both forms, exports, start). The "name" custom section is dropped.
//  * a mutable i64 global F, appended after all defined globals (no existing global index
//    moves), exported as "lunatic_harness_fuel": the fuel left in the current slice.
//  * code is cut into straight-line segments: one starts at function entry and after each
//    block, loop, if, else, end, br, br_if, br_table, return, call, call_indirect,
//    return_call, return_call_indirect, unreachable, try, catch, catch_all, delegate,
//    throw, rethrow (the op that ends a segment belongs to it). A segment of nonzero cost
//    is charged at its start: global.get F; i64.const cost; i64.sub; global.set F.
//  * check points are function entry and loop headers. There, before the segment is
//    charged: F -= 1 (function entry only), then `if (F < 0) call out_of_fuel`.
//
// Guarantee: at every check point the fuel consumed equals exactly the metered operators
// executed so far plus one per function entry (catch/catch_all/delegate count with the
// segment they close, i.e. when the try body runs to them). Caveat: a trap in the middle
// of a segment has already been charged for the rest of that segment.
// The injected sequences are stack-neutral and valid in any block type, reachable or not.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/instrument/names.h"

namespace lh::instrument {

struct FuelOptions {
  std::string import_module = kHarnessModule;
  std::string out_of_fuel_name = kOutOfFuelImport;
  std::string fuel_export = kFuelExport;
  int64_t initial_fuel = 0;  // the global's initial value; the host normally sets it
};

struct FuelResult {
  std::vector<uint8_t> bytes;
  std::string error;              // set (and bytes empty) on malformed input
  uint32_t out_of_fuel_func = 0;  // function index of the import
  uint32_t fuel_global = 0;       // global index of F
  uint64_t segments_charged = 0;  // injected charge sequences
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// The metered cost of one operator (0 or 1) and whether it ends a segment.
namespace fuel_model {
[[nodiscard]] uint32_t cost(uint32_t opcode_key);
[[nodiscard]] bool ends_segment(uint32_t opcode_key);
}  // namespace fuel_model

// Instruments `wasm` as above. Errors: undecodable module or body, the fuel export name
// already taken.
[[nodiscard]] FuelResult add_fuel_metering(std::span<const uint8_t> wasm,
                                           const FuelOptions& options = {});

}  // namespace lh::instrument
