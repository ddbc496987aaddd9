#include "harness/sim/instance_pool.h"

namespace lh::sim {

InstancePool::Key InstancePool::key_of(const Module* module,
                                       const std::optional<wasm_limits_t>& limits) {
  return {module, limits ? limits->min : 0, limits ? limits->max : 0};
}

uint64_t InstancePool::bytes_of(const std::optional<wasm_limits_t>& limits) {
  return limits ? uint64_t{limits->min} * 65536 : 0;
}

void InstancePool::keep_from(Guest& guest) {
  // Room is checked first, so that the guest is released at once when there is none; a
  // module that can never be reused gets no entry at all.
  if (!guest.module() || guest.module()->reset_excluded) return;
  const std::optional<wasm_limits_t> limits = guest.owned_memory_limits();
  auto& kept = free_[key_of(guest.module(), limits)];
  if (kept.size() >= kMaxPerKind || kept_bytes_ + bytes_of(limits) > kMaxKeptBytes) return;
  if (std::unique_ptr<ParkedInstance> parked = guest.park()) {
    kept_bytes_ += bytes_of(limits);
    kept.push_back(std::move(parked));
  }
}

std::unique_ptr<ParkedInstance> InstancePool::take(const Module* module,
                                                   const std::optional<wasm_limits_t>& limits) {
  auto it = free_.find(key_of(module, limits));
  if (it == free_.end() || it->second.empty()) return nullptr;
  std::unique_ptr<ParkedInstance> parked = std::move(it->second.back());
  it->second.pop_back();
  kept_bytes_ -= bytes_of(limits);
  return parked;
}

size_t InstancePool::kept() const {
  size_t total = 0;
  for (const auto& [key, instances] : free_) total += instances.size();
  return total;
}

}  // namespace lh::sim
