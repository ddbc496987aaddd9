// Fuel metering by inspection of the output: exact charge per segment, check points,
// renumbering of every function reference, and validity of the result.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/instrument/fuel.h"
#include "harness/instrument/tests/wasm_check.h"
#include "harness/instrument/validate.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

using binary::decode_module_info;

// Instruments `wat` and renders defined function `local` (0-based among defined ones).
std::string instrumented(const std::string& wat, uint32_t local = 0) {
  auto wasm = lh::testing::wat_to_wasm(wat);
  auto result = add_fuel_metering(wasm);
  EXPECT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
  return testing::render_body(result.bytes, result.out_of_fuel_func + 1 + local,
                              result.fuel_global);
}

TEST(Fuel, StraightLineIsOneSegmentAfterTheEntryCheck) {
  EXPECT_EQ(instrumented("(module (func (result i32) i32.const 1 i32.const 2 i32.add))"),
            "charge(1) check charge(3) i32.const i32.const i32.add end");
}

TEST(Fuel, LoopHeaderChecksBeforeChargingBody) {
  EXPECT_EQ(instrumented(R"((module (func (param i32)
      (loop $l (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))))"),
            "charge(1) check loop check charge(5) local.get i32.const i32.sub local.tee br_if "
            "end end");
}

TEST(Fuel, ZeroCostOperatorsAreFree) {
  EXPECT_EQ(instrumented("(module (func nop (drop (i32.const 1)) nop return))"),
            "charge(1) check charge(1) nop i32.const drop nop return end");
  EXPECT_EQ(instrumented("(module (func unreachable))"), "charge(1) check unreachable end");
}

TEST(Fuel, CallsEndSegments) {
  EXPECT_EQ(instrumented("(module (func $f (call $g) (call $g) (drop (i32.const 1))) (func $g))"),
            "charge(1) check charge(1) call charge(1) call charge(1) i32.const drop end");
}

TEST(Fuel, IfAndElseArmsAreChargedSeparately) {
  EXPECT_EQ(instrumented(R"((module (func (param i32) (result i32)
      (if (result i32) (local.get 0)
        (then (i32.const 1))
        (else (i32.add (i32.const 2) (i32.const 3)))))))"),
            "charge(1) check charge(2) local.get if charge(1) i32.const else charge(3) "
            "i32.const i32.const i32.add end end");
}

TEST(Fuel, BranchesAndBrTableEndSegments) {
  EXPECT_EQ(instrumented(R"((module (func (param i32)
      (block $a (block $b
        (br_table $a $b (local.get 0))) (br $a)))))"),
            "charge(1) check block block charge(2) local.get br_table end charge(1) br end end");
}

TEST(Fuel, ExceptionHandlingOpsEndSegments) {
  EXPECT_EQ(instrumented(R"((module (tag $e) (func
      (try (do (throw $e)) (catch $e (drop (i32.const 1))) (catch_all)))))"),
            "charge(1) check charge(1) try charge(1) throw charge(1) catch charge(2) i32.const "
            "drop catch_all end end");
}

TEST(Fuel, AddsImportGlobalAndExport) {
  auto wasm = lh::testing::wat_to_wasm(R"((module
    (import "env" "a" (func))
    (import "env" "g" (global i32))
    (global $mine (mut i32) (i32.const 5))
    (func (export "f"))))");
  auto result = add_fuel_metering(wasm);
  ASSERT_TRUE(result.ok()) << result.error;
  auto info = decode_module_info(result.bytes);
  ASSERT_TRUE(info.info) << info.error;
  EXPECT_EQ(result.out_of_fuel_func, 1u);
  EXPECT_EQ(result.fuel_global, 2u);
  const auto& import = info.info->imports.back();
  EXPECT_EQ(import.module, "lunatic_harness");
  EXPECT_EQ(import.name, "out_of_fuel");
  EXPECT_TRUE(info.info->func_type_of(1)->params.empty());
  EXPECT_TRUE(info.info->func_type_of(1)->results.empty());
  auto fuel = info.info->global_type_of(2);
  ASSERT_TRUE(fuel);
  EXPECT_EQ(fuel->type, binary::ValType::I64);
  EXPECT_TRUE(fuel->mutable_);
  ASSERT_NE(info.info->find_export("lunatic_harness_fuel"), nullptr);
  EXPECT_EQ(info.info->find_export("lunatic_harness_fuel")->index, 2u);
  EXPECT_EQ(info.info->global_type_of(1)->type, binary::ValType::I32);  // $mine did not move
}

