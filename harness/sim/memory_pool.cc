#include "harness/sim/memory_pool.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace lh::sim {

namespace {

constexpr uint64_t kPresent = uint64_t{1} << 63;
constexpr uint64_t kSwapped = uint64_t{1} << 62;

// The calling thread's page map, opened once; -1 when it cannot be read.
int pagemap_fd() {
  thread_local int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  return fd;
}

}  // namespace

void zero_memory(uint8_t* data, size_t size) {
  const auto page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const int fd = pagemap_fd();
  if (fd < 0 || page == 0 || begin % page != 0) {
    std::memset(data, 0, size);
    return;
  }
  const size_t pages = (size + page - 1) / page;
  thread_local std::vector<uint64_t> entries;
  entries.resize(pages);
  const auto bytes = static_cast<ssize_t>(pages * sizeof(uint64_t));
  if (pread(fd, entries.data(), static_cast<size_t>(bytes),
            static_cast<off_t>(begin / page * sizeof(uint64_t))) != bytes) {
    std::memset(data, 0, size);
    return;
  }
  for (size_t i = 0; i < pages;) {
    if (!(entries[i] & (kPresent | kSwapped))) {
      ++i;
      continue;
    }
    size_t run = i;
    while (run < pages && (entries[run] & (kPresent | kSwapped))) ++run;
    size_t from = i * page;
    std::memset(data + from, 0, std::min(run * page, size) - from);
    i = run;
  }
}

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
