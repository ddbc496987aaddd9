// ModuleBuilder: untouched modules round-trip byte for byte; replaced and inserted sections
// land in their required position and the result decodes.
#include <gtest/gtest.h>

#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"
#include "harness/testing/wat.h"

namespace lh::binary {
namespace {

TEST(ModuleBuilder, UntouchedModuleIsByteIdentical) {
  auto bytes = testing::wat_to_wasm(
      "(module (memory 1) (func $f (export \"f\")) (data (i32.const 0) \"x\"))");
  auto info = decode_module_info(bytes);
  ASSERT_TRUE(info.info);
  EXPECT_EQ(ModuleBuilder(bytes, *info.info).finish(), bytes);
}

TEST(ModuleBuilder, InsertedSectionTakesItsRequiredPosition) {
  auto bytes = testing::wat_to_wasm("(module (type (func)) (memory 1) (func (type 0)))");
  auto info = decode_module_info(bytes);
  ASSERT_TRUE(info.info);
  ASSERT_FALSE(info.info->find_section(kImportSection));
  ModuleBuilder builder(bytes, *info.info);
  std::vector<uint8_t> imports;
  Writer w(imports);
  w.varu32(1);
  w.name("a");
  w.name("b");
  w.u8(0);
  w.varu32(0);
  builder.set_section(kImportSection, imports);
  auto out = builder.finish();
  auto again = decode_module_info(out);
  ASSERT_TRUE(again.info) << again.error;
  EXPECT_EQ(again.info->imports.size(), 1u);
  EXPECT_EQ(again.info->sections[0].id, kTypeSection);
  EXPECT_EQ(again.info->sections[1].id, kImportSection);
}

TEST(ModuleBuilder, AppendToVectorRaisesTheCount) {
  std::vector<uint8_t> payload = {0x02, 0xaa, 0xbb};
  std::vector<uint8_t> extra = {0xcc};
  EXPECT_EQ(append_to_vector(payload, 1, extra), (std::vector<uint8_t>{0x03, 0xaa, 0xbb, 0xcc}));
  EXPECT_EQ(append_to_vector({}, 1, extra), (std::vector<uint8_t>{0x01, 0xcc}));
}

}  // namespace
}  // namespace lh::binary
