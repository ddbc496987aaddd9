// run_asyncify: the control exports appear, bulk-memory code does not abort Binaryen,
// and modules Binaryen 108 is known to fail on are refused (or cleaned) before it sees them.
#include <gtest/gtest.h>

#include "harness/binary/module_info.h"
#include "harness/instrument/asyncify.h"
#include "harness/instrument/names.h"
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

TEST(Asyncify, OutputExportsTheStateGlobalsInsteadOfTheControlFunctions) {
  auto result = run_asyncify(lh::testing::wat_to_wasm(kSleeper), {{"env.sleep"}});
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
  auto info = binary::decode_module_info(result.bytes);
  ASSERT_TRUE(info.info) << info.error;
  for (const char* name : {kAsyncifyStateExport, kAsyncifyDataExport, "run", "memory"}) {
    EXPECT_NE(info.info->find_export(name), nullptr) << name;
  }
  for (const char* name : {"asyncify_start_unwind", "asyncify_stop_unwind", "asyncify_start_rewind",
                           "asyncify_stop_rewind", "asyncify_get_state"}) {
    EXPECT_EQ(info.info->find_export(name), nullptr) << name;
  }
  EXPECT_EQ(info.info->find_section(binary::kCustomSection, "target_features"), nullptr);
}

TEST(Asyncify, AGuestExportNamedLikeTheStateGlobalIsRefused) {
  auto wasm = lh::testing::wat_to_wasm(
      "(module (global (export \"lunatic_harness_asyncify_data\") i32 (i32.const 0)))");
  auto result = run_asyncify(wasm, {});
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error.find("already exports \"lunatic_harness_asyncify_data\""),
            std::string::npos)
      << result.error;
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
  auto fine =
      lh::testing::wat_to_wasm("(module (func (try (do (block (try (do nop) (delegate 1)))))))");
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

TEST(Asyncify, TailCallsAreRefusedBecauseBinaryenExitsOnThem) {
  // Found by the prepare fuzzer: Binaryen 108's asyncify calls Fatal() ("tail calls not yet
  // supported in asyncify"), which exits the whole process.
  for (const char* call : {"(return_call $f (i32.const 1))",
                           "(return_call_indirect (type $t) (i32.const 1) (i32.const 0))"}) {
    auto wasm = lh::testing::wat_to_wasm(std::string(R"((module
      (type $t (func (param i32)))
      (table 1 funcref) (elem (i32.const 0) $f)
      (func $f (param i32) )") + call + "))");
    auto result = run_asyncify(wasm, {});
    EXPECT_FALSE(result.ok()) << call;
    EXPECT_NE(result.error.find("does not support tail calls"), std::string::npos) << result.error;
    EXPECT_EQ(binaryen_validate(wasm), std::nullopt);  // reading and validating is fine
  }
}

TEST(Asyncify, NulBytesInNamesAreRefusedBecauseBinaryenExitsOnThem) {
  // Found by the prepare fuzzer: Binaryen 108 exits with "inline string contains NULL (0)".
  for (const char* wat :
       {R"((module (func (export "a\00b"))))", R"((module (import "env\00" "f" (func))))",
        R"((module (import "env" "\00" (func))))"}) {
    auto wasm = lh::testing::wat_to_wasm(wat);
    EXPECT_EQ(default_validate(wasm), std::nullopt) << wat;  // valid wasm
    auto why = binaryen_cannot_read(wasm);
    ASSERT_TRUE(why.has_value()) << wat;
    EXPECT_NE(why->find("NUL byte"), std::string::npos) << *why;
    EXPECT_FALSE(run_asyncify(wasm, {}).ok()) << wat;
  }
}

TEST(Asyncify, SegmentsOutsideTheInitialMemoryOrTableAreFound) {
  // Found by the prepare fuzzer: valid modules that Binaryen 108's validator rejects.
  struct Case {
    const char* wat;
    bool out_of_bounds;
  };
  for (const Case& c : std::initializer_list<Case>{
           {R"((module (memory 1) (data (i32.const 65535) "ab")))", true},
           {R"((module (memory 1) (data (i32.const 65534) "ab")))", false},
           {R"((module (memory 1) (data (i32.const -1) "")))", true},
           {R"((module (memory 0) (data (i32.const 0) "")))", false},
           {R"((module (memory 1) (data "passive is never applied")))", false},
           {R"((module (import "env" "g" (global i32)) (memory 1)
                 (data (global.get 0) "x")))",
            false},
           {R"((module (table 1 funcref) (func $f) (elem (i32.const 1) $f)))", true},
           {R"((module (table 2 funcref) (func $f) (elem (i32.const 1) $f)))", false},
           {R"((module (table 1 funcref) (table $t 3 funcref) (func $f)
                 (elem (table $t) (i32.const 2) funcref (ref.func $f) (ref.null func))))",
            true},
           {R"((module (table 1 funcref) (func $f) (elem funcref (ref.func $f) (ref.func $f))
                 (elem declare func $f)))",
            false},
       }) {
    auto wasm = lh::testing::wat_to_wasm(c.wat);
    EXPECT_EQ(default_validate(wasm), std::nullopt) << c.wat;
    EXPECT_EQ(segment_out_of_bounds(wasm).has_value(), c.out_of_bounds) << c.wat;
    if (c.out_of_bounds) {
      EXPECT_NE(binaryen_validate(wasm), std::nullopt) << c.wat;
    }
  }
}

