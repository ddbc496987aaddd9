#include "harness/instrument/v128_trampoline.h"

#include <fmt/format.h>

#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"
#include "harness/instrument/names.h"

namespace lh::instrument {

using namespace lh::binary;

namespace {

constexpr uint8_t kSimdPrefix = 0xfd, kV128Const = 0x0c, kI64x2ReplaceLane = 0x1e;
constexpr uint8_t kLocalGet = 0x20, kCall = 0x10, kEnd = 0x0b, kFuncTypeForm = 0x60;

bool takes_v128(const FuncType& type) {
  for (ValType param : type.params)
    if (param == ValType::V128) return true;
  return false;
}

void write_types(Writer& w, const std::vector<ValType>& types) {
  w.varu32(static_cast<uint32_t>(types.size()));
  for (ValType type : types) w.u8(static_cast<uint8_t>(type));
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
  Bytes body;
  Writer(body).varu32(static_cast<uint32_t>(code.size()));
  body.insert(body.end(), code.begin(), code.end());
  return body;
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
  Bytes types, functions, code, exports;
  uint32_t next_type = static_cast<uint32_t>(info.types.size());
  uint32_t next_func =
      info.imported_count(ExternKind::Func) + static_cast<uint32_t>(info.func_types.size());
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
    Writer t(types);
    t.u8(kFuncTypeForm);
    write_types(t, split.params);
    write_types(t, split.results);
    Writer(functions).varu32(next_type++);
    Bytes body = trampoline_body(*type, exported.index);
    code.insert(code.end(), body.begin(), body.end());
    Writer e(exports);
    e.name(name);
    e.u8(static_cast<uint8_t>(ExternKind::Func));
    e.varu32(next_func++);
    ++result.added;
  }
  if (result.added == 0) {
    result.bytes.assign(wasm.begin(), wasm.end());
    return result;
  }
  ModuleBuilder builder(wasm, info);
  auto extend = [&](uint8_t section, const Bytes& items) {
    auto payload = builder.payload(section).value_or(std::span<const uint8_t>{});
    builder.set_section(section, append_to_vector(payload, result.added, items));
  };
  extend(kTypeSection, types);
  extend(kFunctionSection, functions);
  extend(kCodeSection, code);
  extend(kExportSection, exports);
  result.bytes = builder.finish();
  return result;
}

}  // namespace lh::instrument
