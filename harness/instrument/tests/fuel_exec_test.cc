// Fuel totals by execution on wabt's interpreter: the fuel consumed equals the metered
// operators executed plus one per function entry, for straight-line code, loops,
// recursion and branches; running dry calls out_of_fuel at the next check point.
#include <gtest/gtest.h>

#include "harness/instrument/fuel.h"
#include "harness/instrument/tests/wasm_check.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

constexpr int64_t kStart = 1'000'000;

// Instruments `wat`, sets F = kStart, calls `name`, returns fuel consumed.
int64_t consumed(const std::string& wat, const std::string& name, std::vector<int32_t> args,
                 int64_t* result = nullptr) {
  auto metered = add_fuel_metering(lh::testing::wat_to_wasm(wat));
  EXPECT_TRUE(metered.ok()) << metered.error;
  testing::Runner runner(metered.bytes);
  EXPECT_EQ(runner.error(), "");
  runner.set_fuel(kStart);
  auto value = runner.call(name, std::move(args));
  EXPECT_TRUE(value) << runner.error();
  if (result && value) *result = *value;
  EXPECT_EQ(runner.out_of_fuel_calls(), 0u);
  return kStart - runner.fuel();
}

TEST(FuelExec, StraightLineCostsItsOperatorsPlusEntry) {
  // i32.const, i32.const, i32.add = 3; end free; +1 entry
  EXPECT_EQ(
      consumed("(module (func (export \"f\") (result i32) (i32.add (i32.const 1) (i32.const 2))))",
               "f", {}),
      4);
}

TEST(FuelExec, LoopOfNIterationsCostsExactly) {
  const char* wat = R"((module (func (export "count") (param $n i32) (result i32) (local $i i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $i))))";
  // per iteration that continues: local.get local.get i32.ge_u br_if (4)
  //   + local.get i32.const i32.add local.set br (5) = 9; final test: 4; then local.get 1.
  for (int32_t n : {0, 1, 7, 100}) {
    int64_t result = -1;
    EXPECT_EQ(consumed(wat, "count", {n}, &result), 1 + 9 * n + 4 + 1) << n;
    EXPECT_EQ(result, n);
  }
}

TEST(FuelExec, RecursionChargesEachEntry) {
  const char* wat = R"((module (func $fact (export "fact") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fact (i32.sub (local.get 0) (i32.const 1)))))))))";
  // entry 1 + [local.get eqz if] 3; then: i32.const 1; else: local.get local.get i32.const
  //   i32.sub call = 5, after call: i32.mul = 1.
  for (int32_t n : {0, 1, 5}) {
    int64_t result = 0;
    int64_t expect = (1 + 3 + 1) + n * (1 + 3 + 5 + 1);
    EXPECT_EQ(consumed(wat, "fact", {n}, &result), expect) << n;
  }
}

TEST(FuelExec, BranchesChargeOnlyTheArmTaken) {
  const char* wat = R"((module (func (export "pick") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.const 10))
      (else (i32.add (i32.const 20) (i32.mul (i32.const 1) (i32.const 1))))))))";
  EXPECT_EQ(consumed(wat, "pick", {1}), 1 + 2 + 1);
  EXPECT_EQ(consumed(wat, "pick", {0}), 1 + 2 + 5);
}

TEST(FuelExec, BrTableAndEarlyReturn) {
  const char* wat = R"((module (func (export "sw") (param i32) (result i32)
    (block $b (block $a (br_table $a $b (local.get 0)))
      (return (i32.const 1)))
    (i32.const 2))))";
  // [local.get br_table] 2; case 0 -> [i32.const return] 1; case 1 -> [i32.const] 1
  EXPECT_EQ(consumed(wat, "sw", {0}), 1 + 2 + 1);
  EXPECT_EQ(consumed(wat, "sw", {1}), 1 + 2 + 1);
}

TEST(FuelExec, RunningDryCallsOutOfFuelAtCheckPoints) {
  const char* wat = R"((module (func (export "spin") (param $n i32)
    (loop $top
      (br_if $top (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))))";
  auto metered = add_fuel_metering(lh::testing::wat_to_wasm(wat));
  ASSERT_TRUE(metered.ok());
  testing::Runner runner(metered.bytes);
  ASSERT_EQ(runner.error(), "");
  // entry: 1; each iteration 5. With F = 11: entry -> 10, iter 1 -> 5, iter 2 -> 0,
  // iter 3 header check sees 0 (not < 0), charges -> -5, iter 4 header check fires.
  runner.set_fuel(11);
  ASSERT_TRUE(runner.call("spin", {10}));
  EXPECT_EQ(runner.fuel(), 11 - 1 - 5 * 10);
  // checks at headers of iterations 4..10 (7 of them) see F < 0.
  EXPECT_EQ(runner.out_of_fuel_calls(), 7u);
}

}  // namespace
}  // namespace lh::instrument
