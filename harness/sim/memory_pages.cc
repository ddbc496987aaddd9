#include "harness/sim/memory_pages.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace lh::sim {

namespace {

constexpr uint64_t kPresent = uint64_t{1} << 63;
constexpr uint64_t kSwapped = uint64_t{1} << 62;

size_t page_size() {
  static const auto size = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  return size;
}

// The calling thread's page map, opened once; -1 when it cannot be read.
int pagemap_fd() {
  thread_local int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  return fd;
}

// The page map entries of [data, data + size) into `entries`, one per page; false when
// `data` is not page-aligned or the map cannot be read.
bool read_page_map(const uint8_t* data, size_t size, std::vector<uint64_t>& entries) {
  const size_t page = page_size();
  const auto begin = reinterpret_cast<uintptr_t>(data);
  const int fd = pagemap_fd();
  if (fd < 0 || page == 0 || begin % page != 0) return false;
  entries.resize((size + page - 1) / page);
  const auto bytes = static_cast<ssize_t>(entries.size() * sizeof(uint64_t));
  return pread(fd, entries.data(), static_cast<size_t>(bytes),
               static_cast<off_t>(begin / page * sizeof(uint64_t))) == bytes;
}

bool allocated(uint64_t entry) { return (entry & (kPresent | kSwapped)) != 0; }

}  // namespace

void zero_memory(uint8_t* data, size_t size) {
  thread_local std::vector<uint64_t> entries;
  if (!read_page_map(data, size, entries)) {
    std::memset(data, 0, size);
    return;
  }
  const size_t page = page_size(), pages = entries.size();
  for (size_t i = 0; i < pages;) {
    if (!allocated(entries[i])) {
      ++i;
      continue;
    }
    size_t run = i;
    while (run < pages && allocated(entries[run])) ++run;
    size_t from = i * page;
    std::memset(data + from, 0, std::min(run * page, size) - from);
    i = run;
  }
}

std::optional<size_t> allocated_pages(const uint8_t* data, size_t size) {
  std::vector<uint64_t> entries;
  if (!read_page_map(data, size, entries)) return std::nullopt;
  return static_cast<size_t>(std::count_if(entries.begin(), entries.end(), allocated));
}

void copy_allocated(const uint8_t* base, const uint8_t* from, size_t size, uint8_t* to) {
  const size_t page = page_size();
  if (size == 0) return;
  if (page == 0 || reinterpret_cast<uintptr_t>(base) % page != 0) {
    std::memcpy(to, from, size);
    return;
  }
  const size_t first = static_cast<size_t>(from - base) / page;
  const size_t last = static_cast<size_t>(from + size - 1 - base) / page;
  thread_local std::vector<unsigned char> resident;
  resident.assign(last - first + 1, 1);
  if (mincore(const_cast<uint8_t*>(base + first * page), resident.size() * page, resident.data()) !=
      0) {
    std::memcpy(to, from, size);
    return;
  }
  for (size_t i = 0; i < resident.size(); ++i) {
    const uint8_t* begin = std::max(from, base + (first + i) * page);
    const uint8_t* end = std::min(from + size, base + (first + i + 1) * page);
    if (resident[i] & 1)
      std::memcpy(to + (begin - from), begin, static_cast<size_t>(end - begin));
    else
      std::memset(to + (begin - from), 0, static_cast<size_t>(end - begin));
  }
}

}  // namespace lh::sim
