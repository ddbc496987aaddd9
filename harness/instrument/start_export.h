// Start-function export: removes the module's start section and exports the start
// function as "lunatic_harness_start", so the host calls it right after instantiation.
// Observably the same (it runs before anything else; a trap fails instantiation), but the
// host can then reach the instance's exports — the fuel counter — while it runs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/instrument/names.h"

namespace lh::instrument {

struct StartExportResult {
  std::vector<uint8_t> bytes;  // the input unchanged when it has no start function
  bool rewritten = false;
  std::string error;  // set (and bytes empty) on malformed input or a name clash
  [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] StartExportResult export_start(std::span<const uint8_t> wasm);

}  // namespace lh::instrument
