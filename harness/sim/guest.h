// The wasm side of one process: its instance, the memory the harness made for it (with
// the process's limit), its exports, and suspension through Binaryen's Asyncify.
//
// Suspension protocol (one place for the whole state machine; spec/harness.md):
//  1. A blocking host call returns Suspend; the Linker calls start_unwind(), which borrows
//     a region at the top of the guest's memory: it saves the bytes there on the host, puts
//     Asyncify's header {current, end} at the region's start and sets the state Unwinding.
//  2. Asyncify unwinds every frame, writing its locals upward from `current`; the entry
//     export returns. World::run_guest calls stop_unwind(): the unwind data is copied out to
//     the host and the saved bytes are put back. The guest's memory is as it was.
//  3. When the process runs again, World::run_guest calls start_rewind(): the region's
//     bytes are saved again, the unwind data copied in, the state set Rewinding, and the
//     entry export is called again. Asyncify rewinds to the suspended host call.
//  4. The Linker, re-entering that host call, calls stop_rewind(): the state is Normal
//     and the saved bytes are put back, before the host function runs again (resumed).
// So the guest never sees the harness's use of its memory: no allocation, no growth, the
// same memory.size and limit, whatever its stack depth. The region's size is estimated from
// the depth of the native stack the guest uses (every local Asyncify saves lives in a
// native frame slot while the call is made); unwind data larger than the guest's whole
// memory cannot be kept, and the process then dies with a named error.
// Exports are wrapped on first use only.
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

// A dead process's instance as the process left it, waiting for the next spawn of the same
// module with the same memory limits (instance_pool.h), which resets it (Guest::adopt):
// everything of the instance the Guest held.
struct ParkedInstance {
  std::shared_ptr<const Module> module;
  wasm_limits_t limits{};  // of its harness memory
  engine::MemoryPtr memory;
  engine::InstancePtr instance;
  std::vector<engine::ExternPtr> exports;
};

class Guest {
 public:
  Guest() = default;
  Guest(const Guest&) = delete;
  Guest& operator=(const Guest&) = delete;
  ~Guest() { release(); }

  // The limits of the memory the harness makes for a process of `module` allowed at most
  // `max_memory_bytes`: nullopt when the module takes none; an error when its initial size
  // exceeds the limit.
  [[nodiscard]] static Result<std::optional<wasm_limits_t>> memory_limits(
      const Module& module, uint64_t max_memory_bytes);
  // Takes the harness-provided memory with `limits` (memory_limits') from `pool`, which gets
  // it back at release.
  [[nodiscard]] Status create_memory(MemoryPool& pool, const Module& module,
                                     const std::optional<wasm_limits_t>& limits);
  [[nodiscard]] Status create_memory(MemoryPool& pool, const Module& module,
                                     uint64_t max_memory_bytes);
  [[nodiscard]] wasm_memory_t* harness_memory() const { return owned_memory_.get(); }

  // Instantiates and runs the start function; the instantiation error or start trap.
  [[nodiscard]] Status instantiate(wasm_store_t* store, std::shared_ptr<const Module> module,
                                   std::vector<wasm_extern_t*>& imports);

  // Reuse of instances (instance_pool.h). park(): when this guest's instance can serve
  // another process — the module allows it, its memory never grew, the protocol above is
  // not half-way — moves it out as it is; else nullptr. The guest is released either way.
  // Never call it while the guest's code is on the stack.
  [[nodiscard]] std::unique_ptr<ParkedInstance> park();
  [[nodiscard]] const Module* module() const { return module_.get(); }
  // The limits of the memory the harness made for this guest, if it made one.
  [[nodiscard]] std::optional<wasm_limits_t> owned_memory_limits() const {
    return owned_memory_ ? std::optional<wasm_limits_t>(owned_limits_) : std::nullopt;
  }
  // In place of create_memory + instantiate: takes a parked instance, puts it back as a new
  // instance would be (memory zeroed and the active data segments written again, every
  // mutable global set back by the reset export) and runs the start function, as
  // instantiate does; the start function's outcome, or nullopt (the guest released) when
  // the instance could not be reset. Memory goes back to `pool` at release.
  [[nodiscard]] std::optional<Status> adopt(wasm_store_t* store, MemoryPool& pool,
                                            std::unique_ptr<ParkedInstance> parked);
  [[nodiscard]] bool instantiated() const { return instance_ != nullptr; }
  // The guest's exported "memory" (host functions use only this one, as lunatic does).
  [[nodiscard]] wasm_memory_t* memory() const { return memory_; }
  [[nodiscard]] wasm_func_t* export_func(std::string_view name) const;

  // Asyncify state machine.
  [[nodiscard]] bool can_suspend() const { return module_ && module_->asyncified; }
  [[nodiscard]] bool unwinding() const { return state_ == State::Unwinding; }
  [[nodiscard]] bool rewinding() const { return state_ == State::Rewinding; }
  [[nodiscard]] bool suspended() const { return state_ == State::Suspended; }
  // From inside a host call: begin unwinding to the entry export. `native_stack_bytes` is
  // how much native stack the guest's frames use (see the protocol above).
  [[nodiscard]] Status start_unwind(uint64_t native_stack_bytes);
  // After the entry export returned while unwinding: keeps the unwind data, restores memory.
  [[nodiscard]] Status stop_unwind();
  // Before re-calling the entry export to resume.
  void start_rewind();
  // From inside the host call being resumed: restores memory.
  void stop_rewind();
  // Why an unwind that trapped could not complete (a trap while Unwinding means the unwind
  // data ran past the end of the region); resets the state. Only when unwinding().
  [[nodiscard]] std::string unwind_failure(const std::string& trap);

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
  // Finds the exports the harness drives and runs the start function (instantiate, adopt).
  [[nodiscard]] Status start();
  // adopt's reset of memory and globals; false when it could not be done.
  [[nodiscard]] bool reset();
  void set_asyncify(AsyncifyState state, uint32_t data_address);
  void set_asyncify_state(AsyncifyState state);
  // Saves the bytes of [address, address + size) of the unwind memory (one buffer per
  // thread: one region is borrowed at a time). `only_allocated`: without touching pages the
  // kernel has not allocated (memory_pages.h): the region is sized for the worst case, the
  // data uses a fraction of it, and each page touched would stay allocated while the process
  // waits.
  void borrow_region(uint32_t address, uint32_t size, bool only_allocated);
  // Puts back the first `written` saved bytes, the only ones written since the region was
  // borrowed (the whole region when unknown).
  void return_region(uint32_t written = UINT32_MAX);

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
  bool suspended_before_ = false;  // this process has started an unwind before
  uint32_t region_ = 0;            // guest address of the borrowed region (its header first)
  uint32_t region_size_ = 0;       // header included
  std::vector<uint8_t> unwind_;    // the unwind data, while suspended
};

}  // namespace lh::sim
