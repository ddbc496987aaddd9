// memory_pages.h on real mappings: copies and zeroing touch only the pages the kernel has
// allocated, and still give the bytes a full copy or memset would.
#include "harness/sim/memory_pages.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <vector>

namespace lh::sim {
namespace {

class Mapping {
 public:
  explicit Mapping(size_t pages) : size_(pages * page()) {
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    data_ = p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
  }
  ~Mapping() {
    if (data_) munmap(data_, size_);
  }
  static size_t page() { return static_cast<size_t>(sysconf(_SC_PAGESIZE)); }
  uint8_t* data() { return data_; }

 private:
  size_t size_;
  uint8_t* data_;
};

TEST(MemoryPages, CopyingAcrossUnallocatedPagesGivesZerosAndAllocatesNone) {
  Mapping m(4);
  ASSERT_NE(m.data(), nullptr);
  const size_t page = Mapping::page();
  m.data()[page + 7] = 0x5a;  // only page 1 is allocated
  if (!allocated_pages(m.data(), 4 * page)) GTEST_SKIP() << "no readable page map";
  ASSERT_EQ(*allocated_pages(m.data(), 4 * page), 1u);

  std::vector<uint8_t> copy(3 * page + 10, 0xff);
  copy_allocated(m.data(), m.data() + 5, copy.size(), copy.data());
  for (size_t i = 0; i < copy.size(); ++i)
    ASSERT_EQ(copy[i], i == page + 2 ? 0x5a : 0) << "byte " << i;
  EXPECT_EQ(*allocated_pages(m.data(), 4 * page), 1u) << "the copy allocated a page";
}

TEST(MemoryPages, ZeroingWritesOnlyAllocatedPagesAndLeavesEveryByteZero) {
  Mapping m(4);
  ASSERT_NE(m.data(), nullptr);
  const size_t page = Mapping::page();
  m.data()[2 * page] = 1;
  m.data()[3 * page + page - 1] = 2;
  if (!allocated_pages(m.data(), 4 * page)) GTEST_SKIP() << "no readable page map";
  zero_memory(m.data(), 4 * page);
  EXPECT_EQ(*allocated_pages(m.data(), 4 * page), 2u);
  for (size_t i = 0; i < 4 * page; ++i) ASSERT_EQ(m.data()[i], 0) << "byte " << i;
}

}  // namespace
}  // namespace lh::sim
