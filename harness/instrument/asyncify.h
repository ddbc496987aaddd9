// Asyncify through libbinaryen (version 108): instruments the module so the listed imports
// may suspend, and exports the pass's state and data globals (names.h) in place of its
// asyncify_{start,stop}_{unwind,rewind} and asyncify_get_state functions. Binaryen exits,
// aborts, crashes or runs away on some valid modules, so it runs in a worker process
// (binaryen_worker.h): whatever it does to a module becomes an error here, never the end of
// the harness. Known failures are screened first, in process, with a clearer message and
// without restarting the worker; only validated modules must be passed here (the pipeline
// validates before calling). The "name", "dylink" and DWARF (".debug_*") sections are
// dropped (Binaryen 108 exits or crashes on some of them); other custom sections pass through.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/instrument/names.h"

#include "harness/instrument/binaryen_worker.h"

namespace lh::instrument {

struct AsyncifyOptions {
  // "module.name" of each import that may suspend. By default the fuel hook the fuel stage
  // adds, at which the host suspends a process whose slice is spent; the harness's guests
  // get the list from the host functions' registry (host::guest_prepare_options).
  std::vector<std::string> imports = {std::string(kHarnessModule) + "." + kOutOfFuelImport};
  int optimize_level = 1;       // Binaryen -O level for the pass and the optimiser
  bool optimize_after = false;  // also run Binaryen's full optimiser afterwards
  BinaryenRunner runner = {};   // where Binaryen runs: by default the shared worker
};

struct AsyncifyResult {
  std::vector<uint8_t> bytes;
  std::string error;
  // Binaryen itself exited, was killed or timed out on the module; the error says which and
  // is complete ("guest preparation: Binaryen ... on this module").
  bool binaryen_failed = false;
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// The features enabled in Binaryen: everything V8 10.2 ships (mutable-globals, sign-ext,
// nontrapping-fptoint, bulk-memory, simd128, reference-types, multivalue, tail-call,
// exception-handling, atomics).
[[nodiscard]] uint32_t binaryen_features();

// Why Binaryen 108 cannot take this (already valid) module, or nullopt if it can. It has no
// reader for table.init, elem.drop, table.copy and table.fill, aborts on a delegate that
// targets a block other than a try, and exits on a NUL byte in an import, export or custom
// section name, on a block, loop or if with parameters, and on an element segment of
// externref expressions. Also rejects anything our decoder rejects. A screen, not a proof:
// the worker catches what it misses.
[[nodiscard]] std::optional<std::string> binaryen_cannot_read(std::span<const uint8_t> wasm);

// binaryen_cannot_read, plus what the asyncify pass aborts on: any `try` (Binaryen 108's
// asyncify has no case for it once the function may suspend, and with fuel metering every
// function may), any tail call (return_call, return_call_indirect: the pass exits the
// process) and an export named like one the pass adds (asyncify_get_state and the rest).
// Conservative: modules using exception handling or tail calls cannot be asyncified.
[[nodiscard]] std::optional<std::string> binaryen_cannot_asyncify(std::span<const uint8_t> wasm);

// Why instantiating `wasm` always traps, or nullopt: an active data or element segment at
// a constant i32 offset lies outside the initial memory or table (offset + length > size).
// Such modules are valid (the engine compiles them; instantiation fails, as in lunatic),
// but Binaryen 108's validator rejects them, so the pipeline skips asyncify for them: no
// code of theirs can ever run. Offsets from globals are not judged.
[[nodiscard]] std::optional<std::string> segment_out_of_bounds(std::span<const uint8_t> wasm);

// Runs Binaryen's validator on `wasm` (after binaryen_cannot_read). nullopt when valid.
[[nodiscard]] std::optional<std::string> binaryen_validate(std::span<const uint8_t> wasm,
                                                           const BinaryenRunner& runner = {});

// Runs the asyncify pass. `wasm` must already be valid. The same input and options give the
// same bytes wherever Binaryen runs.
[[nodiscard]] AsyncifyResult run_asyncify(std::span<const uint8_t> wasm,
                                          const AsyncifyOptions& options);

}  // namespace lh::instrument
