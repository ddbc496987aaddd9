// What the kernel has allocated of a wasm memory's pages, and copies and zeroing that
// leave the others alone. A page the process never wrote reads as zero; touching it, even
// by reading on kernels without a shared zero page (this machine's among them), makes the
// kernel allocate it. Many waiting processes each keep only the pages they used this way.
// Linux: /proc/self/pagemap and mincore(2); where they fail, every page is treated as
// allocated (correct, only larger).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace lh::sim {

// Sets `size` bytes at `data` (a wasm memory's buffer, page-aligned) to zero, writing only
// the pages the kernel has present or swapped out (the page map); the others already read
// as zero. Measured: zeroing a 128 KiB memory whole cost more than making a new one.
void zero_memory(uint8_t* data, size_t size);

// How many pages of [data, data + size) (page-aligned) are present or swapped out;
// nullopt when the page map cannot be read.
[[nodiscard]] std::optional<size_t> allocated_pages(const uint8_t* data, size_t size);

// Copies `size` bytes from `from` (inside a memory whose buffer starts at the page-aligned
// `base`) to `to`, reading only the pages resident in memory (mincore) and writing zeros
// for the others, so that the copy allocates none of them.
void copy_allocated(const uint8_t* base, const uint8_t* from, size_t size, uint8_t* to);

}  // namespace lh::sim
