// Guest preparation on the real engine (V8 through wasm.h): exact fuel totals against the
// documented cost model, instrumented runs equal to plain runs over a corpus (WAT programs
// and a C guest using printf, malloc and qsort), and the memory limit rule of the harness
// memory (memory.grow -1 at the limit, no instance above it).
//
// Fuel accounting used throughout: the prepared global starts at kSlice (as for guests);
// out_of_fuel adds kSlice each call, so consumed = kSlice * (1 + calls) - F_final.
// Cost model (fuel.h): every operator 1, except nop, drop, block, loop, unreachable,
// return, else and end (0); plus 1 per function entry. The check `F < 0 -> out_of_fuel`
// runs at function entry and loop headers; as no two consecutive checks are kSlice apart,
// out_of_fuel is called exactly ceil(C_last / kSlice) - 1 times, where C_last is the fuel
// consumed at the last check point executed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "harness/instrument/pipeline.h"
#include "harness/instrument/tests/v8_guest.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

using testing::i32;
using testing::i64;
using testing::V8Guest;

constexpr int64_t kSlice = 100'000;
constexpr uint64_t kPage = 65536;

enum class Stages { FuelOnly, Full };
const char* stages_name(Stages s) { return s == Stages::Full ? "full pipeline" : "memory+fuel"; }

// The options the harness gives guests (module_loader.cc): V8 validates, the global starts
// at one slice, asyncify over the host functions that may block and over out_of_fuel.
PrepareOptions guest_options(Stages stages) {
  PrepareOptions o;
  o.validator = testing::v8_validate;
  o.fuel.initial_fuel = kSlice;
  o.asyncify = stages == Stages::Full;
  o.asyncify_options.imports = {"lunatic::process.sleep_ms", "lunatic::message.receive",
                                "wasi_snapshot_preview1.sched_yield",
                                "wasi_snapshot_preview1.poll_oneoff"};
  return o;
}

std::vector<uint8_t> prepared(const std::vector<uint8_t>& wasm, Stages stages) {
  auto result = prepare(wasm, guest_options(stages));
  EXPECT_TRUE(result.ok()) << stages_name(stages) << ": " << result.error;
  return result.bytes;
}

struct Metered {
  int64_t consumed = -1;
  uint64_t out_of_fuel_calls = 0;
  int64_t fuel_left = 0;
  wasm_val_t result{};
};

class V8Exec : public ::testing::Test {
 protected:
  V8Exec() : store_(wasm_store_new(testing::shared_engine())) {}

  // Prepares `wat` with `stages`, calls `entry` once on a fresh instance.
  Metered run(const std::string& wat, const char* entry, std::vector<wasm_val_t> args,
              Stages stages) {
    Metered m;
    auto bytes = prepared(lh::testing::wat_to_wasm(wat), stages);
    V8Guest guest(store_.get(), bytes);
    EXPECT_TRUE(guest.ok()) << guest.error();
    if (!guest.ok()) return m;
    EXPECT_EQ(guest.fuel(), kSlice) << "the exported global starts at one slice";
    auto results = guest.call(entry, std::move(args));
    EXPECT_TRUE(results) << guest.trap();
    if (!results) return m;
    if (!results->empty()) m.result = results->front();
    m.fuel_left = guest.fuel().value_or(0);
    m.out_of_fuel_calls = guest.out_of_fuel_calls();
    m.consumed = kSlice * static_cast<int64_t>(1 + m.out_of_fuel_calls) - m.fuel_left;
    return m;
  }

  // Expects `consumed` fuel and `calls` refills in both preparations; returns the result.
  int64_t expect_fuel(const std::string& wat, const char* entry, std::vector<wasm_val_t> args,
                      int64_t consumed, uint64_t calls) {
    int64_t value = 0;
    for (Stages stages : {Stages::FuelOnly, Stages::Full}) {
      Metered m = run(wat, entry, args, stages);
      EXPECT_EQ(m.consumed, consumed) << stages_name(stages);
      EXPECT_EQ(m.out_of_fuel_calls, calls) << stages_name(stages);
      value = m.result.kind == WASM_I64 ? m.result.of.i64 : m.result.of.i32;
    }
    return value;
  }

  engine::StorePtr store_;
};

