// Resolves a process's imports to the harness's host functions and the memory made for
// it (sim::ImportResolver).
// Engine functions are made once per store; their env points back here, and each call is
// dispatched to World::current(). Faults of the harness itself are collected apart from
// guest traps.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/host/module_loader.h"
#include "harness/host/registry.h"
#include "harness/sim/imports.h"

namespace lh::host {

class Linker final : public sim::ImportResolver {
 public:
  // `world` receives the calls (its current process is the caller). It is only used once
  // processes run, so it may be constructed after the Linker (Simulation does so: the World
  // needs the Linker as its ImportResolver, and must be destroyed before it).
  Linker(wasm_store_t* store, ModuleLoader& loader, sim::World& world);
  ~Linker() override;
  Linker(const Linker&) = delete;
  Linker& operator=(const Linker&) = delete;

  [[nodiscard]] Status resolve(const wasm_module_t* module, sim::Process& process,
                               std::vector<wasm_extern_t*>& out) override;

  // Harness faults raised by host functions (empty in a healthy run).
  [[nodiscard]] const std::vector<std::string>& faults() const { return faults_; }

 private:
  struct Binding;
  static wasm_trap_t* dispatch(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results);

  wasm_store_t* store_;
  ModuleLoader& loader_;
  sim::World& world_;
  std::vector<std::unique_ptr<Binding>> bindings_;  // same order as all_host_functions()
  std::vector<std::string> faults_;
};

// Why `module`'s imports cannot all be satisfied by the harness (the first import that
// cannot: unknown name or different type), or nullopt. compile_module's link check.
[[nodiscard]] Status check_imports(const wasm_module_t* module);

}  // namespace lh::host
