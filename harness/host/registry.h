// The catalogue of host functions the harness provides: namespace, name, wasm signature
// and implementation. Each family (process, error, message, WASI, …) adds its rows; the
// Linker turns them into engine functions once per store.
#pragma once

#include <string_view>
#include <vector>

#include "harness/host/host_call.h"

namespace lh::host {

using HostFn = HostResult (*)(HostCall&);

struct HostFunctionDef {
  std::string_view module;
  std::string_view name;
  std::vector<wasm_valkind_t> params;
  std::vector<wasm_valkind_t> results;
  HostFn fn;
  bool may_suspend = false;  // may return HostResult::suspend(): asyncify must know it
  // Calls back into the guest (lunatic::trap::catch): when the stack rewinds, a suspended
  // call of it is passed through rather than resumed (host/trap_api.cc).
  bool reenters_guest = false;
};

// Every host function, in a fixed order (family by family, as declared).
[[nodiscard]] const std::vector<HostFunctionDef>& all_host_functions();

// Runs `def.fn(call)`. No C++ exception may unwind through the engine's frames, so one that
// escapes a host function (std::bad_alloc, or a bug) becomes a Fault naming the function.
[[nodiscard]] HostResult call_host_function(const HostFunctionDef& def, HostCall& call);

// Family tables (defined one per file).
void add_process_module_functions(std::vector<HostFunctionDef>& out);
void add_process_config_functions(std::vector<HostFunctionDef>& out);
void add_process_spawn_functions(std::vector<HostFunctionDef>& out);
void add_process_functions(std::vector<HostFunctionDef>& out);
void add_error_functions(std::vector<HostFunctionDef>& out);
void add_message_functions(std::vector<HostFunctionDef>& out);
void add_wasi_functions(std::vector<HostFunctionDef>& out);  // adds the three below
void add_wasi_fd_functions(std::vector<HostFunctionDef>& out);
void add_wasi_path_functions(std::vector<HostFunctionDef>& out);
void add_wasi_poll_functions(std::vector<HostFunctionDef>& out);
void add_lunatic_wasi_functions(std::vector<HostFunctionDef>& out);
void add_harness_functions(std::vector<HostFunctionDef>& out);
// The rest of the guest-facing API (issue #13): registry, timer, distributed (single node),
// version, metrics, the v0.13.2 additions and the socket push/take of lunatic::message.
void add_process_get_or_spawn_functions(std::vector<HostFunctionDef>& out);
void add_monitor_functions(std::vector<HostFunctionDef>& out);
void add_message_socket_functions(std::vector<HostFunctionDef>& out);
void add_registry_functions(std::vector<HostFunctionDef>& out);
void add_timer_functions(std::vector<HostFunctionDef>& out);
void add_distributed_functions(std::vector<HostFunctionDef>& out);
void add_version_functions(std::vector<HostFunctionDef>& out);
void add_metrics_functions(std::vector<HostFunctionDef>& out);
void add_trap_functions(std::vector<HostFunctionDef>& out);

}  // namespace lh::host
