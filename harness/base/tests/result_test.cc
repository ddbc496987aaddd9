#include "harness/base/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace lh {
namespace {

Status fails_when(bool fail) { return fail ? Status::error("it failed") : Status(); }

Status propagates(bool fail, int* reached) {
  LH_RETURN_IF_ERROR(fails_when(fail));
  ++*reached;
  return Status();
}

Result<std::unique_ptr<int>> make(bool fail) {
  if (fail) return Status::error("no int");
  return std::make_unique<int>(7);
}

Result<int> doubled(bool fail) {
  LH_ASSIGN_OR_RETURN(std::unique_ptr<int> value, make(fail));
  return *value * 2;
}

TEST(Status, DefaultIsSuccessWithAnEmptyMessage) {
  Status status;
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(status.message(), "");
}

TEST(Status, ErrorKeepsItsMessageAndAddsContextInFront) {
  Status status = Status::error("bad byte");
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(status.with_context("guest x.wasm").message(), "guest x.wasm: bad byte");
  EXPECT_TRUE(Status().with_context("ignored").ok());
}

TEST(Status, AnEmptyErrorMessageIsStillAnError) { EXPECT_FALSE(Status::error("").ok()); }

TEST(Status, ReturnIfErrorStopsAtTheFirstError) {
  int reached = 0;
  EXPECT_TRUE(propagates(false, &reached).ok());
  EXPECT_EQ(propagates(true, &reached).message(), "it failed");
  EXPECT_EQ(reached, 1);
}

TEST(Result, HoldsAMoveOnlyValueOrTheError) {
  auto good = make(false);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(**good, 7);
  auto bad = make(true);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.message(), "no int");
  EXPECT_EQ(bad.status().message(), "no int");
}

TEST(Result, AssignOrReturnUnwrapsOrPropagates) {
  EXPECT_EQ(*doubled(false), 14);
  EXPECT_EQ(doubled(true).message(), "no int");
}

TEST(Result, MadeFromASuccessStatusBecomesAnError) {
  Result<int> odd{Status()};
  EXPECT_FALSE(odd.ok());
}

}  // namespace
}  // namespace lh
