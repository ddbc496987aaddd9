#include "harness/host/simulation.h"

#include <fmt/format.h>

#include "harness/host/wasi_support.h"

namespace lh::host {

Simulation::Simulation(wasm_engine_t* engine, SimulationOptions options)
    : Simulation(engine::StorePtr(wasm_store_new(engine)), nullptr, std::move(options)) {}

Simulation::Simulation(wasm_store_t* store, SimulationOptions options)
    : Simulation(engine::StorePtr(), store, std::move(options)) {}

Simulation::Simulation(engine::StorePtr owned, wasm_store_t* borrowed, SimulationOptions options)
    : owned_store_(std::move(owned)),
      store_(owned_store_ ? owned_store_.get() : borrowed),
      loader_(store_, options.cached_preparation),
      linker_(store_, loader_, world_, options.unknown_imports),
      world_(store_, linker_, std::move(options.world)) {}

Simulation::~Simulation() = default;

Result<std::shared_ptr<const sim::Module>> Simulation::load(std::span<const uint8_t> bytes,
                                                            std::string name) {
  return loader_.load(bytes, std::move(name));
}

namespace {

// "a, b, c" for the exported functions of `module` (or "none").
std::string exported_functions(const sim::Module& module) {
  std::string names;
  for (const auto& name : module.function_exports) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names.empty() ? "none" : names;
}

}  // namespace

Status Simulation::spawn_root(RootSpec root) {
  if (!root.module) return Status::error("no module for the root process");
  if (!root.module->exports_function(root.entry))
    return Status::error(
        fmt::format("the guest does not export a function `{}` (its functions: {})", root.entry,
                    exported_functions(*root.module)));
  sim::SpawnRequest request;
  request.config = root.config;
  request.config.wasi_args = {root.module->name};
  request.config.wasi_args.insert(request.config.wasi_args.end(), root.args.begin(),
                                  root.args.end());
  request.config.wasi_env = std::move(root.env);
  request.config.preopens = std::move(root.preopens);
  auto wasi = wasi::make_context(world_, request.config.preopens);
  if (auto* error = std::get_if<std::string>(&wasi))
    return Status::error(
        fmt::format("the root process cannot be instantiated: a preopened "
                    "directory cannot be opened: {}",
                    *error));
  request.wasi = std::get<sim::WasiContext>(std::move(wasi));
  request.module = std::move(root.module);
  request.entry = std::move(root.entry);
  request.params = std::move(root.params);
  request.call_initialize = root.call_initialize;
  sim::World::SpawnOutcome outcome = world_.spawn(std::move(request), 0);
  return outcome.status.with_context("the root process cannot be instantiated");
}

}  // namespace lh::host