TEST(Fuel, RenumbersEveryFunctionReference) {
  auto wasm = lh::testing::wat_to_wasm(R"((module
    (import "env" "imp" (func $imp))
    (table 4 funcref)
    (global funcref (ref.func $b))
    (func $a (call $b) (call $imp) (return_call $b))
    (func $b (drop (ref.func $a)))
    (func $s)
    (start $s)
    (export "a" (func $a))
    (export "imp" (func $imp))
    (elem (i32.const 0) func $a $b)
    (elem (i32.const 2) funcref (ref.func $b) (ref.null func))
    (elem declare func $s)))");
  auto result = add_fuel_metering(wasm);
  ASSERT_TRUE(result.ok()) << result.error;
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
  auto info = decode_module_info(result.bytes);
  ASSERT_TRUE(info.info);
  // $imp 0, out_of_fuel 1, $a 2, $b 3, $s 4
  EXPECT_EQ(info.info->start, 4u);
  EXPECT_EQ(info.info->find_export("a")->index, 2u);
  EXPECT_EQ(info.info->find_export("imp")->index, 0u);
  std::vector<uint32_t> calls;
  for (uint32_t f : {2u, 3u}) {
    const auto& body = info.info->code.at(f - 2);
    auto decoded = binary::decode_function_body(
        std::span(result.bytes).subspan(body.offset, body.size), body.offset);
    for (const auto& instr : decoded.body.instrs) {
      if (instr.op == binary::Op::Call || instr.op == binary::Op::ReturnCall ||
          instr.op == binary::Op::RefFunc) {
        calls.push_back(instr.index);
      }
    }
  }
  // $a: check's call out_of_fuel, call $b, call $imp, return_call $b; $b: check, ref.func $a
  EXPECT_EQ(calls, (std::vector<uint32_t>{1, 3, 0, 3, 1, 2}));
  // Element segments and the global initialiser, by raw inspection of the output.
  auto text = testing::render_body(result.bytes, 3, result.fuel_global);
  EXPECT_NE(text.find("ref.func"), std::string::npos);
  auto elem = info.info->find_section(binary::kElementSection);
  ASSERT_NE(elem, nullptr);
  std::vector<uint8_t> payload(result.bytes.begin() + elem->payload_offset,
                               result.bytes.begin() + elem->payload_offset + elem->payload_size);
  // 3 segments; seg0: flags 0, i32.const 0 end, 2 funcs (2, 3); seg1: flags 4, i32.const 2
  // end, 2 exprs: ref.func 3 end, ref.null func end; seg2: flags 3, kind 0, 1 func (4).
  std::vector<uint8_t> expect = {3, 0,    0x41, 0,    0x0b, 2,    2,    3, 4, 0x41, 2, 0x0b,
                                 2, 0xd2, 3,    0x0b, 0xd0, 0x70, 0x0b, 3, 0, 1,    4};
  EXPECT_EQ(payload, expect);
  auto glob = info.info->global_inits.at(0);
  EXPECT_EQ(result.bytes[glob.init_offset], 0xd2);
  EXPECT_EQ(result.bytes[glob.init_offset + 1], 3);
}

TEST(Fuel, NameSectionIsDropped) {
  auto wasm = lh::testing::wat_to_wasm("(module (func $named))");
  ASSERT_NE(decode_module_info(wasm).info->find_section(binary::kCustomSection, "name"), nullptr);
  auto result = add_fuel_metering(wasm);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(decode_module_info(result.bytes).info->find_section(binary::kCustomSection, "name"),
            nullptr);
}

TEST(Fuel, ExistingFuelExportIsAnError) {
  auto wasm = lh::testing::wat_to_wasm("(module (func (export \"lunatic_harness_fuel\")))");
  auto result = add_fuel_metering(wasm);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("already exists"), std::string::npos);
}

TEST(Fuel, ReusesAnExistingVoidType) {
  auto wasm = lh::testing::wat_to_wasm("(module (func (param i32)) (func))");
  auto result = add_fuel_metering(wasm);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(decode_module_info(result.bytes).info->types.size(),
            decode_module_info(wasm).info->types.size());
}

TEST(Fuel, EveryCorpusModuleStaysValid) {
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(LH_CORPUS_DIR)) {
    if (entry.path().extension() != ".wat") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto wasm = lh::testing::wat_to_wasm(text.str());
    auto result = add_fuel_metering(wasm);
    ASSERT_TRUE(result.ok()) << entry.path() << ": " << result.error;
    EXPECT_EQ(default_validate(result.bytes), std::nullopt) << entry.path();
    ++files;
  }
  EXPECT_GE(files, 5);
}

TEST(Fuel, TruncatedInputIsAnError) {
  auto wasm = lh::testing::wat_to_wasm("(module (func (result i32) i32.const 7))");
  for (size_t size = 0; size + 1 < wasm.size(); ++size) {
    auto result = add_fuel_metering(std::span(wasm).first(size));
    if (result.ok()) {
      EXPECT_EQ(default_validate(result.bytes), std::nullopt) << size;
    }
  }
}

}  // namespace
}  // namespace lh::instrument
