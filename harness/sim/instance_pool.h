// Reuse of dead processes' instances (issue #15). Making a V8 instance and its memory is
// most of a spawn's cost; an instance whose state can be put back exactly as a new one's
// serves the next spawn of the same module with the same memory limits instead. It is kept
// as the process left it and reset only when a spawn takes it (Guest::adopt: memory zeroed
// and its data segments rewritten, every mutable global reset, the start function run
// again), so deaths cost nothing; modules that change tables or use data segments after
// instantiation are excluded (spec/harness.md, "Reused instances"). No guest can tell.
// Deterministic: which instance a spawn gets depends only on the order of deaths and spawns. One
// pool per world, destroyed before the store.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <tuple>
#include <vector>

#include "harness/sim/guest.h"

namespace lh::sim {

class InstancePool {
 public:
  // At most this many kept per (module, limits), and this many bytes of memory in all: a
  // burst of deaths does not pin memory.
  static constexpr size_t kMaxPerKind = 256;
  static constexpr uint64_t kMaxKeptBytes = uint64_t{64} << 20;

  // Parks `guest`'s instance (Guest::park) when there is room for one more of its kind;
  // the caller releases the guest either way.
  void keep_from(Guest& guest);
  // The most recently kept instance of `module` whose harness memory has `limits` (nullopt:
  // the module has none), or nullptr.
  [[nodiscard]] std::unique_ptr<ParkedInstance> take(const Module* module,
                                                     const std::optional<wasm_limits_t>& limits);
  [[nodiscard]] size_t kept() const;

 private:
  using Key = std::tuple<const Module*, uint32_t, uint32_t>;  // module, min and max pages
  static Key key_of(const Module* module, const std::optional<wasm_limits_t>& limits);
  static uint64_t bytes_of(const std::optional<wasm_limits_t>& limits);
  std::map<Key, std::vector<std::unique_ptr<ParkedInstance>>> free_;
  uint64_t kept_bytes_ = 0;
};

}  // namespace lh::sim
