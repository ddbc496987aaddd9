#include "harness/host/registry.h"

#include <fmt/format.h>

#include <exception>

namespace lh::host {

const std::vector<HostFunctionDef>& all_host_functions() {
  static const std::vector<HostFunctionDef> table = [] {
    std::vector<HostFunctionDef> rows;
    add_process_module_functions(rows);
    add_process_config_functions(rows);
    add_process_spawn_functions(rows);
    add_process_functions(rows);
    add_error_functions(rows);
    add_message_functions(rows);
    add_wasi_functions(rows);
    add_lunatic_wasi_functions(rows);
    add_harness_functions(rows);
    add_process_get_or_spawn_functions(rows);
    add_monitor_functions(rows);
    add_message_socket_functions(rows);
    add_registry_functions(rows);
    add_timer_functions(rows);
    add_distributed_functions(rows);
    add_version_functions(rows);
    add_metrics_functions(rows);
    add_trap_functions(rows);
    return rows;
  }();
  return table;
}

HostResult call_host_function(const HostFunctionDef& def, HostCall& call) {
  try {
    return def.fn(call);
  } catch (const std::exception& error) {
    return HostResult::fault(
        fmt::format("{}::{} threw an exception: {}", def.module, def.name, error.what()));
  } catch (...) {
    return HostResult::fault(fmt::format("{}::{} threw an exception", def.module, def.name));
  }
}

}  // namespace lh::host
