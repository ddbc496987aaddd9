// How the simulator obtains a process's imports without knowing the host functions: the
// host layer implements ImportResolver and the World calls it at every instantiation.
#pragma once

#include <optional>
#include <string>

#include "harness/base/result.h"
#include "harness/engine/handles.h"
#include "harness/engine/wasm.h"

namespace lh::sim {

struct Process;

class ImportResolver {
 public:
  virtual ~ImportResolver() = default;
  // Appends one extern per import of `module`, in import order, into `out` (borrowed
  // pointers that stay valid while the resolver lives). Returns an error naming the first
  // import it cannot provide.
  [[nodiscard]] virtual Status resolve(const wasm_module_t* module, Process& process,
                                       std::vector<wasm_extern_t*>& out) = 0;
};

}  // namespace lh::sim
