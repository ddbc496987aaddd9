// lunatic::process::compile_module and drop_module.
#include "harness/host/linker.h"
#include "harness/host/module_loader.h"
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// compile_module(data_ptr, data_len, id_ptr) -> 0 ok | 1 error | -1 no permission
HostResult compile_module(HostCall& call) {
  if (!call.process.config.can_compile_modules) {
    call.return_i32(-1);
    return HostResult::ok();
  }
  std::string bytes;
  LH_RETURN_IF_NOT_OK(call.read(call.u32(0), call.u32(1), &bytes, TrapId::CompileModuleRead));
  auto loaded =
      call.loader.load(std::span(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()),
                       "compiled-by-" + std::to_string(call.process.id));
  // Linking is part of compiling: every import must be a host function (lunatic checks
  // them when it compiles, so the error comes back here, not at spawn), or, in a world that
  // defines unknown imports as traps, any function.
  Status linkable = loaded.ok() ? check_imports((*loaded)->compiled.get(), call.unknown_imports())
                                : loaded.status();
  uint64_t id;
  int32_t code;
  if (linkable.ok()) {
    id = call.process.modules.add(*loaded);
    code = 0;
  } else {
    id = call.process.errors.add(linkable.message());
    code = 1;
  }
  LH_RETURN_IF_NOT_OK(call.write_u64(call.u32(2), id, TrapId::CompileModuleWrite));
  call.return_i32(code);
  return HostResult::ok();
}

HostResult drop_module(HostCall& call) {
  if (!call.process.modules.remove(call.u64(0))) return HostResult::trap(TrapId::DropModuleMissing);
  return HostResult::ok();
}

}  // namespace

void add_process_module_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::process";
  out.push_back({ns, "compile_module", {WASM_I32, WASM_I32, WASM_I32}, {WASM_I32}, compile_module});
  out.push_back({ns, "drop_module", {WASM_I64}, {}, drop_module});
}

}  // namespace lh::host
