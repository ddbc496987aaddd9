// lunatic::process host functions (lunatic-process-api 0.13.0).
#include "harness/host/registry.h"

namespace lh::host {
namespace {

HostResult process_id(HostCall& call) {
  call.return_i64(static_cast<int64_t>(call.process.id));
  return HostResult::ok();
}

HostResult environment_id(HostCall& call) {
  call.return_i64(static_cast<int64_t>(call.process.environment_id));
  return HostResult::ok();
}

}  // namespace

void add_process_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::process";
  out.push_back({ns, "process_id", {}, {WASM_I64}, process_id});
  out.push_back({ns, "environment_id", {}, {WASM_I64}, environment_id});
}

}  // namespace lh::host
