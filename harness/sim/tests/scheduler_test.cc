// Pure units of the scheduler and the PRNG: fifo order, timers by (time, sequence), the
// seeded random policy, PCT's priorities and change points, and the PRNG's exact sequence
// (xoshiro256** seeded by splitmix64).
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <vector>

#include "harness/sim/prng.h"
#include "harness/sim/scheduler.h"

namespace lh::sim {
namespace {

std::vector<uint64_t> drain(Scheduler& scheduler) {
  std::vector<uint64_t> order;
  while (auto pid = scheduler.next()) order.push_back(*pid);
  return order;
}

TEST(Scheduler, FifoRunsInEnqueueOrder) {
  Scheduler s(Policy::Fifo, 0);
  for (uint64_t pid : {5, 2, 9, 1}) s.enqueue(pid);
  EXPECT_EQ(drain(s), (std::vector<uint64_t>{5, 2, 9, 1}));
  EXPECT_TRUE(s.idle());
  EXPECT_FALSE(s.next().has_value());
}

TEST(Scheduler, EnqueueingAQueuedProcessKeepsOneEntry) {
  Scheduler s(Policy::Fifo, 0);
  s.enqueue(3);
  s.enqueue(4);
  s.enqueue(3);
  EXPECT_TRUE(s.queued(3));
  EXPECT_EQ(drain(s), (std::vector<uint64_t>{3, 4}));
  EXPECT_FALSE(s.queued(3));
  s.enqueue(3);  // may be queued again once it ran
  EXPECT_EQ(drain(s), (std::vector<uint64_t>{3}));
}

TEST(Scheduler, TimersFireInTimeThenSequenceOrder) {
  Scheduler s(Policy::Fifo, 0);
  s.arm(300, 7);
  s.arm(100, 8);
  s.arm(200, 3);
  s.arm(100, 2);  // same time as pid 8, armed later: after it
  EXPECT_EQ(s.earliest_timer(), 100u);
  s.fire_due(99);
  EXPECT_TRUE(s.idle());
  s.fire_due(200);
  EXPECT_EQ(drain(s), (std::vector<uint64_t>{8, 2, 3}));
  EXPECT_EQ(s.earliest_timer(), 300u);
  s.fire_due(1000);
  EXPECT_EQ(drain(s), (std::vector<uint64_t>{7}));
  EXPECT_FALSE(s.earliest_timer().has_value());
}

TEST(Scheduler, CancelledTimersNeverFire) {
  Scheduler s(Policy::Fifo, 0);
  uint64_t seq = s.arm(50, 4);
  s.arm(60, 5);
  s.cancel(50, seq);
  EXPECT_EQ(s.earliest_timer(), 60u);
  s.fire_due(100);
  EXPECT_EQ(drain(s), (std::vector<uint64_t>{5}));
}

TEST(Scheduler, SequenceNumbersIncrease) {
  Scheduler s(Policy::Fifo, 0);
  uint64_t a = s.arm(10, 1), b = s.arm(5, 2), c = s.arm(10, 3);
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

std::vector<uint64_t> random_order(uint64_t seed) {
  Scheduler s(Policy::Random, seed);
  for (uint64_t pid = 1; pid <= 8; ++pid) s.enqueue(pid);
  return drain(s);
}

TEST(Scheduler, RandomPolicyIsAPermutationFixedByTheSeed) {
  auto a = random_order(17);
  EXPECT_EQ(a, random_order(17));
  EXPECT_EQ(std::set<uint64_t>(a.begin(), a.end()), (std::set<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST(Scheduler, RandomPolicyOrderDependsOnTheSeed) {
  std::set<std::vector<uint64_t>> orders;
  for (uint64_t seed = 0; seed < 8; ++seed) orders.insert(random_order(seed));
  EXPECT_GT(orders.size(), 1u);
  EXPECT_NE(random_order(0), (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
}

// Three processes that each run `slices` times, re-queued after each (yielding), under PCT.
std::vector<uint64_t> pct_run(uint64_t seed, PctOptions pct, int slices = 4) {
  Scheduler s(Policy::Pct, seed, pct);
  std::map<uint64_t, int> left;
  for (uint64_t pid = 1; pid <= 3; ++pid) {
    s.enqueue(pid);
    left[pid] = slices;
  }
  std::vector<uint64_t> order;
  while (auto pid = s.next()) {
    order.push_back(*pid);
    if (--left[*pid] > 0) s.enqueue(*pid);
  }
  return order;
}

// How many runs of one process an order has (1,1,2,2 has two).
size_t blocks(const std::vector<uint64_t>& order) {
  size_t count = 0;
  for (size_t i = 0; i < order.size(); ++i) count += i == 0 || order[i] != order[i - 1];
  return count;
}

TEST(Scheduler, PctWithoutChangePointsRunsTheHighestPriorityProcessUntilItStops) {
  for (uint64_t seed = 0; seed < 16; ++seed) {
    auto order = pct_run(seed, {.depth = 1, .steps = 12});
    EXPECT_EQ(order.size(), 12u);
    EXPECT_EQ(blocks(order), 3u) << seed;  // yielding never lets a lower priority in
  }
}

TEST(Scheduler, PctChangePointLowersTheProcessChosenThereBelowEveryOther) {
  // depth 2 over 1 step: the one change point is the first decision.
  for (uint64_t seed = 0; seed < 16; ++seed) {
    auto order = pct_run(seed, {.depth = 2, .steps = 1});
    ASSERT_EQ(order.size(), 12u);
    const uint64_t lowered = order[0];
    EXPECT_NE(order[1], lowered) << seed;
    // It runs again only after the two others have ended.
    EXPECT_EQ(std::vector<uint64_t>(order.end() - 3, order.end()),
              std::vector<uint64_t>(3, lowered))
        << seed;
    EXPECT_EQ(blocks(order), 4u) << seed;
  }
}

TEST(Scheduler, PctLaterChangePointsLowerLessSoTheFirstLoweredRunsBeforeTheSecond) {
  // depth 3 over 2 steps: decisions 1 and 2 are change points. The process chosen at the
  // first drops to priority 2, the one chosen at the second to 1.
  for (uint64_t seed = 0; seed < 16; ++seed) {
    auto order = pct_run(seed, {.depth = 3, .steps = 2}, 2);
    ASSERT_EQ(order.size(), 6u);
    if (order[0] == order[1]) continue;  // the same process chosen at both: lowest anyway
    EXPECT_EQ(order.back(), order[1]) << seed;
  }
}

TEST(Scheduler, PctOrderIsFixedByTheSeedAndVariesAcrossSeeds) {
  std::set<std::vector<uint64_t>> orders;
  for (uint64_t seed = 0; seed < 32; ++seed) {
    EXPECT_EQ(pct_run(seed, {.depth = 3, .steps = 12}), pct_run(seed, {.depth = 3, .steps = 12}));
    orders.insert(pct_run(seed, {.depth = 3, .steps = 12}));
  }
  EXPECT_GT(orders.size(), 6u);
}

TEST(Scheduler, ReplayingTheRecordedDeviationsGivesTheSameOrder) {
  for (Policy policy : {Policy::Random, Policy::Pct}) {
    Scheduler recorded(policy, 11, {.depth = 3, .steps = 10});
    Scheduler replayed(Policy::Fifo, 0);
    std::vector<uint64_t> a, b;
    for (Scheduler* s : {&recorded, &replayed}) {
      if (s == &replayed) s->replay(recorded.deviations());
      auto& order = s == &recorded ? a : b;
      std::map<uint64_t, int> left;
      for (uint64_t pid = 1; pid <= 4; ++pid) s->enqueue(pid), left[pid] = 3;
      while (auto pid = s->next()) {
        order.push_back(*pid);
        if (--left[*pid] > 0) s->enqueue(*pid);
      }
    }
    EXPECT_EQ(a, b) << policy_name(policy);
    EXPECT_FALSE(recorded.deviations().empty());
    EXPECT_EQ(replayed.deviations(), recorded.deviations());
  }
}

TEST(Scheduler, PolicyNamesReadBack) {
  for (Policy policy : {Policy::Fifo, Policy::Random, Policy::Pct})
    EXPECT_EQ(policy_from_name(policy_name(policy)), policy);
  EXPECT_FALSE(policy_from_name("priority"));
}

TEST(Prng, KnownSequenceForSeedsZeroAnd42) {
  // Computed independently from the xoshiro256** and splitmix64 reference definitions.
  Prng zero(0);
  EXPECT_EQ(zero.next(), 0x99ec5f36cb75f2b4ull);
  EXPECT_EQ(zero.next(), 0xbf6e1f784956452aull);
  EXPECT_EQ(zero.next(), 0x1a5f849d4933e6e0ull);
  Prng answer(42);
  EXPECT_EQ(answer.next(), 0x15780b2e0c2ec716ull);
  EXPECT_EQ(answer.next(), 0x6104d9866d113a7eull);
  EXPECT_EQ(answer.next(), 0xae17533239e499a1ull);
}

TEST(Prng, SameSeedSameSequenceDifferentSeedDifferentSequence) {
  Prng a(7), b(7), c(8);
  bool differs = false;
  for (int i = 0; i < 64; ++i) {
    uint64_t x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(Prng, BelowStaysInRangeAndCoversIt) {
  Prng p(3);
  std::set<uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    uint64_t v = p.below(6);
    ASSERT_LT(v, 6u);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(p.below(1), 0u);
}

}  // namespace
}  // namespace lh::sim
