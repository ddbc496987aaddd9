// Asyncify through libbinaryen (version 108): instruments the module so the listed imports
// may suspend, and exports the pass's state and data globals (names.h) in place of its
// asyncify_{start,stop}_{unwind,rewind} and asyncify_get_state functions. Binaryen's pass
// settings are process-global and it exits or aborts the process on input it cannot parse,
// so: calls are serialised by a mutex (other Binaryen users in the process are NOT
// protected), and the input is screened first; only validated modules must be passed here
// (the pipeline validates before calling). The "name" section is dropped (Binaryen 108 exits
// on its newer subsections); other custom sections pass through.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lh::instrument {

struct AsyncifyOptions {
  std::vector<std::string> imports;  // "module.name" of each import that may suspend
  int optimize_level = 1;            // Binaryen -O level for the pass and the optimiser
  bool optimize_after = false;       // also run Binaryen's full optimiser afterwards
};

struct AsyncifyResult {
  std::vector<uint8_t> bytes;
  std::string error;
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// The features enabled in Binaryen: everything V8 10.2 ships (mutable-globals, sign-ext,
// nontrapping-fptoint, bulk-memory, simd128, reference-types, multivalue, tail-call,
// exception-handling, atomics).
[[nodiscard]] uint32_t binaryen_features();

// Why Binaryen 108 cannot take this (already valid) module, or nullopt if it can. It has no
// reader for table.init, elem.drop, table.copy and table.fill, aborts on a delegate that
// targets a block other than a try, and exits on a NUL byte in an import, export or custom
// section name. Also rejects anything our decoder rejects.
[[nodiscard]] std::optional<std::string> binaryen_cannot_read(std::span<const uint8_t> wasm);

// binaryen_cannot_read, plus what the asyncify pass aborts on: any `try` (Binaryen 108's
// asyncify has no case for it once the function may suspend, and with fuel metering every
// function may) and any tail call (return_call, return_call_indirect: the pass exits the
// process). Conservative: modules using exception handling or tail calls cannot be
// asyncified.
[[nodiscard]] std::optional<std::string> binaryen_cannot_asyncify(std::span<const uint8_t> wasm);

// Why instantiating `wasm` always traps, or nullopt: an active data or element segment at
// a constant i32 offset lies outside the initial memory or table (offset + length > size).
// Such modules are valid (the engine compiles them; instantiation fails, as in lunatic),
// but Binaryen 108's validator rejects them, so the pipeline skips asyncify for them: no
// code of theirs can ever run. Offsets from globals are not judged.
[[nodiscard]] std::optional<std::string> segment_out_of_bounds(std::span<const uint8_t> wasm);

// Runs Binaryen's validator on `wasm` (after binaryen_cannot_read). nullopt when valid.
[[nodiscard]] std::optional<std::string> binaryen_validate(std::span<const uint8_t> wasm);

// Runs the asyncify pass. `wasm` must already be valid.
[[nodiscard]] AsyncifyResult run_asyncify(std::span<const uint8_t> wasm,
                                          const AsyncifyOptions& options);

}  // namespace lh::instrument
