// The wasm side of one process: its instance, the memory the harness made for it (with
// the process's limit), its exports, and suspension through Binaryen's Asyncify: a host
// call unwinds the guest's stack into a buffer in guest memory and later rewinds it.
// Buffer rule: taken from the guest's exported `lunatic_alloc` or `malloc` (i32 -> i32)
// on the first suspension; a guest exporting neither gets fresh pages grown at the top of
// its memory (counted against its memory limit). Exports are wrapped on first use only.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/engine/handles.h"
#include "harness/sim/memory_pool.h"
#include "harness/sim/module.h"

namespace lh::sim {

class Guest {
 public:
  static constexpr uint32_t kAsyncifyBufferBytes = 64 * 1024;

  Guest() = default;
  Guest(const Guest&) = delete;
  Guest& operator=(const Guest&) = delete;
  ~Guest() { release(); }

  // Takes the harness-provided memory, with at most `max_memory_bytes`, from `pool` (which
  // gets it back at release); an error when the module's initial size exceeds the limit.
  [[nodiscard]] Status create_memory(MemoryPool& pool, const Module& module,
                                     uint64_t max_memory_bytes);
  [[nodiscard]] wasm_memory_t* harness_memory() const { return owned_memory_.get(); }

  // Instantiates and runs the start function; the instantiation error or start trap.
  [[nodiscard]] Status instantiate(wasm_store_t* store, std::shared_ptr<const Module> module,
                                   std::vector<wasm_extern_t*>& imports);
  [[nodiscard]] bool instantiated() const { return instance_ != nullptr; }
  // The guest's exported "memory" (host functions use only this one, as lunatic does).
  [[nodiscard]] wasm_memory_t* memory() const { return memory_; }
  [[nodiscard]] wasm_func_t* export_func(std::string_view name) const;

  // Asyncify state machine.
  [[nodiscard]] bool can_suspend() const { return module_ && module_->asyncified; }
  [[nodiscard]] bool unwinding() const { return state_ == State::Unwinding; }
  [[nodiscard]] bool rewinding() const { return state_ == State::Rewinding; }
  [[nodiscard]] bool suspended() const { return state_ == State::Suspended; }
  // From inside a host call: begin unwinding to the entry export. Error: no buffer.
  [[nodiscard]] std::optional<std::string> start_unwind();
  // After the entry export returned while unwinding. Error: the buffer overflowed.
  [[nodiscard]] std::optional<std::string> stop_unwind();
  // Before re-calling the entry export to resume.
  void start_rewind();
  // From inside the host call being resumed.
  void stop_rewind();

  // Fuel left in the current slice (the instrumented global), if metered. Read from the
  // engine only when wasm code may have run since the last read (wasmx_store_wasm_epoch).
  [[nodiscard]] std::optional<int64_t> fuel() const;
  void set_fuel(int64_t value);

  // Drops the instance and returns the memory to its pool (at death).
  void release();

 private:
  enum class State { Normal, Unwinding, Suspended, Rewinding };
  // Asyncify's state global values.
  enum AsyncifyState : int32_t { kNormal = 0, kUnwinding = 1, kRewinding = 2 };
  [[nodiscard]] wasm_extern_t* export_extern(std::string_view name) const;
  void set_asyncify(AsyncifyState state);
  [[nodiscard]] std::optional<std::string> ensure_buffer();
  // The memory holding the asyncify buffer: the exported one, else the harness's.
  [[nodiscard]] wasm_memory_t* buffer_memory() const {
    return memory_ ? memory_ : owned_memory_.get();
  }

  std::shared_ptr<const Module> module_;
  wasm_store_t* store_ = nullptr;
  MemoryPool* pool_ = nullptr;
  wasm_limits_t owned_limits_{};
  engine::MemoryPtr owned_memory_;
  engine::InstancePtr instance_;
  mutable std::vector<engine::ExternPtr> exports_;  // by export index, wrapped on first use
  wasm_memory_t* memory_ = nullptr;
  wasm_global_t* fuel_global_ = nullptr;
  struct FuelReading {
    uint64_t epoch;
    int64_t left;
  };
  mutable std::optional<FuelReading> fuel_read_;
  wasm_global_t* asyncify_state_ = nullptr;
  wasm_global_t* asyncify_data_ = nullptr;
  State state_ = State::Normal;
  std::optional<uint32_t> buffer_;  // guest address of the asyncify data structure
};

}  // namespace lh::sim
