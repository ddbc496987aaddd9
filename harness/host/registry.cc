#include "harness/host/registry.h"

namespace lh::host {

const std::vector<HostFunctionDef>& all_host_functions() {
  static const std::vector<HostFunctionDef> table = [] {
    std::vector<HostFunctionDef> rows;
    add_process_functions(rows);
    add_wasi_functions(rows);
    return rows;
  }();
  return table;
}

}  // namespace lh::host
