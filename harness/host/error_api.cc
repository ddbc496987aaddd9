// lunatic::error: the text of errors stored in a process's error table.
#include "harness/host/registry.h"

namespace lh::host {
namespace {

HostResult string_size(HostCall& call) {
  const std::string* text = call.process.errors.get(call.u64(0));
  if (!text) return HostResult::trap_filled(TrapId::ErrorMissing, "string_size");
  call.return_i32(static_cast<int32_t>(text->size()));
  return HostResult::ok();
}

// Its traps carry the info "lunatic::error::string_size", as lunatic's to_string does.
HostResult to_string(HostCall& call) {
  const std::string* text = call.process.errors.get(call.u64(0));
  if (!text) return HostResult::trap_filled(TrapId::ErrorMissing, "string_size");
  return call.write(call.u32(1),
                    std::span(reinterpret_cast<const uint8_t*>(text->data()), text->size()),
                    TrapId::ErrorMemory);
}

HostResult drop(HostCall& call) {
  if (!call.process.errors.remove(call.u64(0)))
    return HostResult::trap_filled(TrapId::ErrorMissing, "drop");
  return HostResult::ok();
}

}  // namespace

void add_error_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::error";
  out.push_back({ns, "string_size", {WASM_I64}, {WASM_I32}, string_size});
  out.push_back({ns, "to_string", {WASM_I64, WASM_I32}, {}, to_string});
  out.push_back({ns, "drop", {WASM_I64}, {}, drop});
}

}  // namespace lh::host