TEST_F(V8Exec, StraightLineCostsItsOperatorsPlusEntry) {
  // i32.const i32.const i32.add = 3, end 0, entry 1.
  EXPECT_EQ(expect_fuel(R"((module (func (export "f") (result i32)
              (i32.add (i32.const 1) (i32.const 2)))))",
                        "f", {}, 4, 0),
            3);
  // i32.const 1, then 999 rounds of nop (0), i32.const 5 (1), drop (0), i32.const 1 (1),
  // i32.add (1) = 3 each: 1 + 2,997 operators + entry 1 = 2,999.
  std::string body = "(i32.const 1)";
  for (int i = 1; i < 1000; ++i) body += " (nop) (drop (i32.const 5)) (i32.add (i32.const 1))";
  EXPECT_EQ(
      expect_fuel("(module (func (export \"f\") (result i32) " + body + "))", "f", {}, 2999, 0),
      1000);
}

const char* kCountLoop =
    R"((module (func (export "count") (param $n i32) (result i32) (local $i i32)
    (block $done
      (loop $top
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $top)))
    (local.get $i))))";

TEST_F(V8Exec, LoopOfNIterationsCostsExactlyAcrossRefills) {
  // entry 1; each continuing iteration: local.get local.get i32.ge_u br_if (4) + local.get
  // i32.const i32.add local.set br (5) = 9; the final test 4; local.get 1.
  // consumed = 1 + 9N + 4 + 1. C_last (header check of the final test) = 1 + 9N.
  EXPECT_EQ(expect_fuel(kCountLoop, "count", {i32(0)}, 6, 0), 0);
  EXPECT_EQ(expect_fuel(kCountLoop, "count", {i32(1)}, 15, 0), 1);
  // N = 11,110: 1 + 99,990 + 5 = 99,996; C_last = 99,991 <= 100,000: no refill.
  EXPECT_EQ(expect_fuel(kCountLoop, "count", {i32(11'110)}, 99'996, 0), 11'110);
  // N = 11,112: C_last = 100,009 > 100,000: exactly one refill; consumed 100,014.
  EXPECT_EQ(expect_fuel(kCountLoop, "count", {i32(11'112)}, 100'014, 1), 11'112);
  // N = 100,000: consumed 900,006; C_last = 900,001 -> ceil(9.00001) - 1 = 9 refills.
  EXPECT_EQ(expect_fuel(kCountLoop, "count", {i32(100'000)}, 900'006, 9), 100'000);
}

TEST_F(V8Exec, CallsChargeCallerAndCalleeEntries) {
  const char* wat = R"((module
    (type $t (func (param i32) (result i32)))
    (table 2 funcref)
    (elem (i32.const 0) $inc $twice)
    (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
    (func $twice (param i32) (result i32) (call $inc (call $inc (local.get 0))))
    (func (export "calls") (param $n i32) (result i32) (local $acc i32)
      (block $done (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $acc (call $twice (local.get $acc)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
      (local.get $acc))
    (func (export "indirect") (param $which i32) (param $x i32) (result i32)
      (call_indirect (type $t) (local.get $x) (local.get $which)))))";
  // $inc = entry 1 + local.get i32.const i32.add 3 = 4.
  // $twice = entry 1 + local.get call call 3 + 2 x $inc = 12.
  // calls: per iteration local.get i32.eqz br_if 3 + local.get call local.set 3 + $twice 12
  //   + local.get i32.const i32.sub local.set 4 + br 1 = 23; final test 3; tail 1; entry 1.
  //   consumed = 23n + 5. n = 10,000: 230,005; C_last = 1 + 23n = 230,001 -> 2 refills.
  EXPECT_EQ(expect_fuel(wat, "calls", {i32(3)}, 74, 0), 6);
  EXPECT_EQ(expect_fuel(wat, "calls", {i32(10'000)}, 230'005, 2), 20'000);
  // indirect: entry 1 + local.get local.get call_indirect 3, then the callee (table entries
  // renumbered past the out_of_fuel import): $inc 4 -> 8, $twice 12 -> 16.
  EXPECT_EQ(expect_fuel(wat, "indirect", {i32(0), i32(41)}, 8, 0), 42);
  EXPECT_EQ(expect_fuel(wat, "indirect", {i32(1), i32(40)}, 16, 0), 42);
}

TEST_F(V8Exec, RecursionChargesEveryEntry) {
  const char* wat = R"((module
    (func $fib (export "fib") (param $n i32) (result i32)
      (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
        (then (local.get $n))
        (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                       (call $fib (i32.sub (local.get $n) (i32.const 2)))))))))";
  // Every call: entry 1 + local.get i32.const i32.lt_u if 4. A leaf (n < 2) adds local.get
  // = 6 in all; an inner call adds 2 x (local.get i32.const i32.sub call) + i32.add = 9,
  // = 14 in all. fib(n) makes L = F(n+1) leaves and L - 1 inner calls.
  // n = 10: L = 89 -> 6*89 + 14*88 = 1,766.
  EXPECT_EQ(expect_fuel(wat, "fib", {i32(10)}, 1'766, 0), 55);
  // n = 20: L = 10,946 -> 65,676 + 153,230 = 218,906. The last check is the entry of the
  // final leaf; 15 units follow it (its 5, then the i32.add of the 10 pending fib(20),
  // fib(18), ..., fib(2)), so C_last = 218,891 -> 2 refills.
  EXPECT_EQ(expect_fuel(wat, "fib", {i32(20)}, 218'906, 2), 6'765);
}

TEST_F(V8Exec, BrTableChargesTheCaseTaken) {
  const char* wat = R"((module
    (func (export "sw") (param $n i32) (result i32) (local $i i32) (local $acc i32)
      (block $done
        (loop $top
          (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
          (block $exit
            (block $b3
              (block $b2
                (block $b1
                  (block $b0
                    (br_table $b0 $b1 $b2 $b3 (i32.and (local.get $i) (i32.const 3))))
                  (local.set $acc (i32.add (local.get $acc) (i32.const 1)))
                  (br $exit))
                (local.set $acc (i32.add (local.get $acc) (i32.const 10)))
                (br $exit))
              (local.set $acc (i32.add (local.get $acc) (i32.const 100)))
              (br $exit))
            (local.set $acc (i32.add (local.get $acc) (i32.const 1000))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $top)))
      (local.get $acc))))";
  // Per iteration (blocks free): test 4 + local.get i32.const i32.and br_table 4 + case +
  // local.get i32.const i32.add local.set br 5. Cases 0-2: local.get i32.const i32.add
  // local.set br 5 (18 in all); case 3: 4 (17 in all). Four iterations = 71. Final test 4,
  // tail 1, entry 1.
  // n = 4: 71 + 6 = 77.
  EXPECT_EQ(expect_fuel(wat, "sw", {i32(4)}, 77, 0), 1111);
  // n = 20,000: 5,000 x 71 + 6 = 355,006; C_last = 1 + 355,000 -> 3 refills.
  EXPECT_EQ(expect_fuel(wat, "sw", {i32(20'000)}, 355'006, 3), 5'555'000);
}

TEST_F(V8Exec, IfElseChargesOnlyTheArmTaken) {
  const char* pick = R"((module (func (export "pick") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.const 10))
      (else (i32.add (i32.const 20) (i32.mul (i32.const 1) (i32.const 1))))))))";
  // entry 1 + local.get if 2 + then: i32.const 1 = 4 / else: 3 consts, mul, add 5 = 8.
  EXPECT_EQ(expect_fuel(pick, "pick", {i32(1)}, 4, 0), 10);
  EXPECT_EQ(expect_fuel(pick, "pick", {i32(0)}, 8, 0), 21);
  const char* parity = R"((module
    (func (export "parity") (param $n i32) (result i32) (local $odd i32) (local $even i32)
      (block $done (loop $top
        (br_if $done (i32.eqz (local.get $n)))
        (if (i32.and (local.get $n) (i32.const 1))
          (then (local.set $odd (i32.add (local.get $odd) (i32.const 1))))
          (else (local.set $even (i32.add (local.get $even) (i32.const 1)))
                (nop) (drop (i32.const 7))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $top)))
      (i32.add (i32.mul (local.get $odd) (i32.const 1000)) (local.get $even)))))";
  // Per iteration: test 3 + local.get i32.const i32.and if 4 + arm + local.get i32.const
  // i32.sub local.set 4 + br 1. then-arm 4 (16 in all), else-arm 4 + i32.const 1 (nop, drop
  // free) = 5 (17 in all). Final test 3; tail 5; entry 1.
  // n = 1001: 501 odd x 16 + 500 even x 17 = 16,516 + 9 = 16,525.
  EXPECT_EQ(expect_fuel(parity, "parity", {i32(1001)}, 16'525, 0), 501'500);
  // n = 20,000: 10,000 x 33 + 9 = 330,009; C_last = 1 + 330,000 -> 3 refills.
  EXPECT_EQ(expect_fuel(parity, "parity", {i32(20'000)}, 330'009, 3), 10'010'000);
}

TEST_F(V8Exec, StartFunctionIsMeteredBeforeTheFirstCall) {
  // Preparation exports the start function and sim::Guest runs it during instantiation,
  // with the fuel global already reachable, so out_of_fuel can refill it there.
  const std::string wat = R"((module (global $g (mut i32) (i32.const 0))
    (func $s (local $i i32)
      (loop $top
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $top (i32.lt_u (local.get $i) (i32.const 20000))))
      (global.set $g (local.get $i)))
    (start $s)
    (func (export "g") (result i32) (global.get $g))))";
  // $s: entry 1 + 20,000 x (local.get i32.const i32.add local.set, local.get i32.const
  // i32.lt_u br_if = 8) + local.get global.set 2 = 160,003. Its last check (the header of
  // iteration 20,000) sees 1 + 8 x 19,999 = 159,993 consumed -> 1 refill.
  // g: entry 1 + global.get 1 = 2.
  for (Stages stages : {Stages::FuelOnly, Stages::Full}) {
    auto bytes = prepared(lh::testing::wat_to_wasm(wat), stages);
    V8Guest guest(store_.get(), bytes);
    ASSERT_TRUE(guest.ok()) << guest.error();
    EXPECT_EQ(guest.out_of_fuel_calls(), 1u) << stages_name(stages);
    EXPECT_EQ(2 * kSlice - guest.fuel().value_or(0), 160'003) << stages_name(stages);
    auto result = guest.call("g", {});
    ASSERT_TRUE(result) << guest.trap();
    EXPECT_EQ(result->front().of.i32, 20'000);
    EXPECT_EQ(2 * kSlice - guest.fuel().value_or(0), 160'005) << stages_name(stages);
  }
}

// --- Semantics preserved -------------------------------------------------------------

struct Program {
  const char* name;
  std::string wat;
  const char* entry;
  std::vector<wasm_val_t> args;
};

std::string result_text(const std::vector<wasm_val_t>& values) {
  std::string text;
  for (const auto& v : values) {
    switch (v.kind) {
      case WASM_I32: text += "i32:" + std::to_string(v.of.i32) + " "; break;
      case WASM_I64: text += "i64:" + std::to_string(v.of.i64) + " "; break;
      case WASM_F32: text += "f32:" + std::to_string(v.of.f32) + " "; break;
      case WASM_F64: text += "f64:" + std::to_string(v.of.f64) + " "; break;
      default: text += "? "; break;
    }
  }
  return text;
}

std::vector<Program> corpus() {
  return {
      {"count", kCountLoop, "count", {i32(250'000)}},
      {"memory_and_data",
       R"((module (memory (export "memory") 1 4)
          (data (i32.const 100) "\01\02\03\04\05\06\07\08")
          (global $g (mut i32) (i32.const 7))
          (func (export "f") (result i64) (local $i i32) (local $s i64)
            (drop (memory.grow (i32.const 2)))
            (memory.fill (i32.const 70000) (i32.const 9) (i32.const 1000))
            (memory.copy (i32.const 140000) (i32.const 100) (i32.const 8))
            (loop $l
              (local.set $s (i64.add (local.get $s)
                (i64.load8_u (i32.add (i32.const 69990) (local.get $i)))))
              (global.set $g (i32.add (global.get $g) (local.get $i)))
              (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
                                  (i32.const 50))))
            (i64.add (i64.add (local.get $s) (i64.load (i32.const 140000)))
                     (i64.extend_i32_u (i32.add (global.get $g) (memory.size)))))))",
       "f",
       {}},
      {"floats",
       R"((module (func (export "f") (param $n i32) (result f64) (local $x f64)
          (local.set $x (f64.const 1))
          (loop $l
            (local.set $x (f64.add (f64.sqrt (f64.mul (local.get $x) (f64.const 3.5)))
                                   (f64.convert_i32_s (local.get $n))))
            (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
          (f64.add (local.get $x) (f64.promote_f32 (f32.demote_f64 (local.get $x)))))))",
       "f",
       {i32(1000)}},
      {"multi_value_and_select",
       R"((module
          (func $pair (param i32) (result i32 i64) (local.get 0) (i64.extend_i32_s (local.get 0)))
          (func (export "f") (param $a i32) (result i32 i64)
            (call $pair (local.get $a))
            (i64.add (i64.extend_i32_u (select (i32.const 3) (i32.const 4) (local.get $a)))))))",
       "f",
       {i32(-5)}},
      {"simd",
       R"((module (func (export "f") (param $n i32) (result i32) (local $v v128)
          (local.set $v (i32x4.splat (local.get $n)))
          (local.set $v (i32x4.add (local.get $v) (v128.const i32x4 1 2 3 4)))
          (local.set $v (i32x4.mul (local.get $v) (local.get $v)))
          (i32.add (i32x4.extract_lane 0 (local.get $v)) (i32x4.extract_lane 3 (local.get $v))))))",
       "f",
       {i32(9)}},
      {"traps_the_same",
       R"((module (func (export "f") (param i32) (result i32)
          (i32.div_s (i32.const 1) (local.get 0)))))",
       "f",
       {i32(0)}},
  };
}

TEST_F(V8Exec, PreparedProgramsReturnWhatPlainOnesReturn) {
  for (const Program& p : corpus()) {
    auto plain_bytes = lh::testing::wat_to_wasm(p.wat);
    V8Guest plain(store_.get(), plain_bytes);
    ASSERT_TRUE(plain.ok()) << p.name << ": " << plain.error();
    auto expected = plain.call(p.entry, p.args);
    for (Stages stages : {Stages::FuelOnly, Stages::Full}) {
      auto bytes = prepared(plain_bytes, stages);
      V8Guest guest(store_.get(), bytes);
      ASSERT_TRUE(guest.ok()) << p.name << ": " << guest.error();
      auto actual = guest.call(p.entry, p.args);
      ASSERT_EQ(actual.has_value(), expected.has_value())
          << p.name << " (" << stages_name(stages) << "): " << guest.trap() << plain.trap();
      if (expected) {
        EXPECT_EQ(result_text(*actual), result_text(*expected)) << p.name;
      } else {
        EXPECT_EQ(guest.trap(), plain.trap()) << p.name;
      }
    }
  }
}

TEST_F(V8Exec, PreparedCGuestPrintsAndReturnsWhatThePlainOneDoes) {
  auto plain_bytes = lh::testing::read_guest("i_corpus");
  ASSERT_FALSE(plain_bytes.empty());
  auto run = [&](const std::vector<uint8_t>& bytes, V8Guest& guest, int32_t n) {
    EXPECT_TRUE(guest.ok()) << guest.error();
    EXPECT_TRUE(guest.call("_initialize", {})) << guest.trap();
    auto result = guest.call("corpus_checksum", {i32(n)});
    EXPECT_TRUE(result) << guest.trap();
    return result ? result->front().of.i32 : 0;
  };
  const std::vector<uint8_t> fuel_only = prepared(plain_bytes, Stages::FuelOnly);
  const std::vector<uint8_t> full = prepared(plain_bytes, Stages::Full);
  for (int32_t n : {1, 100, 20'000}) {
    V8Guest plain(store_.get(), plain_bytes);
    int32_t expected = run(plain_bytes, plain, n);
    ASSERT_NE(plain.out().find("hash="), std::string::npos) << plain.out();
    for (Stages stages : {Stages::FuelOnly, Stages::Full}) {
      const auto& bytes = stages == Stages::Full ? full : fuel_only;
      V8Guest guest(store_.get(), bytes);
      EXPECT_EQ(run(bytes, guest, n), expected) << "n=" << n << " " << stages_name(stages);
      EXPECT_EQ(guest.out(), plain.out()) << "n=" << n << " " << stages_name(stages);
      // Sorting 20,000 numbers and 2,501 strings takes several slices: refills happened.
      if (n == 20'000) {
        EXPECT_GT(guest.out_of_fuel_calls(), 3u) << stages_name(stages);
      }
    }
  }
}

TEST_F(V8Exec, ModuleWhoseSegmentsDoNotFitPreparesAndFailsToInstantiate) {
  // Valid wasm (V8 compiles it) whose instantiation traps, as in lunatic; Binaryen would
  // reject it, so the pipeline prepares it without asyncify.
  for (const char* wat : {R"((module (memory (export "memory") 1) (data (i32.const 65535) "ab")
                             (func (export "f"))))",
                          R"((module (table 1 funcref) (func $f (export "f"))
                             (elem (i32.const 1) $f)))"}) {
    auto plain_bytes = lh::testing::wat_to_wasm(wat);
    V8Guest plain(store_.get(), plain_bytes);
    EXPECT_NE(plain.error().find("instantiate: "), std::string::npos) << plain.error();
    auto result = prepare(plain_bytes, guest_options(Stages::Full));
    ASSERT_TRUE(result.ok()) << result.error;
    bool asyncify_skipped = false;
    for (const auto& line : result.diagnostics)
      asyncify_skipped |= line.find("asyncify: skipped") != std::string::npos;
    EXPECT_TRUE(asyncify_skipped);
    V8Guest guest(store_.get(), result.bytes);
    EXPECT_NE(guest.error().find("instantiate: "), std::string::npos) << guest.error();
  }
}

// --- Memory limit --------------------------------------------------------------------

const char* kGrower = R"((module (memory (export "memory") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))))";

int32_t grow(V8Guest& guest, int32_t pages) {
  auto r = guest.call("grow", {i32(pages)});
  EXPECT_TRUE(r) << guest.trap();
  return r ? r->front().of.i32 : -2;
}

TEST_F(V8Exec, MemoryGrowReturnsMinusOneAtTheLimit) {
  auto bytes = prepared(lh::testing::wat_to_wasm(kGrower), Stages::Full);
  // Limit 3.5 pages: whole pages only, so at most 3.
  V8Guest guest(store_.get(), bytes, {.max_memory_bytes = 3 * kPage + kPage / 2});
  ASSERT_TRUE(guest.ok()) << guest.error();
  EXPECT_EQ(grow(guest, 1), 1);
  EXPECT_EQ(grow(guest, 2), -1) << "2 -> 4 pages is above the limit";
  EXPECT_EQ(grow(guest, 1), 2);
  EXPECT_EQ(grow(guest, 1), -1);
  EXPECT_EQ(grow(guest, 0), 3);
  auto size = guest.call("size", {});
  ASSERT_TRUE(size);
  EXPECT_EQ(size->front().of.i32, 3);
}

TEST_F(V8Exec, DeclaredMaximumBelowTheLimitStillApplies) {
  auto bytes = prepared(lh::testing::wat_to_wasm(R"((module (memory (export "memory") 1 2)
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))))"),
                        Stages::Full);
  V8Guest guest(store_.get(), bytes, {.max_memory_bytes = 100 * kPage});
  ASSERT_TRUE(guest.ok()) << guest.error();
  EXPECT_EQ(grow(guest, 1), 1);
  EXPECT_EQ(grow(guest, 1), -1);
}

