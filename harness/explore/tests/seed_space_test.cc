#include "harness/explore/seed_space.h"

#include <gtest/gtest.h>

#include <set>

namespace lh::explore {
namespace {

TEST(SeedSpace, ShardsAreDisjointAndTheirUnionIsTheWholeRange) {
  const SeedRange range{.from = 7, .count = 23};
  std::multiset<uint64_t> seen;
  for (uint64_t k = 1; k <= 4; ++k)
    for (uint64_t seed : shard_seeds(range, {k, 4})) seen.insert(seed);
  std::multiset<uint64_t> whole;
  for (uint64_t seed : shard_seeds(range, {})) whole.insert(seed);
  EXPECT_EQ(seen, whole);
  EXPECT_EQ(whole.size(), 23u);
  EXPECT_EQ(*whole.begin(), 7u);
}

TEST(SeedSpace, ShardKTakesEveryNthSeedFromTheKth) {
  EXPECT_EQ(shard_seeds({.from = 100, .count = 7}, {2, 3}), (std::vector<uint64_t>{101, 104}));
}

TEST(SeedSpace, ShardTextParsesOnlyKOverNWithKInOneToN) {
  auto shard = parse_shard("3/8");
  ASSERT_TRUE(shard);
  EXPECT_EQ(shard->index, 3u);
  EXPECT_EQ(shard->count, 8u);
  EXPECT_EQ(shard_text(*shard), "3/8");
  for (const char* bad : {"0/4", "5/4", "1/0", "1", "/4", "1/", "a/b", "1/4x", "-1/4", ""})
    EXPECT_FALSE(parse_shard(bad)) << bad;
}

}  // namespace
}  // namespace lh::explore
