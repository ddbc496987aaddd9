// One simulated run, wired in the one right order: a store, the module loader, the linker
// (the host functions) and the World, destroyed in reverse (processes before the linker and
// the store). Every user (the scenario runner, tests, benchmarks, the fuzzer) builds runs
// through this class; nothing else constructs a Linker or a World for guests.
// Single-threaded; one Simulation per world. The engine must outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/engine/handles.h"
#include "harness/host/linker.h"
#include "harness/host/module_loader.h"
#include "harness/sim/world.h"

namespace lh::host {

// The root process: its module, entry function and arguments, config and WASI inputs.
struct RootSpec {
  std::shared_ptr<const sim::Module> module;
  std::string entry = "_start";
  std::vector<sim::EntryParam> params;
  sim::ProcessConfig config = lunatic_run_config();
  std::vector<std::string> args;  // WASI argv after argv[0] (which is the module's name)
  std::vector<std::string> env;   // "KEY=VALUE"
  // Preopened directories (paths of the world's file system), from fd 3: `lunatic run`
  // always preopens ".", then each --dir.
  std::vector<std::string> preopens = {"."};
  // Call an exported `_initialize` before the entry. lunatic never does (A6); a scenario may
  // ask for it, for a reactor module written to need it.
  bool call_initialize = false;

  // The config `lunatic run` gives the root: u32::MAX bytes of memory, no fuel limit, every
  // permission (lunatic src/mode/common.rs).
  [[nodiscard]] static sim::ProcessConfig lunatic_run_config() {
    sim::ProcessConfig config;
    config.max_memory = 0xffffffffull;
    config.max_fuel = 0;
    config.can_compile_modules = true;
    config.can_create_configs = true;
    config.can_spawn_processes = true;
    return config;
  }
};

struct SimulationOptions {
  sim::WorldOptions world;
  bool cached_preparation = true;  // false: prepare every module anew (determinism re-runs)
  // What the world does with function imports the harness lacks (unknown_imports.h).
  UnknownImports unknown_imports = UnknownImports::Error;
};

class Simulation {
 public:
  // A simulation with a store of its own in `engine`.
  explicit Simulation(wasm_engine_t* engine, SimulationOptions options = {});
  // A simulation in a borrowed `store` (which must outlive it), so that modules loaded into
  // that store earlier can run here (benchmarks load a guest once for many runs).
  Simulation(wasm_store_t* store, SimulationOptions options);
  ~Simulation();
  Simulation(const Simulation&) = delete;
  Simulation& operator=(const Simulation&) = delete;

  // A module named `name` from guest bytes, or why it is not a valid guest.
  [[nodiscard]] Result<std::shared_ptr<const sim::Module>> load(std::span<const uint8_t> bytes,
                                                                std::string name);
  // Spawns `root` as the first process. An error when it cannot run at all: the module
  // cannot be instantiated (an import the harness lacks, memory over the limit, a trapping
  // start function), or it does not export `entry` as a function (the message lists what it
  // exports), or one of its preopens cannot be opened. The world then holds no process.
  [[nodiscard]] Status spawn_root(RootSpec root);
  // Runs until the world ends or a bound is reached.
  sim::RunVerdict run() { return world_.run(); }

  [[nodiscard]] sim::World& world() { return world_; }
  [[nodiscard]] const sim::World& world() const { return world_; }
  // Harness faults raised by host functions (empty in a healthy run).
  [[nodiscard]] const std::vector<std::string>& faults() const { return linker_.faults(); }
  [[nodiscard]] wasm_store_t* store() const { return store_; }

 private:
  Simulation(engine::StorePtr owned, wasm_store_t* borrowed, SimulationOptions options);

  engine::StorePtr owned_store_;  // empty when the store is borrowed
  wasm_store_t* store_;
  ModuleLoader loader_;
  Linker linker_;     // holds a reference to world_, used only once processes run
  sim::World world_;  // last: destroyed first, with every process
};

}  // namespace lh::host
