// Recycles the memories the harness creates for processes. A memory that was never grown
// and has every byte zeroed cannot be told apart from a new one with the same limits, and
// reusing it saves the engine's reservation, mapping and collection of a fresh one.
// One pool per store; it must outlive the guests that take memories from it.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "harness/engine/handles.h"

namespace lh::sim {

class MemoryPool {
 public:
  // Larger memories are not kept: zeroing them would cost more than a fresh mapping.
  static constexpr uint64_t kMaxPooledBytes = 1 << 20;
  static constexpr size_t kMaxPerLimits = 64;

  explicit MemoryPool(wasm_store_t* store) : store_(store) {}
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  // A memory with `limits`, at its initial size with every byte zero; null if the engine
  // cannot create one.
  [[nodiscard]] engine::MemoryPtr acquire(const wasm_limits_t& limits);
  // Takes back a memory acquired with `limits`: kept if it was never grown and is small
  // enough (zeroed when handed out again), else deleted.
  void release(const wasm_limits_t& limits, engine::MemoryPtr memory);

  [[nodiscard]] size_t pooled() const;

 private:
  using Key = std::pair<uint32_t, uint32_t>;  // (min, max) pages
  wasm_store_t* store_;
  std::map<Key, std::vector<engine::MemoryPtr>> free_;
};

}  // namespace lh::sim
