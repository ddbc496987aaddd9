#include "harness/scenario/scenario.h"

namespace lh::scenario {

const char* injection_name(Injection::Action action) {
  switch (action) {
    case Injection::Action::Kill: return "kill";
    case Injection::Action::Send: return "send";
    case Injection::Action::Link: return "link";
    case Injection::Action::Unlink: return "unlink";
  }
  return "unknown";
}

const char* end_state_name(EndState state) {
  switch (state) {
    case EndState::Normal: return "normal";
    case EndState::Failure: return "failure";
    case EndState::Waiting: return "waiting";
  }
  return "unknown";
}

}  // namespace lh::scenario
