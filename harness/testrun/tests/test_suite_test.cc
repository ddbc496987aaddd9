// The test runner's engine: export-name parsing, libtest's selection, the panic line, the
// verdict rules of Lunatic's cargo test mode (src/mode/cargo_test.rs), runs of small WAT
// test suites, and libtest's output.
#include "harness/testrun/test_suite.h"

#include <gtest/gtest.h>

#include "harness/engine/handles.h"
#include "harness/testing/wat.h"
#include "harness/testrun/libtest_output.h"

namespace lh::testrun {
namespace {

TEST(ParseTestExport, PlainTestKeepsItsModulePath) {
  auto test = parse_test_export("#lunatic_test_tests::adds");
  ASSERT_TRUE(test);
  EXPECT_EQ(test->name, "tests::adds");
  EXPECT_FALSE(test->ignored);
  EXPECT_FALSE(test->should_panic);
}

TEST(ParseTestExport, OtherExportsAreNotTests) {
  EXPECT_FALSE(parse_test_export("_start"));
  EXPECT_FALSE(parse_test_export("lunatic_test_x"));
}

TEST(ParseTestExport, IgnoreComesBeforePanic) {
  auto test = parse_test_export("#lunatic_test_#ignore_#panic_boom#m::t");
  ASSERT_TRUE(test);
  EXPECT_TRUE(test->ignored);
  EXPECT_EQ(test->should_panic, "boom");
  EXPECT_EQ(test->name, "m::t");
  // In the other order the `#ignore_` is part of the name, as in Lunatic.
  auto other = parse_test_export("#lunatic_test_#panic_#ignore_m::t");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->ignored);
  EXPECT_EQ(other->should_panic, "");
  EXPECT_EQ(other->name, "ignore_m::t");
}

TEST(ParseTestExport, EscapedHashStaysInTheMessage) {
  auto test = parse_test_export("#lunatic_test_#panic_issue \\#12 again#m::t");
  ASSERT_TRUE(test);
  EXPECT_EQ(test->should_panic, "issue #12 again");
  EXPECT_EQ(test->name, "m::t");
}

TEST(ParseTestExport, PanicWithoutItsClosingHashIsNotATest) {
  EXPECT_FALSE(parse_test_export("#lunatic_test_#panic_never closed"));
}

TEST(DiscoverTests, SortsByNameAndSkipsOtherExports) {
  auto tests = discover_tests({"_start", "#lunatic_test_b", "#lunatic_test_#ignore_a", "main"});
  ASSERT_EQ(tests.size(), 2u);
  EXPECT_EQ(tests[0].name, "a");
  EXPECT_EQ(tests[1].name, "b");
}

std::vector<TestCase> three_tests() {
  return discover_tests(
      {"#lunatic_test_m::one", "#lunatic_test_m::one_more", "#lunatic_test_#ignore_m::slow"});
}

std::vector<std::string> names(const Selected& selected) {
  std::vector<std::string> out;
  for (const auto& t : selected.tests) out.push_back(t.name + (t.ignored ? " (ignored)" : ""));
  return out;
}

TEST(SelectTests, FiltersAreSubstringsAndAnyMatches) {
  auto selected = select_tests(three_tests(), {.filters = {"one", "nothing"}});
  EXPECT_EQ(names(selected), (std::vector<std::string>{"m::one", "m::one_more"}));
  EXPECT_EQ(selected.filtered_out, 1u);
}

TEST(SelectTests, ExactMatchesWholeNames) {
  auto selected = select_tests(three_tests(), {.filters = {"m::one"}, .exact = true});
  EXPECT_EQ(names(selected), (std::vector<std::string>{"m::one"}));
  EXPECT_EQ(selected.filtered_out, 2u);
}

TEST(SelectTests, SkipRemovesMatches) {
  auto selected = select_tests(three_tests(), {.skip = {"more"}});
  EXPECT_EQ(names(selected), (std::vector<std::string>{"m::one", "m::slow (ignored)"}));
}

TEST(SelectTests, IgnoredRunsOnlyTheIgnored) {
  auto selected = select_tests(three_tests(), {.ignored_only = true});
  EXPECT_EQ(names(selected), (std::vector<std::string>{"m::slow"}));
  EXPECT_EQ(selected.filtered_out, 2u);
}

TEST(SelectTests, IncludeIgnoredRunsEverything) {
  auto selected = select_tests(three_tests(), {.include_ignored = true});
  EXPECT_EQ(names(selected), (std::vector<std::string>{"m::one", "m::one_more", "m::slow"}));
}

TEST(PanicMessage, FindsRustsPanicLine) {
  EXPECT_EQ(panic_message("before\nthread 'main' panicked at 'boom', src/lib.rs:3:5\nnote: x\n"),
            "boom");
  EXPECT_FALSE(panic_message("no panic here\n"));
  EXPECT_FALSE(panic_message("  thread 'main' panicked at 'x', a.rs:1:1\n"));  // not a line start
}

TEST(PanicMessage, IsGreedyAsLunaticsRegex) {
  // (.*) in (?s) mode runs to the last "', " of the output.
  EXPECT_EQ(panic_message("thread 'main' panicked at 'a', f.rs:1:1\nlater 'b', c"),
            "a', f.rs:1:1\nlater 'b");
}

TestCase plain() { return *parse_test_export("#lunatic_test_t"); }
TestCase panics(std::string_view msg) {
  return *parse_test_export("#lunatic_test_#panic_" + std::string(msg) + "#t");
}
const char* kPanicLine = "thread 'main' panicked at 'it is broken', src/lib.rs:1:1\n";

TEST(Judge, PlainTestPassesWhenItReturnsAndFailsWhenItDies) {
  EXPECT_TRUE(judge(plain(), {RootEnd::Kind::Returned, "", ""}).passed);
  auto died = judge(plain(), {RootEnd::Kind::Died, "", "unreachable"});
  EXPECT_FALSE(died.passed);
  EXPECT_NE(died.note.find("Process trapped or received kill signal"), std::string::npos);
  EXPECT_EQ(judge(plain(), {RootEnd::Kind::Died, kPanicLine, "unreachable"}).note, "");
}

TEST(Judge, ATestThatNeverEndsFails) {
  auto never = judge(plain(), {RootEnd::Kind::DidNotEnd, "", "a deadlock"});
  EXPECT_FALSE(never.passed);
  EXPECT_NE(never.note.find("did not end: a deadlock"), std::string::npos);
}

TEST(Judge, ShouldPanicFailsWhenTheTestReturns) {
  auto returned = judge(panics("x"), {RootEnd::Kind::Returned, "", ""});
  EXPECT_FALSE(returned.passed);
  EXPECT_EQ(returned.note, "note: test did not panic as expected\n");
}

TEST(Judge, ShouldPanicPassesWhenThePanicContainsTheMessage) {
  EXPECT_TRUE(judge(panics("broken"), {RootEnd::Kind::Died, kPanicLine, "trap"}).passed);
  auto other = judge(panics("fine"), {RootEnd::Kind::Died, kPanicLine, "trap"});
  EXPECT_FALSE(other.passed);
  EXPECT_NE(other.note.find("panic did not contain expected string"), std::string::npos);
}

TEST(Judge, ShouldPanicWithoutAPanicLinePassesOnlyWithAnEmptyMessage) {
  EXPECT_TRUE(judge(panics(""), {RootEnd::Kind::Died, "", "killed"}).passed);
  EXPECT_FALSE(judge(panics("x"), {RootEnd::Kind::Died, "", "killed"}).passed);
}

// A test suite in WAT: prints, traps, proc_exit, a deadlock.
const char* kSuite = R"((module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "lunatic::message" "receive" (func $receive (param i32 i32 i64) (result i32)))
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "lunatic::process" "environment_id" (func $environment_id (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from a test\n")
  (func $say (param $fd i32)
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 18))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start") unreachable)
  (func (export "#lunatic_test_suite::passes") (call $say (i32.const 1)))
  (func (export "#lunatic_test_suite::traps") (call $say (i32.const 2)) unreachable)
  (func (export "#lunatic_test_suite::exits_0") (call $proc_exit (i32.const 0)) unreachable)
  (func (export "#lunatic_test_suite::exits_1") (call $proc_exit (i32.const 1)))
  (func (export "#lunatic_test_suite::waits_forever")
    (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1))))
  (func (export "#lunatic_test_#panic_#suite::trap_is_a_panic") unreachable)
  (func (export "#lunatic_test_suite::is_process_1_of_environment_0")
    (if (i64.ne (call $process_id) (i64.const 1)) (then unreachable))
    (if (i64.ne (call $environment_id) (i64.const 0)) (then unreachable)))
))";

