// prepare(): the stages in order with diagnostics, an injected validator, errors instead
// of crashes on bad input, determinism, and the content-hash cache.
#include <gtest/gtest.h>

#include <random>

#include "harness/binary/module_info.h"
#include "harness/instrument/pipeline.h"
#include "harness/instrument/validate.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

constexpr const char* kGuest = R"((module
  (import "lunatic" "sleep" (func $sleep (param i64)))
  (memory (export "memory") 1 16)
  (data (i32.const 0) "guest")
  (func $work (export "work") (param i32) (result i32)
    (call $sleep (i64.const 1))
    (i32.add (local.get 0) (i32.load8_u (i32.const 0))))
  (table 1 funcref)
  (elem (i32.const 0) $work)))";

PrepareOptions options() {
  PrepareOptions o;
  o.asyncify_options.imports = {"lunatic.sleep"};
  return o;
}

TEST(Pipeline, RunsEveryStageAndTheResultValidates) {
  auto result = prepare(lh::testing::wat_to_wasm(kGuest), options());
  ASSERT_TRUE(result.ok()) << result.error;
  ASSERT_EQ(result.diagnostics.size(), 8u);
  EXPECT_EQ(result.diagnostics[1], "memory import: rewritten");
  EXPECT_EQ(result.diagnostics[2], "table limit: maxima capped");
  EXPECT_EQ(result.diagnostics[3], "start export: no start function");
  EXPECT_EQ(result.diagnostics[7], "instance reset: exported");
  EXPECT_EQ(result.reset_excluded, std::nullopt);
  EXPECT_EQ(default_validate(result.bytes), std::nullopt);
  auto info = binary::decode_module_info(result.bytes);
  ASSERT_TRUE(info.info);
  bool memory = false, fuel_hook = false;
  for (const auto& import : info.info->imports) {
    memory |= import.module == "lunatic_harness" && import.name == "memory";
    fuel_hook |= import.module == "lunatic_harness" && import.name == "out_of_fuel";
  }
  EXPECT_TRUE(memory);
  EXPECT_TRUE(fuel_hook);
  for (const char* name :
       {"lunatic_harness_fuel", "lunatic_harness_asyncify_state", "work", "memory"}) {
    EXPECT_NE(info.info->find_export(name), nullptr) << name;
  }
}

TEST(Pipeline, SameInputGivesSameBytes) {
  auto wasm = lh::testing::wat_to_wasm(kGuest);
  EXPECT_EQ(prepare(wasm, options()).bytes, prepare(wasm, options()).bytes);
}

TEST(Pipeline, InjectedValidatorDecides) {
  PrepareOptions o = options();
  int calls = 0;
  o.validator = [&](std::span<const uint8_t>) -> std::optional<std::string> {
    ++calls;
    return "engine says no";
  };
  auto result = prepare(lh::testing::wat_to_wasm(kGuest), o);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(result.error, "invalid module: engine says no");
  EXPECT_TRUE(result.bytes.empty());
}

TEST(Pipeline, IllTypedModuleIsRejectedBeforeBinaryen) {
  // i32.add on an i64 operand: structurally fine, invalid by typing.
  std::vector<uint8_t> wasm = {0,    'a', 's', 'm', 1, 0,    0, 0,    1, 4,    1,
                               0x60, 0,   0,       // type () -> ()
                               3,    2,   1,   0,  // one function
                               10,   9,   1,   7,   0, 0x42, 1, 0x41, 1, 0x6a, 0x0b};
  auto result = prepare(wasm, options());
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("invalid module"), std::string::npos) << result.error;
}

TEST(Pipeline, GarbageAndTruncationGiveErrors) {
  auto wasm = lh::testing::wat_to_wasm(kGuest);
  for (size_t size : {size_t{0}, size_t{4}, size_t{8} + 3, wasm.size() / 2, wasm.size() - 1}) {
    auto result = prepare(std::span(wasm).first(size), options());
    EXPECT_FALSE(result.ok()) << size;
    EXPECT_FALSE(result.error.empty());
  }
  std::mt19937 rng(99);
  for (int round = 0; round < 300; ++round) {
    auto copy = wasm;
    copy[8 + rng() % (copy.size() - 8)] = static_cast<uint8_t>(rng());
    auto result = prepare(copy, options());
    if (result.ok()) {
      EXPECT_EQ(default_validate(result.bytes), std::nullopt);
    }
  }
}

TEST(Pipeline, UnsupportedOpcodeForBinaryenIsAnErrorNotAnExit) {
  auto wasm =
      lh::testing::wat_to_wasm("(module (table 2 funcref) (elem $e func) (func (elem.drop $e)))");
  auto result = prepare(wasm, options());
  EXPECT_FALSE(result.ok());
  EXPECT_NE(result.error.find("elem.drop"), std::string::npos) << result.error;
}

TEST(PrepareCache, SameBytesArePreparedOnce) {
  PrepareCache cache;
  auto wasm = lh::testing::wat_to_wasm(kGuest);
  auto first = cache.prepare(wasm, options());
  auto second = cache.prepare(wasm, options());
  EXPECT_EQ(first.get(), second.get());
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.hits(), 1u);
}

TEST(PrepareCache, OptionsArePartOfTheKey) {
  PrepareCache cache;
  auto wasm = lh::testing::wat_to_wasm(kGuest);
  PrepareOptions other = options();
  other.fuel.initial_fuel = 5;
  auto first = cache.prepare(wasm, options());
  auto second = cache.prepare(wasm, other);
  EXPECT_NE(first.get(), second.get());
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_NE(describe(options()), describe(other));
}

TEST(PrepareCache, ErrorsAreCachedToo) {
  PrepareCache cache;
  std::vector<uint8_t> garbage = {1, 2, 3};
  EXPECT_FALSE(cache.prepare(garbage, options())->ok());
  EXPECT_FALSE(cache.prepare(garbage, options())->ok());
  EXPECT_EQ(cache.hits(), 1u);
}

}  // namespace
}  // namespace lh::instrument
