#include "harness/host/module_loader.h"

#include <mutex>

#include "harness/engine/handles.h"
#include "harness/host/registry.h"
#include "harness/sim/world.h"

namespace lh::host {
namespace {

// Validation through the engine, in a store of its own that lives as long as the process.
std::optional<std::string> engine_validate(std::span<const uint8_t> bytes) {
  static engine::EnginePtr engine(wasm_engine_new());
  static engine::StorePtr store(wasm_store_new(engine.get()));
  auto compiled = engine::compile(store.get(), bytes);
  if (!compiled.ok()) return compiled.message();
  return std::nullopt;
}

instrument::PrepareCache& prepare_cache() {
  static instrument::PrepareCache cache;
  return cache;
}

}  // namespace

const instrument::PrepareOptions& guest_prepare_options() {
  static const instrument::PrepareOptions options = [] {
    instrument::PrepareOptions o;
    o.validator = engine_validate;
    o.fuel.initial_fuel = 0;  // a store starts with no fuel (A18): the first check grants it
    // The one source of truth for which imports may suspend: the registry (out_of_fuel too).
    o.asyncify_options.imports.clear();
    for (const auto& def : all_host_functions())
      if (def.may_suspend)
        o.asyncify_options.imports.push_back(std::string(def.module) + "." + std::string(def.name));
    return o;
  }();
  return options;
}

Result<std::shared_ptr<const sim::Module>> ModuleLoader::load(std::span<const uint8_t> bytes,
                                                              std::string name) {
  std::shared_ptr<const instrument::PrepareResult> prepared =
      cached_ ? prepare_cache().prepare(bytes, guest_prepare_options())
              : std::make_shared<const instrument::PrepareResult>(
                    instrument::prepare(bytes, guest_prepare_options()));
  if (!prepared->ok()) return Status::error(prepared->error);
  return sim::compile_module(store_, prepared->bytes, std::move(name), prepared->table_refusals,
                             prepared->reset_excluded);
}

}  // namespace lh::host
