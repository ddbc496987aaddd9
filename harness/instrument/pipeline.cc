#include "harness/instrument/pipeline.h"

#include <fmt/format.h>
#include <xxhash.h>

#include "harness/instrument/validate.h"

namespace lh::instrument {

PrepareResult prepare(std::span<const uint8_t> wasm, const PrepareOptions& options) {
  PrepareResult result;
  auto fail = [&](std::string_view stage, std::string_view why) {
    result.bytes.clear();
    result.error = fmt::format("{}: {}", stage, why);
    return result;
  };
  const Validator& validate = options.validator ? options.validator : Validator(default_validate);
  if (auto why = validate(wasm)) return fail("invalid module", *why);
  result.diagnostics.push_back("validate: ok");
  std::vector<uint8_t> bytes(wasm.begin(), wasm.end());

  if (options.import_memory) {
    auto imported = import_memory(bytes, options.memory);
    if (!imported.ok()) return fail("memory import", imported.error);
    result.diagnostics.push_back(fmt::format("memory import: {}", outcome_name(imported.outcome)));
    bytes = std::move(imported.bytes);
  }
  if (options.limit_tables) {
    auto limited = limit_tables(bytes);
    if (!limited.ok()) return fail("table limit", limited.error);
    result.diagnostics.push_back(limited.rewritten ? "table limit: maxima capped"
                                                   : "table limit: within limits");
    bytes = std::move(limited.bytes);
    result.table_refusals = std::move(limited.refusals);
  }
  if (options.export_start) {
    auto exported = export_start(bytes);
    if (!exported.ok()) return fail("start export", exported.error);
    result.diagnostics.push_back(exported.rewritten ? "start export: start function exported"
                                                    : "start export: no start function");
    bytes = std::move(exported.bytes);
  }
  if (options.meter_fuel) {
    auto metered = add_fuel_metering(bytes, options.fuel);
    if (!metered.ok()) return fail("fuel", metered.error);
    result.diagnostics.push_back(
        fmt::format("fuel: out_of_fuel is function {}, fuel is global {}, {} segments charged",
                    metered.out_of_fuel_func, metered.fuel_global, metered.segments_charged));
    bytes = std::move(metered.bytes);
  }
  if (options.v128_trampolines) {
    auto added = add_v128_trampolines(bytes);
    if (!added.ok()) return fail("v128 trampolines", added.error);
    result.diagnostics.push_back(fmt::format("v128 trampolines: {} added", added.added));
    bytes = std::move(added.bytes);
  }
  std::optional<std::string> never_runs =
      options.asyncify ? segment_out_of_bounds(bytes) : std::nullopt;
  if (never_runs) {
    result.diagnostics.push_back(
        fmt::format("asyncify: skipped, instantiation always traps: {}", *never_runs));
  } else if (options.asyncify) {
    const AsyncifyOptions& asyncify = options.asyncify_options;
    size_t before = bytes.size();
    auto transformed = run_asyncify(bytes, asyncify);
    if (transformed.binaryen_failed) {  // its error names the stage: "guest preparation: ..."
      result.bytes.clear();
      result.error = std::move(transformed.error);
      result.binaryen_failed = true;
      return result;
    }
    if (!transformed.ok()) return fail("asyncify", transformed.error);
    result.diagnostics.push_back(fmt::format("asyncify: {} -> {} bytes, {} suspending imports",
                                             before, transformed.bytes.size(),
                                             asyncify.imports.size()));
    bytes = std::move(transformed.bytes);
  }
  if (options.export_reset) {
    auto reset = export_instance_reset(bytes);
    if (!reset.ok()) return fail("instance reset", reset.error);
    result.diagnostics.push_back(reset.excluded ? "instance reset: excluded, " + *reset.excluded
                                                : "instance reset: exported");
    result.reset_excluded = std::move(reset.excluded);
    bytes = std::move(reset.bytes);
  } else {
    result.reset_excluded = "prepared without a reset export";
  }
  result.bytes = std::move(bytes);
  return result;
}

std::string describe(const PrepareOptions& o) {
  std::string text = fmt::format(
      "tables={} start={} memory={} {}.{} fuel={} {}.{} export={} init={} v128={} asyncify={} O{} "
      "after={} reset={}",
      o.limit_tables, o.export_start, o.import_memory, o.memory.module, o.memory.name, o.meter_fuel,
      o.fuel.import_module, o.fuel.out_of_fuel_name, o.fuel.fuel_export, o.fuel.initial_fuel,
      o.v128_trampolines, o.asyncify, o.asyncify_options.optimize_level,
      o.asyncify_options.optimize_after, o.export_reset);
  for (const std::string& name : o.asyncify_options.imports) text += " " + name;
  return text;
}

std::shared_ptr<const PrepareResult> PrepareCache::prepare(std::span<const uint8_t> wasm,
                                                           const PrepareOptions& options) {
  std::string described = describe(options);
  XXH3_state_t* state = XXH3_createState();
  XXH3_128bits_reset(state);
  uint64_t size = wasm.size();
  XXH3_128bits_update(state, &size, sizeof size);
  XXH3_128bits_update(state, wasm.data(), wasm.size());
  XXH3_128bits_update(state, described.data(), described.size());
  XXH128_hash_t hash = XXH3_128bits_digest(state);
  XXH3_freeState(state);
  Key key{hash.high64, hash.low64};
  {
    std::lock_guard lock(mutex_);
    if (auto found = entries_.find(key); found != entries_.end()) {
      ++hits_;
      return found->second;
    }
  }
  // Prepared outside the lock; a racing duplicate is harmless (same bytes), first one kept.
  auto prepared = std::make_shared<const PrepareResult>(instrument::prepare(wasm, options));
  std::lock_guard lock(mutex_);
  return entries_.emplace(key, std::move(prepared)).first->second;
}

size_t PrepareCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

uint64_t PrepareCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

}  // namespace lh::instrument