TEST(Asyncify, BlocksWithParametersAreRefusedBecauseBinaryenExitsOnThem) {
  // Binaryen's IR has no block parameters: its reader exits, "Block requires more values than
  // are available" (fuzz/corpus/binaryen_{block,loop,if}_params.wasm).
  for (const char* body : {"(block (param i32) (result i32) (i32.const 2) (i32.add))",
                           "(loop (param i32) (result i32) (i32.const 2) (i32.add))",
                           "(if (param i32) (result i32) (i32.const 1) (then) (else))"}) {
    auto wasm = lh::testing::wat_to_wasm(
        std::string("(module (func (export \"f\") (result i32) (i32.const 1) ") + body + "))");
    EXPECT_EQ(default_validate(wasm), std::nullopt) << body;  // valid multi-value
    auto why = binaryen_cannot_read(wasm);
    ASSERT_TRUE(why.has_value()) << body;
    EXPECT_NE(why->find("takes parameters"), std::string::npos) << *why;
  }
  // Results alone are fine.
  auto results = lh::testing::wat_to_wasm(
      "(module (func (result i32 i32) (block (result i32 i32) (i32.const 1) (i32.const 2))))");
  EXPECT_EQ(binaryen_cannot_read(results), std::nullopt);
  EXPECT_EQ(binaryen_validate(results), std::nullopt);
}

TEST(Asyncify, ExportsNamedLikeThePassesOwnAreRefusedBecauseBinaryenExitsOnThem) {
  // The pass adds asyncify_start_unwind and the rest, and exits when one exists
  // (fuzz/corpus/binaryen_asyncify_export_name.wasm).
  auto wasm = lh::testing::wat_to_wasm(
      R"((module (global (export "asyncify_get_state") i32 (i32.const 0))))");
  EXPECT_EQ(binaryen_cannot_read(wasm), std::nullopt);  // reading is fine
  auto result = run_asyncify(wasm, {});
  ASSERT_FALSE(result.ok());
  EXPECT_FALSE(result.binaryen_failed);
  EXPECT_NE(result.error.find("exports \"asyncify_get_state\""), std::string::npos) << result.error;
}

TEST(Asyncify, ExternrefElementExpressionsAreRefusedBecauseBinaryenExitsOnThem) {
  // "Invalid type for a usesExpressions element segment" (fuzz/corpus/
  // binaryen_externref_elem_exprs.wasm); funcref expressions are fine.
  auto wasm = lh::testing::wat_to_wasm(
      "(module (table 2 externref) (elem (table 0) (i32.const 0) externref (ref.null extern)))");
  auto why = binaryen_cannot_read(wasm);
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("externref expressions"), std::string::npos) << *why;
  auto funcrefs = lh::testing::wat_to_wasm(
      "(module (table 2 funcref) (func $f) (elem (table 0) (i32.const 0) funcref (ref.func $f)))");
  EXPECT_EQ(binaryen_cannot_read(funcrefs), std::nullopt);
  EXPECT_EQ(binaryen_validate(funcrefs), std::nullopt);
}

TEST(Asyncify, DwarfSectionsAreDroppedBecauseBinaryenCrashesOnMalformedOnes) {
  // Binaryen rewrites DWARF when it writes a module and dies of SIGSEGV on a malformed
  // .debug_info (fuzz/corpus/binaryen_debug_info.wasm). Other custom sections stay.
  auto wasm = lh::testing::wat_to_wasm(kSleeper);
  auto custom = [](std::string_view name, size_t size) {
    std::vector<uint8_t> section = {0, static_cast<uint8_t>(1 + name.size() + size),
                                    static_cast<uint8_t>(name.size())};
    section.insert(section.end(), name.begin(), name.end());
    section.insert(section.end(), size, 0xff);
    return section;
  };
  for (const auto& section :
       {custom(".debug_info", 40), custom(".debug_line", 8), custom("producers", 4)}) {
    wasm.insert(wasm.end(), section.begin(), section.end());
  }
  auto result = run_asyncify(wasm, {{"env.sleep"}});
  ASSERT_TRUE(result.ok()) << result.error;
  auto info = binary::decode_module_info(result.bytes);
  ASSERT_TRUE(info.info) << info.error;
  EXPECT_EQ(info.info->find_section(binary::kCustomSection, ".debug_info"), nullptr);
  EXPECT_EQ(info.info->find_section(binary::kCustomSection, ".debug_line"), nullptr);
  EXPECT_NE(info.info->find_section(binary::kCustomSection, "producers"), nullptr);
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
