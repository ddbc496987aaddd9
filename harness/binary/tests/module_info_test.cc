// decode_module_info: every section kind, index spaces, custom sections, and that truncated
// or garbage input gives an error with a byte offset instead of a crash.
#include <gtest/gtest.h>

#include <random>

#include "harness/binary/module_info.h"
#include "harness/testing/wat.h"

namespace lh::binary {
namespace {

constexpr const char* kRich = R"((module
  (type $t0 (func (param i32) (result i32)))
  (import "env" "f" (func $f (type $t0)))
  (import "env" "g" (global $g (mut i64)))
  (import "env" "t" (table 1 funcref))
  (import "env" "tag" (tag $e (param i32)))
  (memory (export "mem") i64 2 10)
  (table $t2 2 20 externref)
  (global $d f32 (f32.const 1.5))
  (global $r funcref (ref.func $h))
  (tag $e2)
  (func $h (type $t0) local.get 0)
  (func $s)
  (start $s)
  (export "h" (func $h))
  (export "g" (global $g))
  (export "e2" (tag $e2))
  (elem (i32.const 0) func $h)
  (elem declare func $s)
  (data (i64.const 8) "hello")
  (data "passive"))
)";

TEST(ModuleInfo, DecodesEverySectionKind) {
  auto bytes = testing::wat_to_wasm(kRich);
  auto decoded = decode_module_info(bytes);
  ASSERT_TRUE(decoded.info) << decoded.error;
  const ModuleInfo& info = *decoded.info;
  ASSERT_GE(info.types.size(), 1u);
  EXPECT_EQ(info.types[0].params, std::vector<ValType>{ValType::I32});
  ASSERT_EQ(info.imports.size(), 4u);
  EXPECT_EQ(info.imports[1].kind, ExternKind::Global);
  EXPECT_TRUE(info.imports[1].global.mutable_);
  EXPECT_EQ(info.imports[3].kind, ExternKind::Tag);
  EXPECT_EQ(info.imported_count(ExternKind::Func), 1u);
  ASSERT_EQ(info.memories.size(), 1u);
  EXPECT_TRUE(info.memories[0].limits.memory64);
  EXPECT_EQ(info.memories[0].limits.min, 2u);
  EXPECT_EQ(info.memories[0].limits.max, 10u);
  ASSERT_EQ(info.tables.size(), 1u);
  EXPECT_EQ(info.tables[0].element, ValType::ExternRef);
  EXPECT_EQ(info.globals.size(), 2u);
  EXPECT_EQ(info.global_inits.size(), 2u);
  EXPECT_EQ(info.tags.size(), 1u);
  EXPECT_EQ(info.func_types.size(), 2u);
  EXPECT_EQ(info.code.size(), 2u);
  EXPECT_EQ(info.start, 2u);
  EXPECT_EQ(info.element_segments, 2u);
  EXPECT_EQ(info.data_segments, 2u);
  EXPECT_EQ(info.func_count(), 3u);
  EXPECT_EQ(info.func_type_of(1), &info.types[0]);
  EXPECT_EQ(info.func_type_of(3), nullptr);
  EXPECT_EQ(info.global_type_of(0)->type, ValType::I64);
  EXPECT_EQ(info.global_type_of(1)->type, ValType::F32);
  EXPECT_FALSE(info.global_type_of(3));
  ASSERT_NE(info.find_export("e2"), nullptr);
  EXPECT_EQ(info.find_export("e2")->kind, ExternKind::Tag);
  EXPECT_EQ(info.find_export("h")->index, 1u);
  // Code bodies are located inside the code section.
  const Section* code = info.find_section(kCodeSection);
  ASSERT_NE(code, nullptr);
  for (const CodeBody& body : info.code) {
    EXPECT_GE(body.offset, code->payload_offset);
    EXPECT_LE(body.offset + body.size, code->payload_offset + code->payload_size);
  }
}

TEST(ModuleInfo, RecordsCustomSectionsWithNames) {
  auto bytes = testing::wat_to_wasm("(module (func $named))");
  std::vector<uint8_t> custom = {0x00, 0x06, 0x03, 'a', 'b', 'c', 0x01, 0x02};
  bytes.insert(bytes.end(), custom.begin(), custom.end());
  auto decoded = decode_module_info(bytes);
  ASSERT_TRUE(decoded.info) << decoded.error;
  const Section* section = decoded.info->find_section(kCustomSection, "abc");
  ASSERT_NE(section, nullptr);
  EXPECT_EQ(section->payload_size, 6u);
  EXPECT_NE(decoded.info->find_section(kCustomSection, "name"), nullptr);
}

