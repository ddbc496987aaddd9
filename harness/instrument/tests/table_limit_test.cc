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

TEST(TableLimit, AnInitialSizeOverTheLimitIsAnError) {
  auto result = limit_tables(lh::testing::wat_to_wasm("(module (table 100000 funcref))"));
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("100000 elements exceeds the limit of 99999"), std::string::npos)
      << result.error;
}

}  // namespace
}  // namespace lh::instrument
