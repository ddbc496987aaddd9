// Test and benchmark support: runs one module (plain or prepared) on V8 through wasm.h and
// sim::Guest, with minimal imports: the harness memory (sim's limit rule), an out_of_fuel
// that counts calls and refills the fuel global, WASI output stubs capturing fd 1 and 2,
// and a trapping stub for any other function import. No gtest dependency.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/sim/guest.h"
#include "harness/sim/module.h"

namespace lh::instrument::testing {

// One engine for the whole binary (V8 is initialised once per process anyway).
[[nodiscard]] wasm_engine_t* shared_engine();

// nullopt when V8 accepts `wasm`, else its reason (a pipeline Validator).
[[nodiscard]] std::optional<std::string> v8_validate(std::span<const uint8_t> wasm);

struct V8GuestOptions {
  int64_t refill = 100'000;                   // out_of_fuel adds this to the fuel global
  uint64_t max_memory_bytes = 0xffffffffull;  // the process's memory limit
};

class V8Guest {
 public:
  // Compiles and instantiates `wasm` in `store` (kept borrowed). Check error() after.
  V8Guest(wasm_store_t* store, std::span<const uint8_t> wasm, V8GuestOptions options = {});
  ~V8Guest();
  V8Guest(const V8Guest&) = delete;
  V8Guest& operator=(const V8Guest&) = delete;

  // Empty when compiled and instantiated; else why not (compile, memory or link error).
  [[nodiscard]] const std::string& error() const { return error_; }
  [[nodiscard]] bool ok() const { return error_.empty(); }

  // Calls export `name`; the results, or nullopt with trap() set.
  std::optional<std::vector<wasm_val_t>> call(std::string_view name, std::vector<wasm_val_t> args);
  [[nodiscard]] const std::string& trap() const { return trap_; }
  // The export, for repeated calls without lookups (nullptr when absent).
  [[nodiscard]] wasm_func_t* func(std::string_view name) const;

  [[nodiscard]] std::optional<int64_t> fuel() const { return guest_.fuel(); }
  void set_fuel(int64_t value) { guest_.set_fuel(value); }
  [[nodiscard]] uint64_t out_of_fuel_calls() const { return out_of_fuel_calls_; }
  [[nodiscard]] const std::string& out() const { return stdout_; }
  [[nodiscard]] const sim::Module* module() const { return module_.get(); }
  [[nodiscard]] sim::Guest& guest() { return guest_; }

 private:
  struct Host;
  wasm_store_t* store_;
  V8GuestOptions options_;
  std::shared_ptr<const sim::Module> module_;
  std::vector<engine::FuncPtr> host_funcs_;
  sim::MemoryPool memory_pool_;
  sim::Guest guest_;
  std::string error_;
  std::string trap_;
  std::string stdout_;
  uint64_t out_of_fuel_calls_ = 0;
};

inline wasm_val_t i32(int32_t v) {
  wasm_val_t x;
  x.kind = WASM_I32;
  x.of.i32 = v;
  return x;
}
inline wasm_val_t i64(int64_t v) {
  wasm_val_t x;
  x.kind = WASM_I64;
  x.of.i64 = v;
  return x;
}

}  // namespace lh::instrument::testing
