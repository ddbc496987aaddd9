// What a host function sees of one call: typed arguments, result slots, the calling
// process and the world, and the bounds-checked view of the caller's memory. A host
// function returns HostResult: Ok (results set), Trap (the caller dies), Suspend (the
// caller blocks; the same function is called again with resumed() true when it wakes), or
// Fault (a harness bug; reported apart from guest errors).
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>

#include "harness/engine/wasm.h"
#include "harness/host/traps.h"
#include "harness/sim/world.h"

namespace lh::host {

struct HostResult {
  enum class Kind { Ok, Trap, Suspend, Fault };
  Kind kind = Kind::Ok;
  std::string message;

  static HostResult ok() { return {}; }
  static HostResult trap(TrapId id) { return {Kind::Trap, std::string(trap_text(id))}; }
  static HostResult trap(TrapId id, std::string_view detail) {
    return {Kind::Trap, std::string(trap_text(id)) + ": " + std::string(detail)};
  }
  static HostResult fault(std::string text) { return {Kind::Fault, std::move(text)}; }
  static HostResult suspend() { return {Kind::Suspend, {}}; }
};

// Guest linear memory of the calling process; every pointer a guest passes goes through
// `span` before any byte is read or written.
class GuestMemory {
 public:
  explicit GuestMemory(wasm_memory_t* memory) : memory_(memory) {}
  [[nodiscard]] bool present() const { return memory_ != nullptr; }
  // The bytes [ptr, ptr+len) or nullopt when the range is not inside memory. Valid until
  // the guest runs again or memory grows.
  [[nodiscard]] std::optional<std::span<uint8_t>> span(uint32_t ptr, uint32_t len) const {
    if (!memory_) return std::nullopt;
    size_t size = wasm_memory_data_size(memory_);
    if (uint64_t{ptr} + len > size) return std::nullopt;
    return std::span<uint8_t>(reinterpret_cast<uint8_t*>(wasm_memory_data(memory_)) + ptr, len);
  }

 private:
  wasm_memory_t* memory_;
};

class ModuleLoader;

class HostCall {
 public:
  HostCall(sim::World& world, sim::Process& process, ModuleLoader& loader, bool resumed,
           const wasm_val_vec_t* args, wasm_val_vec_t* results)
      : world(world),
        process(process),
        loader(loader),
        resumed_(resumed),
        args_(args),
        results_(results) {}

  sim::World& world;
  sim::Process& process;
  ModuleLoader& loader;

  // True when this call is the re-entry of a call that suspended.
  [[nodiscard]] bool resumed() const { return resumed_; }
  // Blocks the caller until `wait` is satisfied.
  [[nodiscard]] HostResult suspend(sim::Wait wait) {
    world.suspend_current(std::move(wait));
    return HostResult::suspend();
  }

  [[nodiscard]] int32_t i32(size_t i) const { return args_->data[i].of.i32; }
  [[nodiscard]] uint32_t u32(size_t i) const {
    return static_cast<uint32_t>(args_->data[i].of.i32);
  }
  [[nodiscard]] int64_t i64(size_t i) const { return args_->data[i].of.i64; }
  [[nodiscard]] uint64_t u64(size_t i) const {
    return static_cast<uint64_t>(args_->data[i].of.i64);
  }
  void return_i32(int32_t v) { results_->data[0].kind = WASM_I32, results_->data[0].of.i32 = v; }
  void return_i64(int64_t v) { results_->data[0].kind = WASM_I64, results_->data[0].of.i64 = v; }

  // The caller's memory; a host function that touches memory first checks present().
  [[nodiscard]] GuestMemory memory() const { return GuestMemory(process.guest.memory()); }

  // Reads [ptr, ptr+len) of guest memory, or the trap for a missing memory / bad range.
  [[nodiscard]] std::optional<HostResult> read(uint32_t ptr, uint32_t len, std::string* out) const;
  // Writes `bytes` at ptr, or the trap.
  [[nodiscard]] std::optional<HostResult> write(uint32_t ptr, std::span<const uint8_t> bytes) const;
  [[nodiscard]] std::optional<HostResult> write_u64(uint32_t ptr, uint64_t value) const;

 private:
  bool resumed_;
  const wasm_val_vec_t* args_;
  wasm_val_vec_t* results_;
};

}  // namespace lh::host
