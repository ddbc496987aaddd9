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
#include "harness/host/unknown_imports.h"
#include "harness/sim/world.h"

namespace lh::host {

struct [[nodiscard]] HostResult {
  enum class Kind { Ok, Trap, Suspend, Fault };
  Kind kind = Kind::Ok;
  std::optional<TrapId> trap_id;  // which row of traps.def a Trap comes from
  std::string message;            // a Trap's or a Fault's text

  static HostResult ok() { return {}; }
  static HostResult trap(TrapId id) { return {Kind::Trap, id, std::string(trap_text(id))}; }
  static HostResult trap(TrapId id, std::string_view detail) {
    return {Kind::Trap, id, std::string(trap_text(id)) + ": " + std::string(detail)};
  }
  // A Trap from a row whose text holds "{}" (the reference's wrapper around a variable part,
  // e.g. a UTF-8 error or an import's name): the row with `value` in place of the "{}".
  static HostResult trap_filled(TrapId id, std::string_view value) {
    std::string text(trap_text(id));
    if (size_t at = text.find("{}"); at != std::string::npos) text.replace(at, 2, value);
    return {Kind::Trap, id, std::move(text)};
  }
  static HostResult fault(std::string text) { return {Kind::Fault, std::nullopt, std::move(text)}; }
  static HostResult suspend() { return {Kind::Suspend, std::nullopt, {}}; }

  [[nodiscard]] bool is_ok() const { return kind == Kind::Ok; }
  [[nodiscard]] bool is_trap(TrapId id) const { return kind == Kind::Trap && trap_id == id; }
};

// Returns the HostResult of `expr` from the enclosing host function unless it is Ok.
#define LH_RETURN_IF_NOT_OK(expr)                                                  \
  do {                                                                             \
    if (::lh::host::HostResult lh_host_result_ = (expr); !lh_host_result_.is_ok()) \
      return lh_host_result_;                                                      \
  } while (false)

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
           const wasm_val_vec_t* args, wasm_val_vec_t* results,
           UnknownImports unknown_imports = UnknownImports::Error)
      : world(world),
        process(process),
        loader(loader),
        resumed_(resumed),
        unknown_imports_(unknown_imports),
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
  [[nodiscard]] double f64(size_t i) const { return args_->data[i].of.f64; }
  void return_i32(int32_t v) { results_->data[0].kind = WASM_I32, results_->data[0].of.i32 = v; }
  void return_i64(int64_t v) { results_->data[0].kind = WASM_I64, results_->data[0].of.i64 = v; }

  // The caller's memory; a host function that touches memory first checks present().
  [[nodiscard]] GuestMemory memory() const { return GuestMemory(process.guest.memory()); }

  // Reads [ptr, ptr+len) of guest memory into `out`. Ok, or the trap: NoMemoryExport
  // without a memory, `out_of_bounds` (the calling family's row) for a bad range.
  HostResult read(uint32_t ptr, uint32_t len, std::string* out, TrapId out_of_bounds) const;
  // Writes `bytes` at ptr; Ok or the trap, as read().
  HostResult write(uint32_t ptr, std::span<const uint8_t> bytes, TrapId out_of_bounds) const;
  HostResult write_u64(uint32_t ptr, uint64_t value, TrapId out_of_bounds) const;
  // Reads the guest string [ptr, ptr+len) as lunatic reads names: the memory export, then the
  // range (`out_of_bounds`), then UTF-8 (`not_utf8`, a row with "{}" for Rust's error text).
  HostResult read_utf8(uint32_t ptr, uint32_t len, std::string* out, TrapId out_of_bounds,
                       TrapId not_utf8) const;
  // What a process-wide option says about imports the harness lacks (the Linker's).
  [[nodiscard]] UnknownImports unknown_imports() const { return unknown_imports_; }

 private:
  bool resumed_;
  UnknownImports unknown_imports_;
  const wasm_val_vec_t* args_;
  wasm_val_vec_t* results_;
};

}  // namespace lh::host
