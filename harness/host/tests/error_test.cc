// lunatic::error: error ids per process from 0, string_size / to_string / drop, and the
// traps for unknown ids and out-of-bounds output.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Errors = WorldTest;

// Garbage at 8192 (8 bytes) compiles into an error; $fail_compile returns its id.
std::string with_errors(std::string_view body) {
  return guest(std::string(R"(
    (data (i32.const 8192) "notwasm!")
    (func $fail_compile (result i64)
      (drop (call $compile_module (i32.const 8192) (i32.const 8) (i32.const 64)))
      (i64.load (i32.const 64))))") +
               std::string(body));
}

TEST_F(Errors, IdsCountFromZeroAndTheTextIsReadable) {
  run_wat(with_errors(R"(
    (func (export "_start") (local $size i32)
      (call $print (call $fail_compile))
      (call $print (call $fail_compile))
      (local.set $size (call $error_string_size (i64.const 1)))
      (call $error_to_string (i64.const 1) (i32.const 2048))
      (call $puts (i32.const 2048) (local.get $size))
      ;; waits forever, so that its error table can be inspected after the run
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))))"));
  EXPECT_EQ(end(1), End::Waiting) << trap(1);
  std::string text = out(1);
  ASSERT_EQ(text.rfind("0\n1\n", 0), 0u) << text;
  const std::string* stored = sim().world().find_alive(1)->errors.get(1);
  ASSERT_NE(stored, nullptr);
  EXPECT_FALSE(stored->empty());
  EXPECT_EQ(text.substr(4), *stored);
}

TEST_F(Errors, DropRemovesTheError) {
  run_wat(with_errors(R"(
    (func (export "_start") (local $e i64)
      (local.set $e (call $fail_compile))
      (call $error_drop (local.get $e))
      (call $print (i64.const 1))
      (drop (call $error_string_size (local.get $e)))))"));
  EXPECT_EQ(out(1), "1\n");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(
      contains(trap(1), "lunatic::error: Error ID doesn't exist (lunatic::error::string_size)."));
}

TEST_F(Errors, StringSizeOfAnUnknownIdTraps) {
  run_wat(guest(R"((func (export "_start") (drop (call $error_string_size (i64.const 0)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(
      contains(trap(1), "lunatic::error: Error ID doesn't exist (lunatic::error::string_size)."));
}

TEST_F(Errors, ToStringOfAnUnknownIdTraps) {
  run_wat(
      guest(R"((func (export "_start") (call $error_to_string (i64.const 0) (i32.const 2048))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(
      contains(trap(1), "lunatic::error: Error ID doesn't exist (lunatic::error::string_size)."));
}

TEST_F(Errors, DropOfAnUnknownIdTraps) {
  run_wat(guest(R"((func (export "_start") (call $error_drop (i64.const 5))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "lunatic::error: Error ID doesn't exist (lunatic::error::drop)."));
}

TEST_F(Errors, ToStringOutOfBoundsTraps) {
  run_wat(with_errors(R"(
    (func (export "_start")
      (call $error_to_string (call $fail_compile) (i32.const 131070))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(
      trap(1),
      "Trap raised during host call: out of bounds memory access (lunatic::error::string_size)."));
}

TEST_F(Errors, ErrorTablesArePerProcess) {
  run_wat(with_errors(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $fail_compile))
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child") (drop (call $error_string_size (i64.const 0)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_TRUE(
      contains(trap(2), "lunatic::error: Error ID doesn't exist (lunatic::error::string_size)."));
}

}  // namespace
}  // namespace lh::host::testing
