// Fault rates: their text form (exact parts per million, no floating point) and the plan's
// rolls, fixed by the seed.
#include "harness/sim/fault_plan.h"

#include <gtest/gtest.h>

namespace lh::sim {
namespace {

TEST(FaultPlan, RatesReadAsExactPartsPerMillionAndPrintBack) {
  auto parsed = parse_faults("kill=0.01,spawn_failure=1,timer_delay=0.000001,max_delay_ms=50");
  ASSERT_TRUE(parsed.rates) << parsed.error;
  EXPECT_EQ(parsed.rates->of(FaultKind::Kill), 10'000u);
  EXPECT_EQ(parsed.rates->of(FaultKind::SpawnFailure), 1'000'000u);
  EXPECT_EQ(parsed.rates->of(FaultKind::TimerDelay), 1u);
  EXPECT_EQ(parsed.rates->of(FaultKind::FuelExhaustion), 0u);
  EXPECT_EQ(parsed.rates->max_delay_ms, 50u);
  EXPECT_EQ(faults_text(*parsed.rates),
            "kill=0.01,spawn_failure=1,timer_delay=0.000001,max_delay_ms=50");
  EXPECT_EQ(parse_faults(faults_text(*parsed.rates)).rates, parsed.rates);
}

TEST(FaultPlan, BadRatesSayWhichPartIsWrong) {
  EXPECT_EQ(parse_faults("kill=1.5").error,
            "\"kill=1.5\": expected a rate from 0 to 1 with at most six decimals");
  EXPECT_EQ(parse_faults("kill=0.0000001").error,
            "\"kill=0.0000001\": expected a rate from 0 to 1 with at most six decimals");
  EXPECT_NE(parse_faults("meteor=0.1").error.find("\"meteor\": unknown fault"), std::string::npos);
  EXPECT_EQ(parse_faults("kill").error, "\"kill\": expected KIND=RATE");
  EXPECT_FALSE(parse_faults("max_delay_ms=0").rates);
  EXPECT_FALSE(parse_faults("kill=-0.1").rates);
}

TEST(FaultPlan, RollsAreFixedByTheSeedAndFollowTheRate) {
  FaultRates rates;
  rates.of(FaultKind::Kill) = 250'000;
  FaultPlan a(rates, 7), b(rates, 7);
  int hits = 0;
  for (int i = 0; i < 4000; ++i) {
    bool hit = a.roll(FaultKind::Kill);
    EXPECT_EQ(hit, b.roll(FaultKind::Kill));
    hits += hit;
  }
  EXPECT_GT(hits, 800);
  EXPECT_LT(hits, 1200);
  EXPECT_FALSE(a.roll(FaultKind::SpawnFailure));  // rate 0: never
}

}  // namespace
}  // namespace lh::sim
