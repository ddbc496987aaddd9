// Resolves a process's imports to the harness's host functions and the memory made for
// it (sim::ImportResolver), and, when the world says so (UnknownImports::Trap), the
// function imports the harness lacks to functions that trap when called.
// Engine functions are made once per store; their env points back here, and each call is
// dispatched to World::current(). Faults of the harness itself are collected apart from
// guest traps.
#pragma once

#include <map>
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
  Linker(wasm_store_t* store, ModuleLoader& loader, sim::World& world,
         UnknownImports unknown_imports = UnknownImports::Error);
  ~Linker() override;
  Linker(const Linker&) = delete;
  Linker& operator=(const Linker&) = delete;

  [[nodiscard]] Status resolve(const wasm_module_t* module, sim::Process& process,
                               std::vector<wasm_extern_t*>& out) override;

  // Harness faults raised by host functions (empty in a healthy run).
  [[nodiscard]] const std::vector<std::string>& faults() const { return faults_; }

 private:
  struct Binding;
  struct UnknownImport;
  static wasm_trap_t* dispatch(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results);
  static wasm_trap_t* unknown_import_called(void* env, const wasm_val_vec_t* args,
                                            wasm_val_vec_t* results);
  // The trapping function for unknown import `ns::name` of `type` (made once per name and
  // type, then reused).
  wasm_func_t* unknown_import_func(const std::string& qualified, const wasm_functype_t* type);

  wasm_store_t* store_;
  ModuleLoader& loader_;
  sim::World& world_;
  UnknownImports unknown_imports_;
  std::vector<std::unique_ptr<Binding>> bindings_;  // same order as all_host_functions()
  // "ns::name" and the type's text -> the trapping function defined for it
  std::map<std::string, std::unique_ptr<UnknownImport>> unknown_;
  std::vector<std::string> faults_;
};

// Why `module`'s imports cannot all be satisfied by the harness (the first import that
// cannot: unknown name or different type), or nullopt. compile_module's link check. With
// UnknownImports::Trap an unknown function import is satisfied (by a trapping function).
[[nodiscard]] Status check_imports(const wasm_module_t* module,
                                   UnknownImports unknown_imports = UnknownImports::Error);

}  // namespace lh::host
