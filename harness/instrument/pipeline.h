// Guest preparation: validate, then memory import, table limit, start export, fuel metering,
// asyncify and the instance-reset export, in that order, producing the bytes the engine
// instantiates. PrepareCache prepares
// identical (bytes, options) once. Bad input yields an error, never a crash or a hang: every
// stage but asyncify is our own code, and asyncify's Binaryen runs in a worker process
// (binaryen_worker.h) whose exits, crashes and time-outs become errors. Deterministic: the
// same input and options give the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "harness/instrument/asyncify.h"
#include "harness/instrument/fuel.h"
#include "harness/instrument/instance_reset.h"
#include "harness/instrument/memory_import.h"
#include "harness/instrument/start_export.h"
#include "harness/instrument/table_limit.h"
#include "harness/instrument/v128_trampoline.h"

namespace lh::instrument {

// Returns nullopt for a valid module, else why it is not.
using Validator = std::function<std::optional<std::string>(std::span<const uint8_t>)>;

struct PrepareOptions {
  Validator validator;  // empty: default_validate (our decoder + wabt)
  bool import_memory = true;
  MemoryImportOptions memory;
  bool limit_tables = true;  // tables below 100,000 elements (see table_limit.h)
  bool export_start = true;  // the host calls the start function (see start_export.h)
  bool meter_fuel = true;
  FuelOptions fuel;
  bool v128_trampolines = true;  // exports taking v128 get an i64-pair twin (v128_trampoline.h)
  bool asyncify = true;
  AsyncifyOptions asyncify_options;  // imports that may suspend, optimisation
  bool export_reset = true;          // instances may be reused after a reset (instance_reset.h)
};

struct PrepareResult {
  std::vector<uint8_t> bytes;
  std::vector<std::string> diagnostics;  // one line per stage: what it did
  std::string error;                     // set (and bytes empty) on failure
  // Binaryen itself exited, was killed or timed out on the module (error: "guest
  // preparation: Binaryen <exited with status N | was killed by signal S | timed out> on
  // this module", with what Binaryen last printed).
  bool binaryen_failed = false;
  TableRefusals table_refusals;  // why every instantiation will fail (table_limit.h)
  // Why an instance of this module can never serve another process (instance_reset.h); also
  // set when export_reset is off.
  std::optional<std::string> reset_excluded;
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// Runs the stages enabled in `options` over `wasm`. Asyncify is skipped (with a diagnostic)
// for a module whose instantiation always traps (segment_out_of_bounds in asyncify.h).
[[nodiscard]] PrepareResult prepare(std::span<const uint8_t> wasm, const PrepareOptions& options);

// Memoises prepare() by XXH3-128 of the input bytes and the options (the validator is not
// part of the key: use one cache per validator). Thread-safe; results are shared, immutable.
class PrepareCache {
 public:
  [[nodiscard]] std::shared_ptr<const PrepareResult> prepare(std::span<const uint8_t> wasm,
                                                             const PrepareOptions& options);
  [[nodiscard]] size_t size() const;
  [[nodiscard]] uint64_t hits() const;

 private:
  using Key = std::pair<uint64_t, uint64_t>;
  mutable std::mutex mutex_;
  std::map<Key, std::shared_ptr<const PrepareResult>> entries_;
  uint64_t hits_ = 0;
};

// The options as text (all fields but the validator); part of the cache key.
[[nodiscard]] std::string describe(const PrepareOptions& options);

}  // namespace lh::instrument
