// MemoryPool: a recycled memory is indistinguishable from a new one (initial size, zeroed),
// and memories a guest could tell apart (grown) or too large to zero cheaply are not kept.
#include "harness/sim/memory_pool.h"

#include <gtest/gtest.h>

#include <cstring>

namespace lh::sim {
namespace {

wasm_engine_t* shared_engine() {
  static engine::EnginePtr engine(wasm_engine_new());
  return engine.get();
}

class MemoryPoolTest : public ::testing::Test {
 protected:
  engine::StorePtr store_{wasm_store_new(shared_engine())};
  // Declared after the store: destroyed first, with the memories it keeps.
  MemoryPool pool{store_.get()};
};

bool all_zero(wasm_memory_t* memory) {
  const char* data = wasm_memory_data(memory);
  for (size_t i = 0; i < wasm_memory_data_size(memory); ++i)
    if (data[i] != 0) return false;
  return true;
}

TEST_F(MemoryPoolTest, ARecycledMemoryComesBackZeroedAtItsInitialSize) {
  wasm_limits_t limits{1, 4};
  engine::MemoryPtr memory = pool.acquire(limits);
  ASSERT_TRUE(memory);
  wasm_memory_t* address = memory.get();
  std::memset(wasm_memory_data(memory.get()), 0xAB, wasm_memory_data_size(memory.get()));
  pool.release(limits, std::move(memory));
  EXPECT_EQ(pool.pooled(), 1u);
  engine::MemoryPtr again = pool.acquire(limits);
  EXPECT_EQ(again.get(), address);
  EXPECT_EQ(wasm_memory_size(again.get()), 1u);
  EXPECT_TRUE(all_zero(again.get()));
  EXPECT_EQ(pool.pooled(), 0u);
}

TEST_F(MemoryPoolTest, AGrownMemoryIsNotKept) {
  wasm_limits_t limits{1, 4};
  engine::MemoryPtr memory = pool.acquire(limits);
  ASSERT_TRUE(wasm_memory_grow(memory.get(), 1));
  pool.release(limits, std::move(memory));
  EXPECT_EQ(pool.pooled(), 0u);
}

TEST_F(MemoryPoolTest, MemoriesAreOnlyReusedForTheSameLimits) {
  wasm_limits_t small{1, 4}, other_max{1, 8};
  engine::MemoryPtr memory = pool.acquire(small);
  wasm_memory_t* address = memory.get();
  pool.release(small, std::move(memory));
  engine::MemoryPtr fresh = pool.acquire(other_max);
  EXPECT_NE(fresh.get(), address);
  EXPECT_EQ(pool.pooled(), 1u);
  // The other maximum is enforced: growth stops at 8 pages, not 4.
  EXPECT_TRUE(wasm_memory_grow(fresh.get(), 7));
  EXPECT_FALSE(wasm_memory_grow(fresh.get(), 1));
}

TEST_F(MemoryPoolTest, LargeMemoriesAndOverflowBeyondTheCapAreDropped) {
  wasm_limits_t large{32, 64};  // 2 MiB: above kMaxPooledBytes
  pool.release(large, pool.acquire(large));
  EXPECT_EQ(pool.pooled(), 0u);
  wasm_limits_t limits{1, 1};
  std::vector<engine::MemoryPtr> taken;
  for (size_t i = 0; i < MemoryPool::kMaxPerLimits + 3; ++i) taken.push_back(pool.acquire(limits));
  for (auto& memory : taken) pool.release(limits, std::move(memory));
  EXPECT_EQ(pool.pooled(), MemoryPool::kMaxPerLimits);
}

}  // namespace
}  // namespace lh::sim
