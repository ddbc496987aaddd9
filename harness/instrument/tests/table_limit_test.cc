#include "harness/instrument/table_limit.h"

#include <gtest/gtest.h>

#include "harness/binary/module_info.h"
#include "harness/instrument/validate.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

std::optional<uint64_t> table_max(const std::vector<uint8_t>& wasm, size_t index) {
  auto info = binary::decode_module_info(wasm);
  EXPECT_TRUE(info.info) << info.error;
  return info.info ? info.info->tables.at(index).limits.max : std::nullopt;
}

TEST(TableLimit, UnboundedTablesGetAMaximumBelow100000) {
  auto result = limit_tables(lh::testing::wat_to_wasm(
      "(module (table 10 funcref) (table 0 500000 externref) (table 1 5 funcref))"));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_TRUE(result.rewritten);
  EXPECT_EQ(table_max(result.bytes, 0), 99'999u);
  EXPECT_EQ(table_max(result.bytes, 1), 99'999u);
  EXPECT_EQ(table_max(result.bytes, 2), 5u);
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
}

TEST(TableLimit, TablesWithinTheLimitAreLeftAlone) {
  auto wasm = lh::testing::wat_to_wasm("(module (table 1 100 funcref))");
  auto result = limit_tables(wasm);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.rewritten);
  EXPECT_EQ(result.bytes, wasm);
}

// lunatic compiles such a module (compile_module returns 0) and refuses its instantiation
// (findings A12, A15): the refusal is recorded in wasmtime's words, and the bytes compile.
TEST(TableLimit, AnInitialSizeOverTheLimitCompilesAndIsRefusedAtInstantiation) {
  auto result = limit_tables(lh::testing::wat_to_wasm("(module (table 100000 funcref))"));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.refusals.size, "table minimum size of 100000 elements exceeds table limits");
  EXPECT_EQ(result.refusals.count, std::nullopt);
  EXPECT_EQ(table_max(result.bytes, 0), 99'999u);
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
}

TEST(TableLimit, ASecondTableIsRefusedAtInstantiationByTheResourceCount) {
  auto result =
      limit_tables(lh::testing::wat_to_wasm("(module (table 1 funcref) (table 2 externref))"));
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.refusals.count, "resource limit exceeded: table count too high at 2");
  EXPECT_EQ(result.refusals.size, std::nullopt);
}

}  // namespace
}  // namespace lh::instrument
