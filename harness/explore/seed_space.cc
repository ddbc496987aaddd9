#include "harness/explore/seed_space.h"

#include <charconv>

namespace lh::explore {

namespace {

std::optional<uint64_t> parse_u64(std::string_view text) {
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Shard> parse_shard(std::string_view text) {
  size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto index = parse_u64(text.substr(0, slash));
  auto count = parse_u64(text.substr(slash + 1));
  if (!index || !count || *count == 0 || *index == 0 || *index > *count) return std::nullopt;
  return Shard{*index, *count};
}

std::string shard_text(const Shard& shard) {
  return std::to_string(shard.index) + "/" + std::to_string(shard.count);
}

std::vector<uint64_t> shard_seeds(const SeedRange& range, const Shard& shard) {
  std::vector<uint64_t> seeds;
  for (uint64_t i = shard.index - 1; i < range.count; i += shard.count)
    seeds.push_back(range.from + i);
  return seeds;
}

}  // namespace lh::explore
