#include "harness/sim/memory_pool.h"

#include "harness/sim/memory_pages.h"

namespace lh::sim {

engine::MemoryPtr MemoryPool::acquire(const wasm_limits_t& limits) {
  auto it = free_.find(Key{limits.min, limits.max});
  if (it != free_.end() && !it->second.empty()) {
    engine::MemoryPtr memory = std::move(it->second.back());
    it->second.pop_back();
    if (size_t bytes = wasm_memory_data_size(memory.get()))
      zero_memory(reinterpret_cast<uint8_t*>(wasm_memory_data(memory.get())), bytes);
    return memory;
  }
  std::unique_ptr<wasm_memorytype_t, engine::Deleter<wasm_memorytype_t, wasm_memorytype_delete>>
      type(wasm_memorytype_new(&limits));
  return engine::MemoryPtr(wasm_memory_new(store_, type.get()));
}

void MemoryPool::release(const wasm_limits_t& limits, engine::MemoryPtr memory) {
  if (!memory || wasm_memory_size(memory.get()) != limits.min) return;
  if (wasm_memory_data_size(memory.get()) > kMaxPooledBytes) return;
  auto& kept = free_[Key{limits.min, limits.max}];
  if (kept.size() >= kMaxPerLimits) return;
  kept.push_back(std::move(memory));
}

size_t MemoryPool::pooled() const {
  size_t total = 0;
  for (const auto& [key, memories] : free_) total += memories.size();
  return total;
}

}  // namespace lh::sim
