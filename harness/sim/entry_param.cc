#include "harness/sim/entry_param.h"

#include <fmt/format.h>

namespace lh::sim {

std::string describe_params(const std::vector<EntryParam>& params) {
  std::string text;
  for (const auto& p : params) {
    if (!text.empty()) text += ',';
    switch (p.type) {
      case binary::ValType::I32:
        text += fmt::format("i32:{}", static_cast<int32_t>(static_cast<uint32_t>(p.low)));
        break;
      case binary::ValType::I64: text += fmt::format("i64:{}", static_cast<int64_t>(p.low)); break;
      default: text += fmt::format("v128:0x{:016x}{:016x}", p.high, p.low); break;
    }
  }
  return text;
}

wasm_val_t to_wasm_val(const EntryParam& param) {
  wasm_val_t value{};
  if (param.type == binary::ValType::I64) {
    value.kind = WASM_I64;
    value.of.i64 = static_cast<int64_t>(param.low);
  } else {
    value.kind = WASM_I32;
    value.of.i32 = static_cast<int32_t>(static_cast<uint32_t>(param.low));
  }
  return value;
}

}  // namespace lh::sim
