// A schedule as data: the scheduling decisions where a run did not take the process at the
// front of the run queue (what fifo would take), and the chances at which a fault was
// injected. Recorded from any run; replayed, it gives that run again exactly (every other
// decision takes the front, and no other fault fires). A subset of it is still a valid
// schedule (a pick whose process is not queued takes the front instead), which is what
// shrinking a failing schedule removes decisions from.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <utility>

namespace lh::sim {

enum class FaultKind;

struct Replay {
  std::map<uint64_t, uint64_t> picks;               // decision number (1-based) -> pid
  std::set<std::pair<FaultKind, uint64_t>> faults;  // (kind, chance number, 1-based)
  bool operator==(const Replay&) const = default;
  [[nodiscard]] size_t size() const { return picks.size() + faults.size(); }
};

}  // namespace lh::sim
