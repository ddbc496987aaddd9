// Table limit: lunatic's resource limiter refuses tables of 100,000 elements or more, so
// every defined table gets a maximum of at most 99,999 (table.grow past it returns -1 in
// the guest). A table whose initial size is already over the limit is an error here, as
// its instantiation would fail in lunatic. Pure bytes in, bytes out; deterministic.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace lh::instrument {

inline constexpr uint64_t kMaxTableElements = 99'999;

struct TableLimitResult {
  std::vector<uint8_t> bytes;  // the input unchanged when every table already fits
  bool rewritten = false;
  std::string error;
  [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] TableLimitResult limit_tables(std::span<const uint8_t> wasm);

}  // namespace lh::instrument
