#include "harness/sim/process.h"

namespace lh::sim {

const char* wait_kind_name(Wait::Kind kind) {
  switch (kind) {
    case Wait::Kind::None: return "none";
    case Wait::Kind::Yield: return "yield";
    case Wait::Kind::Sleep: return "sleep";
    case Wait::Kind::Receive: return "receive";
    case Wait::Kind::ReceiveNew: return "receive_new";
    case Wait::Kind::RegistryLock: return "registry_lock";
  }
  return "unknown";
}

}  // namespace lh::sim
