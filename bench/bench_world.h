// Benchmark support: one V8 engine for the binary, a store and a prepared, compiled guest
// per benchmark (set up outside the timed region), and a Session: a host::Simulation in that
// store whose root runs the guest, timing only the run. Every run is checked (quiescent, no harness
// fault, expected deaths), so a benchmark that stopped measuring what it claims reports an error
// instead of a rate.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/host/module_loader.h"
#include "harness/host/simulation.h"

namespace lh::bench {

// The engine shared by every benchmark (V8 is initialised once per OS process).
[[nodiscard]] wasm_engine_t* shared_engine();

// Bytes of the built guest `name` (LH_GUEST_DIR/NAME.wasm); empty if missing.
[[nodiscard]] std::vector<uint8_t> read_guest(const std::string& name);

// A store with one guest loaded (prepared and compiled once).
class Guest {
 public:
  explicit Guest(const std::string& name);
  [[nodiscard]] bool ok() const { return module_ != nullptr; }
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] wasm_store_t* store() const { return store_.get(); }
  [[nodiscard]] host::ModuleLoader& loader() { return *loader_; }
  [[nodiscard]] const std::shared_ptr<const sim::Module>& module() const { return module_; }
  // Asks V8 to reclaim dead instances now (between runs, outside timing).
  void collect_garbage();

 private:
  engine::StorePtr store_;
  std::unique_ptr<host::ModuleLoader> loader_;
  std::shared_ptr<const sim::Module> module_;
  std::string error_;
};

// One simulated world whose root process runs `entry(arg)` of the guest.
class Session {
 public:
  // `streaming`: keep no trace events and no dead process's outcome but the root's, as a
  // scenario run without outputs does (memory then follows the live processes only).
  Session(Guest& guest, const std::string& entry, int64_t arg, bool streaming = false);
  // Why the root could not be spawned, if it could not.
  [[nodiscard]] const std::optional<std::string>& error() const { return error_; }
  // Runs the world until quiescent; returns the wall-clock seconds spent in World::run.
  double run();
  [[nodiscard]] sim::World& world() { return simulation_->world(); }
  // Empty when the last run ended quiescent without harness faults, else what went wrong.
  [[nodiscard]] std::string check() const;
  // Empty when process `id` ended with `reason` (nullopt: still alive), else a message.
  [[nodiscard]] std::string check_end(uint64_t id, std::optional<sim::DeathReason> reason) const;

 private:
  std::unique_ptr<host::Simulation> simulation_;
  std::optional<std::string> error_;
  sim::RunVerdict verdict_ = sim::RunVerdict::Quiescent;
};

// Resident and virtual size of this OS process in bytes (/proc/self/statm), and two parts
// of it: the bytes `store`'s V8 heap holds and the bytes malloc has handed out.
struct MemoryUse {
  uint64_t resident = 0;
  uint64_t virtual_size = 0;
  uint64_t engine_heap = 0;
  uint64_t host_heap = 0;
};
[[nodiscard]] MemoryUse memory_use(wasm_store_t* store);

}  // namespace lh::bench