class RunTest : public ::testing::Test {
 protected:
  TestResult run(std::string_view export_name, RunConfig config = {}) {
    return run_test(engine_.get(), bytes_, "suite.wasm", *parse_test_export(export_name), config);
  }
  engine::EnginePtr engine_{wasm_engine_new()};
  std::vector<uint8_t> bytes_ = lh::testing::wat_to_wasm(kSuite);
};

TEST_F(RunTest, DiscoversTheSuitesTests) {
  auto exports = function_exports(engine_.get(), bytes_);
  ASSERT_TRUE(exports.ok()) << exports.message();
  EXPECT_EQ(discover_tests(*exports).size(), 7u);
}

TEST_F(RunTest, TheTestIsProcess1OfAFreshEnvironment0) {
  EXPECT_TRUE(run("#lunatic_test_suite::is_process_1_of_environment_0").passed);
}

TEST_F(RunTest, AReturningTestPassesWithoutCallingStart) {
  auto result = run("#lunatic_test_suite::passes");
  EXPECT_TRUE(result.passed) << result.output;
  EXPECT_EQ(result.output, "hello from a test\n");
}

TEST_F(RunTest, ATrapFailsAndKeepsTheStderrOutput) {
  auto result = run("#lunatic_test_suite::traps");
  EXPECT_FALSE(result.passed);
  EXPECT_NE(result.output.find("hello from a test\n"), std::string::npos);
  EXPECT_NE(result.output.find("note: Process trapped"), std::string::npos);
}

