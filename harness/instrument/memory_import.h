// Memory import: turns the module's own defined memory into an import of
// "lunatic_harness" "memory" with identical limits (min, max or none, shared, memory64),
// so the host owns it. Memory index 0 stays 0; data segments and exports are untouched.
// A module without any memory gets an import "lunatic_harness" "unwind_memory" (1 page, no
// maximum) instead, where suspension keeps its unwind data; the module's own instructions
// cannot reach it. Pure bytes in, bytes out; deterministic.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/instrument/names.h"

namespace lh::instrument {

struct MemoryImportOptions {
  std::string module = kHarnessModule;
  std::string name = kMemoryImport;
};

enum class MemoryImportOutcome {
  Rewritten,        // a defined memory became an import
  AlreadyImported,  // left alone: the module imports its memory
  Added,            // the module had no memory: a private unwind memory was imported
};
[[nodiscard]] const char* outcome_name(MemoryImportOutcome outcome);

struct MemoryImportResult {
  std::vector<uint8_t> bytes;  // the input unchanged unless outcome == Rewritten
  MemoryImportOutcome outcome = MemoryImportOutcome::Added;
  std::string error;  // set (and bytes empty) on malformed input or more than one memory
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// Rewrites `wasm` as above. Errors: undecodable module, more than one memory.
[[nodiscard]] MemoryImportResult import_memory(std::span<const uint8_t> wasm,
                                               const MemoryImportOptions& options = {});

}  // namespace lh::instrument