TEST(ModuleInfo, DataCountMustMatchTheDataSection) {
  auto bytes = testing::wat_to_wasm("(module (memory 1) (data $d \"x\") (func (data.drop $d)))");
  auto decoded = decode_module_info(bytes);
  ASSERT_TRUE(decoded.info) << decoded.error;
  EXPECT_EQ(decoded.info->data_count, 1u);
  const Section* count = decoded.info->find_section(kDataCountSection);
  ASSERT_NE(count, nullptr);
  bytes[count->payload_offset] = 2;
  auto bad = decode_module_info(bytes);
  ASSERT_FALSE(bad.info);
  EXPECT_NE(bad.error.find("data count"), std::string::npos) << bad.error;
}

TEST(ModuleInfo, SharedMemoryFlagsAreRead) {
  auto bytes = testing::wat_to_wasm("(module (memory 1 4 shared))");
  auto decoded = decode_module_info(bytes);
  ASSERT_TRUE(decoded.info) << decoded.error;
  EXPECT_TRUE(decoded.info->memories[0].limits.shared);
  EXPECT_FALSE(decoded.info->memories[0].limits.memory64);
}

TEST(ModuleInfo, BadMagicIsAnError) {
  std::vector<uint8_t> bytes = {'\0', 'a', 's', 'n', 1, 0, 0, 0};
  auto decoded = decode_module_info(bytes);
  EXPECT_FALSE(decoded.info);
  EXPECT_NE(decoded.error.find("bad magic"), std::string::npos);
  EXPECT_FALSE(decode_module_info({}).info);
}

TEST(ModuleInfo, SectionsOutOfOrderAreAnError) {
  // memory section (5) then type section (1)
  std::vector<uint8_t> bytes = {0, 'a', 's', 'm', 1, 0, 0, 0, 5, 3, 1, 0, 1, 1, 1, 0};
  auto decoded = decode_module_info(bytes);
  ASSERT_FALSE(decoded.info);
  EXPECT_NE(decoded.error.find("at byte 13"), std::string::npos) << decoded.error;
}

TEST(ModuleInfo, OutOfRangeIndexNamesTheByte) {
  // function section referring to type 3 with no types.
  std::vector<uint8_t> bytes = {0, 'a', 's', 'm', 1, 0, 0, 0, 3, 2, 1, 3};
  auto decoded = decode_module_info(bytes);
  ASSERT_FALSE(decoded.info);
  EXPECT_NE(decoded.error.find("type index 3 out of range"), std::string::npos) << decoded.error;
  EXPECT_NE(decoded.error.find("at byte 11"), std::string::npos) << decoded.error;
}

TEST(ModuleInfo, EveryTruncationIsAnErrorOrASectionBoundary) {
  auto bytes = testing::wat_to_wasm(kRich);
  auto full = decode_module_info(bytes);
  ASSERT_TRUE(full.info);
  std::vector<size_t> boundaries = {8};
  for (const Section& s : full.info->sections)
    boundaries.push_back(s.payload_offset + s.payload_size);
  for (size_t size = 0; size < bytes.size(); ++size) {
    auto decoded = decode_module_info(std::span(bytes).first(size));
    bool boundary = std::find(boundaries.begin(), boundaries.end(), size) != boundaries.end();
    if (!boundary) {
      EXPECT_FALSE(decoded.info) << "prefix of " << size << " bytes decoded";
      EXPECT_NE(decoded.error.find("byte"), std::string::npos) << decoded.error;
    }
  }
}

TEST(ModuleInfo, GarbageNeverCrashes) {
  auto base = testing::wat_to_wasm(kRich);
  std::mt19937 rng(12345);
  for (int round = 0; round < 3000; ++round) {
    auto bytes = base;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i)
      bytes[8 + rng() % (bytes.size() - 8)] = static_cast<uint8_t>(rng());
    auto decoded = decode_module_info(bytes);
    if (!decoded.info) {
      EXPECT_FALSE(decoded.error.empty());
    }
  }
  for (int round = 0; round < 500; ++round) {
    std::vector<uint8_t> bytes = {0, 'a', 's', 'm', 1, 0, 0, 0};
    size_t size = rng() % 64;
    for (size_t i = 0; i < size; ++i) bytes.push_back(static_cast<uint8_t>(rng()));
    (void)decode_module_info(bytes);
  }
}

}  // namespace
}  // namespace lh::binary