TEST_F(V8Exec, InstantiationFailsWhenTheInitialMemoryExceedsTheLimit) {
  auto bytes =
      prepared(lh::testing::wat_to_wasm(R"((module (memory (export "memory") 5)))"), Stages::Full);
  V8Guest above(store_.get(), bytes, {.max_memory_bytes = 4 * kPage});
  EXPECT_FALSE(above.ok());
  EXPECT_NE(above.error().find("exceeds memory limits"), std::string::npos) << above.error();
  V8Guest exact(store_.get(), bytes, {.max_memory_bytes = 5 * kPage});
  EXPECT_TRUE(exact.ok()) << exact.error();
}

TEST_F(V8Exec, EngineRejectsAHarnessMemorySmallerThanDeclared) {
  // The rule's other half, enforced by V8 itself: a memory below the module's minimum does
  // not link.
  auto bytes = prepared(lh::testing::wat_to_wasm(R"((module (memory (export "memory") 5)))"),
                        Stages::FuelOnly);
  auto compiled = sim::compile_module(store_.get(), bytes, "small");
  ASSERT_TRUE(compiled.ok()) << compiled.message();
  auto module = *compiled;
  ASSERT_TRUE(module->harness_memory);
  EXPECT_EQ(module->harness_memory->min, 5u);
  wasm_limits_t limits{4, 4};
  std::unique_ptr<wasm_memorytype_t, engine::Deleter<wasm_memorytype_t, wasm_memorytype_delete>>
      type(wasm_memorytype_new(&limits));
  engine::MemoryPtr memory(wasm_memory_new(store_.get(), type.get()));
  sim::Guest guest;
  std::vector<wasm_extern_t*> imports{wasm_memory_as_extern(memory.get())};
  Status instantiated = guest.instantiate(store_.get(), module, imports);
  EXPECT_FALSE(instantiated.ok());
  guest.release();
}

}  // namespace
}  // namespace lh::instrument