TEST_F(RunTest, ProcExitZeroPassesAndOtherCodesFail) {
  EXPECT_TRUE(run("#lunatic_test_suite::exits_0").passed);
  EXPECT_FALSE(run("#lunatic_test_suite::exits_1").passed);
}

TEST_F(RunTest, ATestWaitingForeverFails) {
  auto result = run("#lunatic_test_suite::waits_forever");
  EXPECT_FALSE(result.passed);
  EXPECT_NE(result.output.find("did not end"), std::string::npos);
}

TEST_F(RunTest, ShouldPanicWithAnEmptyMessagePassesOnATrap) {
  EXPECT_TRUE(run("#lunatic_test_#panic_#suite::trap_is_a_panic").passed);
}

TEST_F(RunTest, SameSeedSameTrace) {
  RunConfig config{.policy = sim::Policy::Random, .seed = 7};
  auto a = run("#lunatic_test_suite::traps", config);
  auto b = run("#lunatic_test_suite::traps", config);
  EXPECT_EQ(a.trace_hash, b.trace_hash);
  EXPECT_EQ(a.output, b.output);
}

TEST_F(RunTest, SeedsExploresEverySchedule) {
  auto result = run("#lunatic_test_suite::passes", {.seed = 5, .seeds = 3});
  EXPECT_TRUE(result.passed);
  EXPECT_EQ(result.schedules, 3u);
  EXPECT_EQ(result.policy, sim::Policy::Random);
}

TEST(LibtestOutput, PrettyRunMatchesLibtest) {
  std::string out;
  LibtestPrinter printer({}, [&](std::string_view text) { out += text; });
  printer.start(3);
  TestResult ok{.test = plain(), .passed = true, .output = "quiet\n"};
  TestResult bad{.test = panics("x"), .passed = false, .output = "note: test did not panic\n"};
  TestCase ignored = *parse_test_export("#lunatic_test_#ignore_slow");
  printer.finished(ok);
  printer.finished(bad);
  printer.ignored(ignored);
  printer.finish(2);
  EXPECT_EQ(out,
            "\nrunning 3 tests\n"
            "test t ... ok\n"
            "test t - should panic ... FAILED\n"
            "test slow ... ignored\n"
            "\nfailures:\n"
            "\n---- t stdout ----\nnote: test did not panic\n\n"
            "\nfailures:\n    t\n"
            "\ntest result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 2 filtered out; "
            "finished in 0.00s\n\n");
  EXPECT_FALSE(printer.all_passed());
}

TEST(LibtestOutput, JsonEventsAndSuiteSummary) {
  std::string out;
  LibtestPrinter printer({.format = OutputFormat::Json}, [&](std::string_view t) { out += t; });
  printer.start(1);
  printer.finished({.test = plain(), .passed = true});
  printer.finish(0);
  EXPECT_EQ(out,
            "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 1 }\n"
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"t\" }\n"
            "{ \"type\": \"test\", \"name\": \"t\", \"event\": \"ok\" }\n"
            "{ \"type\": \"suite\", \"event\": \"ok\", \"passed\": 1, \"failed\": 0, "
            "\"ignored\": 0, \"measured\": 0, \"filtered_out\": 0, \"exec_time\": 0.000 }\n");
}

TEST(LibtestOutput, ListPrintsNamesAndCount) {
  EXPECT_EQ(list_text(three_tests(), OutputFormat::Pretty),
            "m::one: test\nm::one_more: test\nm::slow: test\n\n3 tests, 0 benchmarks\n");
  EXPECT_EQ(list_text(three_tests(), OutputFormat::Terse),
            "m::one: test\nm::one_more: test\nm::slow: test\n");
}

}  // namespace
}  // namespace lh::testrun
