// Turns guest bytes into a runnable sim::Module: validation by the engine, preparation
// (memory import, fuel metering, asyncify over every host function that may block) and
// compilation. Preparation is cached process-wide by content hash, so a module spawned or
// compiled many times (spawn loops, many seeds) is prepared once.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "harness/base/result.h"
#include "harness/instrument/pipeline.h"
#include "harness/sim/module.h"

namespace lh::host {

// The preparation every guest module gets (shared by the loader and the benchmarks).
[[nodiscard]] const instrument::PrepareOptions& guest_prepare_options();

class ModuleLoader {
 public:
  // `cached`: reuse the process-wide preparation cache (false prepares every module anew,
  // as the determinism re-run does, so that preparation itself is checked).
  explicit ModuleLoader(wasm_store_t* store, bool cached = true) : store_(store), cached_(cached) {}

  // A module named `name` from raw guest bytes, or why it is invalid.
  [[nodiscard]] Result<std::shared_ptr<const sim::Module>> load(std::span<const uint8_t> bytes,
                                                                std::string name);

 private:
  wasm_store_t* store_;
  bool cached_;
};

}  // namespace lh::host
