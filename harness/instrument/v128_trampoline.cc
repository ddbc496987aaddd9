#include "harness/instrument/v128_trampoline.h"

#include <fmt/format.h>

#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"
#include "harness/instrument/names.h"

namespace lh::instrument {

using namespace lh::binary;

namespace {

constexpr uint8_t kSimdPrefix = 0xfd, kV128Const = 0x0c, kI64x2ReplaceLane = 0x1e;
constexpr uint8_t kLocalGet = 0x20, kCall = 0x10, kEnd = 0x0b;

bool takes_v128(const FuncType& type) {
  for (ValType param : type.params)
    if (param == ValType::V128) return true;
  return false;
}

// The trampoline's body: rebuild each v128 from its two i64 halves, call `target`.
Bytes trampoline_body(const FuncType& target_type, uint32_t target) {
  Bytes code;
  Writer w(code);
  w.varu32(0);  // no locals
  uint32_t local = 0;
  for (ValType param : target_type.params) {
    if (param != ValType::V128) {
      w.u8(kLocalGet);
      w.varu32(local++);
      continue;
    }
    w.u8(kSimdPrefix);
    w.varu32(kV128Const);
    for (int i = 0; i < 16; ++i) w.u8(0);
    for (uint8_t lane = 0; lane < 2; ++lane) {
      w.u8(kLocalGet);
      w.varu32(local++);
      w.u8(kSimdPrefix);
      w.varu32(kI64x2ReplaceLane);
      w.u8(lane);
    }
  }
  w.u8(kCall);
  w.varu32(target);
  w.u8(kEnd);
  return code;
}

}  // namespace

V128TrampolineResult add_v128_trampolines(std::span<const uint8_t> wasm) {
  V128TrampolineResult result;
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) {
    result.error = decoded.error;
    return result;
  }
  const ModuleInfo& info = *decoded.info;
  std::vector<ExportedFunction> trampolines;
  for (const Export& exported : info.exports) {
    if (exported.kind != ExternKind::Func || is_harness_name(exported.name)) continue;
    const FuncType* type = info.func_type_of(exported.index);
    if (!type || !takes_v128(*type)) continue;
    std::string name = v128_trampoline_name(exported.name);
    if (info.find_export(name)) {
      result.error = fmt::format("the module already exports \"{}\"", name);
      return result;
    }
    FuncType split{.params = {}, .results = type->results};
    for (ValType param : type->params) {
      split.params.push_back(param == ValType::V128 ? ValType::I64 : param);
      if (param == ValType::V128) split.params.push_back(ValType::I64);
    }
    trampolines.push_back({std::move(split), trampoline_body(*type, exported.index), name});
  }
  result.added = static_cast<uint32_t>(trampolines.size());
  if (trampolines.empty()) {
    result.bytes.assign(wasm.begin(), wasm.end());
    return result;
  }
  result.bytes = append_exported_functions(wasm, info, trampolines);
  return result;
}

}  // namespace lh::instrument
