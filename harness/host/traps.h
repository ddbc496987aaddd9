// Trap identifiers and messages from traps.def, shared by the host functions, the spec
// and scenario expectations.
#pragma once

#include <string_view>

namespace lh::host {

enum class TrapId {
#define LH_TRAP(id, message) id,
#include "harness/host/traps.def"
#undef LH_TRAP
};

[[nodiscard]] constexpr std::string_view trap_text(TrapId id) {
  switch (id) {
#define LH_TRAP(id, message) \
  case TrapId::id:           \
    return message;
#include "harness/host/traps.def"
#undef LH_TRAP
  }
  return "unknown trap";
}

}  // namespace lh::host
