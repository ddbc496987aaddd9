// run_asyncify: the control exports appear, bulk-memory code does not abort Binaryen,
// and modules Binaryen 108 cannot read are refused before it sees them.
#include <gtest/gtest.h>

#include "harness/binary/module_info.h"
#include "harness/instrument/asyncify.h"
#include "harness/instrument/validate.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

constexpr const char* kSleeper = R"((module
  (import "env" "sleep" (func $sleep (param i32)))
  (memory (export "memory") 1)
  (func (export "run") (param i32) (result i32)
    (call $sleep (local.get 0))
    (memory.fill (i32.const 0) (i32.const 0) (i32.const 8))
    (memory.copy (i32.const 8) (i32.const 0) (i32.const 8))
    (i32.add (local.get 0) (i32.const 1)))))";

TEST(Asyncify, OutputExportsTheAsyncifyControlFunctions) {
  auto result = run_asyncify(lh::testing::wat_to_wasm(kSleeper), {{"env.sleep"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
  auto info = binary::decode_module_info(result.bytes);
  ASSERT_TRUE(info.info) << info.error;
  for (const char* name : {"asyncify_start_unwind", "asyncify_stop_unwind",
                           "asyncify_start_rewind", "asyncify_stop_rewind",
                           "asyncify_get_state", "run", "memory"}) {
    EXPECT_NE(info.info->find_export(name), nullptr) << name;
  }
  EXPECT_EQ(info.info->find_section(binary::kCustomSection, "target_features"), nullptr);
}

TEST(Asyncify, IsDeterministic) {
  auto wasm = lh::testing::wat_to_wasm(kSleeper);
  auto first = run_asyncify(wasm, {{"env.sleep"}});
  auto second = run_asyncify(wasm, {{"env.sleep"}});
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first.bytes, second.bytes);
}

TEST(Asyncify, TableCopyIsRefusedBeforeBinaryen) {
  auto wasm = lh::testing::wat_to_wasm(
      "(module (table 2 funcref) (func (table.copy (i32.const 0) (i32.const 1) (i32.const 1))))");
  auto result = run_asyncify(wasm, {{"env.sleep"}});
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("table.copy"), std::string::npos) << result.error;
}

TEST(Asyncify, DelegateToANonTryBlockIsRefused) {
  auto wasm = lh::testing::wat_to_wasm("(module (func (block (try (do nop) (delegate 0)))))");
  auto why = binaryen_cannot_read(wasm);
  ASSERT_TRUE(why);
  EXPECT_NE(why->find("delegate"), std::string::npos) << *why;
  auto fine = lh::testing::wat_to_wasm(
      "(module (func (try (do (block (try (do nop) (delegate 1)))))))");
  EXPECT_EQ(binaryen_validate(fine), std::nullopt);
}

TEST(Asyncify, NameSectionWithTagNamesDoesNotReachBinaryen) {
  // wat_to_wasm writes debug names, including a tag-names subsection Binaryen 108 exits on.
  auto wasm = lh::testing::wat_to_wasm("(module (tag $e) (func $f (throw $e)))");
  ASSERT_NE(binary::decode_module_info(wasm).info->find_section(binary::kCustomSection, "name"),
            nullptr);
  auto result = run_asyncify(wasm, {});
  ASSERT_TRUE(result.ok()) << result.error;
}

TEST(Asyncify, TryIsRefusedBecauseBinaryenAbortsOnIt) {
  // Binaryen 108 hits UNREACHABLE in Asyncify.cpp for a try around a suspending call.
  auto wasm = lh::testing::wat_to_wasm(R"((module (import "env" "sleep" (func $sleep))
    (func (try (do (call $sleep)) (catch_all)))))");
  auto result = run_asyncify(wasm, {{"env.sleep"}});
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("try at byte"), std::string::npos) << result.error;
  EXPECT_EQ(binaryen_validate(wasm), std::nullopt);  // reading and validating is fine
}

TEST(Asyncify, BadImportNameIsAnError) {
  auto result = run_asyncify(lh::testing::wat_to_wasm(kSleeper), {{"nodot"}});
  EXPECT_FALSE(result.ok());
}

TEST(Asyncify, ThrowSimdAndThreadsAreAccepted) {
  auto wasm = lh::testing::wat_to_wasm(R"((module
    (import "env" "sleep" (func $sleep))
    (memory 1 1 shared)
    (tag $e)
    (func $thrower (throw $e))
    (func (export "f") (result i32)
      (call $sleep)
      (drop (i32.atomic.rmw.add (i32.const 0) (i32.const 1)))
      (i32x4.extract_lane 1 (i32x4.splat (i32.const 3))))))");
  auto result = run_asyncify(wasm, {{"env.sleep"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
}

}  // namespace
}  // namespace lh::instrument
