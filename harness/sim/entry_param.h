// The typed arguments of a process's entry function, as lunatic's spawn params carry them:
// i32, i64 or v128 values, exact (a v128 as its low and high 64 bits). One conversion to the
// engine's values, used by every spawn (guest's spawn, a scenario's root, the benchmarks).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/binary/module_info.h"
#include "harness/engine/wasm.h"

namespace lh::sim {

struct EntryParam {
  binary::ValType type = binary::ValType::I32;  // I32, I64 or V128
  uint64_t low = 0;                             // the value, or a v128's low 64 bits
  uint64_t high = 0;                            // a v128's high 64 bits

  [[nodiscard]] static EntryParam i32(int32_t value) {
    return {binary::ValType::I32, static_cast<uint32_t>(value), 0};
  }
  [[nodiscard]] static EntryParam i64(int64_t value) {
    return {binary::ValType::I64, static_cast<uint64_t>(value), 0};
  }
  [[nodiscard]] static EntryParam v128(uint64_t low, uint64_t high) {
    return {binary::ValType::V128, low, high};
  }
  friend bool operator==(const EntryParam&, const EntryParam&) = default;
};

// "i32:5,i64:-1,v128:0x<32 hex digits>": the exact values, for the trace.
[[nodiscard]] std::string describe_params(const std::vector<EntryParam>& params);

// The engine's value for an i32 or i64 param (a v128 has none in the wasm C API).
[[nodiscard]] wasm_val_t to_wasm_val(const EntryParam& param);

}  // namespace lh::sim
