// import_memory: a defined memory becomes "lunatic_harness" "memory" with the same limits;
// imported or absent memories are left alone; two memories are an error.
#include <gtest/gtest.h>

#include "harness/binary/module_info.h"
#include "harness/instrument/memory_import.h"
#include "harness/instrument/validate.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

using binary::decode_module_info;
using binary::ExternKind;

TEST(MemoryImport, DefinedMemoryBecomesImportWithSameLimits) {
  auto wasm = lh::testing::wat_to_wasm(R"((module
    (import "env" "f" (func))
    (memory (export "memory") 2 5 shared)
    (data (i32.const 16) "hi")
    (func (export "size") (result i32) memory.size)))");
  auto result = import_memory(wasm);
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(result.outcome, MemoryImportOutcome::Rewritten);
  auto info = decode_module_info(result.bytes);
  ASSERT_TRUE(info.info) << info.error;
  EXPECT_TRUE(info.info->memories.empty());
  ASSERT_EQ(info.info->imports.size(), 2u);
  const auto& import = info.info->imports[1];
  EXPECT_EQ(import.module, "lunatic_harness");
  EXPECT_EQ(import.name, "memory");
  EXPECT_EQ(import.kind, ExternKind::Memory);
  EXPECT_EQ(import.memory.limits.min, 2u);
  EXPECT_EQ(import.memory.limits.max, 5u);
  EXPECT_TRUE(import.memory.limits.shared);
  EXPECT_EQ(info.info->data_segments, 1u);
  ASSERT_NE(info.info->find_export("memory"), nullptr);
  EXPECT_EQ(info.info->find_export("memory")->index, 0u);
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
}

TEST(MemoryImport, NoMaximumStaysNoMaximumAndImportSectionIsCreated) {
  auto wasm =
      lh::testing::wat_to_wasm("(module (memory 1) (func (drop (i32.load (i32.const 0)))))");
  auto result = import_memory(wasm);
  ASSERT_TRUE(result.ok()) << result.error;
  auto info = decode_module_info(result.bytes);
  ASSERT_TRUE(info.info) << info.error;
  ASSERT_EQ(info.info->imports.size(), 1u);
  EXPECT_EQ(info.info->imports[0].memory.limits.min, 1u);
  EXPECT_FALSE(info.info->imports[0].memory.limits.max);
  EXPECT_FALSE(info.info->imports[0].memory.limits.shared);
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
}

TEST(MemoryImport, Memory64FlagIsKept) {
  auto wasm = lh::testing::wat_to_wasm("(module (memory i64 1 3))");
  auto result = import_memory(wasm);
  ASSERT_TRUE(result.ok()) << result.error;
  auto info = decode_module_info(result.bytes);
  ASSERT_TRUE(info.info);
  EXPECT_TRUE(info.info->imports.at(0).memory.limits.memory64);
  EXPECT_EQ(info.info->imports.at(0).memory.limits.max, 3u);
}

TEST(MemoryImport, ImportedMemoryIsLeftAlone) {
  auto wasm = lh::testing::wat_to_wasm("(module (import \"env\" \"m\" (memory 1)))");
  auto result = import_memory(wasm);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.outcome, MemoryImportOutcome::AlreadyImported);
  EXPECT_EQ(result.bytes, wasm);
}

TEST(MemoryImport, ModuleWithoutMemoryGetsAPrivateUnwindMemory) {
  auto wasm = lh::testing::wat_to_wasm("(module (func (export \"f\")))");
  auto result = import_memory(wasm);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.outcome, MemoryImportOutcome::Added);
  auto decoded = binary::decode_module_info(result.bytes);
  ASSERT_TRUE(decoded.info) << decoded.error;
  ASSERT_EQ(decoded.info->imports.size(), 1u);
  EXPECT_EQ(decoded.info->imports[0].module, kHarnessModule);
  EXPECT_EQ(decoded.info->imports[0].name, kUnwindMemoryImport);
  EXPECT_TRUE(decoded.info->memories.empty());
  EXPECT_EQ(decoded.info->exports.size(), 1u) << "exports are untouched";
}

TEST(MemoryImport, TwoMemoriesAreAnError) {
  auto wasm = lh::testing::wat_to_wasm("(module (import \"env\" \"m\" (memory 1)) (memory 1))");
  auto result = import_memory(wasm);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("2 memories"), std::string::npos) << result.error;
}

TEST(MemoryImport, GarbageIsAnError) {
  std::vector<uint8_t> garbage = {0, 'a', 's', 'm', 1, 0, 0, 0, 5, 9, 1};
  EXPECT_FALSE(import_memory(garbage).ok());
}

}  // namespace
}  // namespace lh::instrument
