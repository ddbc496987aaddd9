// Which seeds an exploration runs: `count` seeds from `from`, split into shards for runs on
// several machines (--shard K/N: shard K of N takes every N-th seed, starting with the
// K-th), and split again among local worker processes (--jobs). Shards are disjoint and
// their union is the whole range, so N machines together run exactly one machine's seeds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lh::explore {

struct Shard {
  uint64_t index = 1;  // 1-based: 1..count
  uint64_t count = 1;
};

// "K/N" with 1 <= K <= N; nullopt on anything else.
[[nodiscard]] std::optional<Shard> parse_shard(std::string_view text);
[[nodiscard]] std::string shard_text(const Shard& shard);

struct SeedRange {
  uint64_t from = 0;
  uint64_t count = 100;
};

// The seeds of `shard`, ascending.
[[nodiscard]] std::vector<uint64_t> shard_seeds(const SeedRange& range, const Shard& shard);

}  // namespace lh::explore
