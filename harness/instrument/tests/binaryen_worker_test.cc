// The Binaryen worker: whatever Binaryen does to a module (exit, crash, hang, run out of
// memory) becomes an error naming Binaryen and this process goes on; a worker that ended is
// replaced; the output is the in-process output byte for byte; descriptors and children are
// accounted for.
#include "harness/instrument/binaryen_worker.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "harness/instrument/asyncify.h"
#include "harness/instrument/pipeline.h"
#include "harness/testing/wat.h"

#if defined(__SANITIZE_ADDRESS__)
#define LH_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LH_TEST_ASAN 1
#endif
#endif

namespace lh::instrument {
namespace {

// A function that may suspend keeps an externref live across the call: Binaryen 108's
// asyncify calls Fatal() ("does not yet support non-number types"), which exits. No screen
// knows this in advance (it depends on the pass's own analysis).
constexpr const char* kExitsBinaryen = R"((module
  (import "env" "sleep" (func $sleep))
  (func (export "f") (param externref) (result externref) (call $sleep) (local.get 0))))";

constexpr const char* kFine = R"((module
  (import "env" "sleep" (func $sleep (param i32)))
  (memory (export "memory") 1)
  (func (export "run") (param i32) (result i32) (call $sleep (local.get 0)) (local.get 0))))";

AsyncifyOptions sleep_options(BinaryenWorker* worker = nullptr) {
  AsyncifyOptions options;
  options.imports = {"env.sleep"};
  options.runner.worker = worker;
  return options;
}

void leb(std::vector<uint8_t>& out, uint64_t value) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    out.push_back(value ? byte | 0x80 : byte);
  } while (value);
}

// One function of `depth` nested loops: Binaryen's reader recurses once per level and
// overflows its stack (fuzz/corpus/binaryen_deep_loops.wasm).
std::vector<uint8_t> nested_loops(size_t depth) {
  std::vector<uint8_t> body = {0};  // no locals
  for (size_t i = 0; i < depth; ++i) body.insert(body.end(), {0x03, 0x40});
  body.insert(body.end(), depth + 1, 0x0b);
  std::vector<uint8_t> code;
  leb(code, 1);
  leb(code, body.size());
  code.insert(code.end(), body.begin(), body.end());
  std::vector<uint8_t> wasm = {0, 'a', 's', 'm', 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10};
  leb(wasm, code.size());
  wasm.insert(wasm.end(), code.begin(), code.end());
  return wasm;
}

BinaryenJob validate_job(std::string_view wat) {
  BinaryenJob job;
  job.kind = BinaryenJob::Kind::kValidate;
  job.wasm = lh::testing::wat_to_wasm(wat);
  job.features = binaryen_features();
  return job;
}

// Blocks until our child `pid` has ended, leaving it for its owner to reap.
void wait_until_ended(pid_t pid) {
  siginfo_t info;
  while (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
}

// True when `pid` is no child of ours any more, i.e. it was reaped (no zombie is left).
bool reaped(pid_t pid) {
  int status;
  return waitpid(pid, &status, WNOHANG) < 0 && errno == ECHILD;
}

std::set<int> open_descriptors(const std::string& proc_dir) {
  std::set<int> fds;
  for (const auto& entry : std::filesystem::directory_iterator(proc_dir))
    fds.insert(std::stoi(entry.path().filename().string()));
  return fds;
}

TEST(BinaryenWorker, AModuleThatMakesBinaryenExitIsAnErrorNamingBinaryen) {
  auto result = run_asyncify(lh::testing::wat_to_wasm(kExitsBinaryen), sleep_options());
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.binaryen_failed);
  EXPECT_EQ(
      result.error.rfind("guest preparation: Binaryen exited with status 1 on this module", 0), 0u)
      << result.error;
  EXPECT_NE(result.error.find("non-number types"), std::string::npos) << result.error;
  // This process is still here, and the next module is prepared as usual.
  auto fine = run_asyncify(lh::testing::wat_to_wasm(kFine), sleep_options());
  EXPECT_TRUE(fine.ok()) << fine.error;
}

TEST(BinaryenWorker, AModuleThatCrashesBinaryenIsAnErrorAndTheNextJobWorks) {
  BinaryenWorker worker;
  auto wasm = nested_loops(100'000);
  auto result = run_asyncify(wasm, sleep_options(&worker));
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.binaryen_failed);
  // Killed by SIGSEGV; under AddressSanitizer, which catches the overflow, exit status 1.
  EXPECT_EQ(result.error.rfind("guest preparation: Binaryen ", 0), 0u) << result.error;
  EXPECT_NE(result.error.find(" on this module"), std::string::npos) << result.error;
  auto why = binaryen_validate(wasm, {.worker = &worker});  // reading alone crashes too
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(why->rfind("guest preparation: Binaryen ", 0), 0u) << *why;
  EXPECT_TRUE(run_asyncify(lh::testing::wat_to_wasm(kFine), sleep_options(&worker)).ok());
  EXPECT_EQ(worker.starts(), 3u);
}

TEST(BinaryenWorker, APreparedModuleThatKillsBinaryenIsAPreparationError) {
  // Fuel metering lets every function suspend, so an externref parameter is enough.
  auto wasm = lh::testing::wat_to_wasm(
      R"((module (func (export "f") (param externref) (result externref) (local.get 0))))");
  auto result = prepare(wasm, PrepareOptions{});
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.binaryen_failed);
  EXPECT_TRUE(result.bytes.empty());
  EXPECT_EQ(
      result.error.rfind("guest preparation: Binaryen exited with status 1 on this module", 0), 0u)
      << result.error;
}

TEST(BinaryenWorker, AWorkerKilledBetweenJobsIsReplacedUnseen) {
  BinaryenWorker worker;
  auto job = validate_job(kFine);
  ASSERT_TRUE(worker.run(job).bytes.ok());
  pid_t first = worker.pid();
  ASSERT_GT(first, 0);
  ASSERT_EQ(kill(first, SIGKILL), 0);
  wait_until_ended(first);
  BinaryenOutcome outcome = worker.run(job);
  EXPECT_TRUE(outcome.bytes.ok()) << outcome.bytes.message();
  EXPECT_FALSE(outcome.binaryen_failed);
  EXPECT_NE(worker.pid(), first);
  EXPECT_EQ(worker.starts(), 2u);
  EXPECT_TRUE(reaped(first));
}

TEST(BinaryenWorker, AHangingJobTimesOutAndTheNextJobGetsAFreshWorker) {
  BinaryenWorker worker({.cpu_limit = std::chrono::milliseconds(300)});
  BinaryenJob hang;
  hang.kind = BinaryenJob::Kind::kHangForTest;
  auto started = std::chrono::steady_clock::now();
  BinaryenOutcome outcome = worker.run(hang);
  auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(outcome.bytes.ok());
  EXPECT_TRUE(outcome.binaryen_failed);
  EXPECT_EQ(outcome.bytes.message(),
            "guest preparation: Binaryen timed out on this module: more than 300 ms of CPU time");
  EXPECT_LT(took, std::chrono::seconds(20));
  EXPECT_EQ(worker.pid(), -1);
  EXPECT_TRUE(worker.run(validate_job(kFine)).bytes.ok());
  EXPECT_EQ(worker.starts(), 2u);
}

TEST(BinaryenWorker, AJobOverTheMemoryLimitFailsWithoutEndingThisProcess) {
#if defined(LH_TEST_ASAN)
  GTEST_SKIP() << "no address-space limit under AddressSanitizer";
#endif
  BinaryenWorker worker({.memory_limit = uint64_t{1} << 20});  // far below what it maps
  auto job = validate_job(R"((module (memory 64) (data (i32.const 0) ")" +
                          std::string(2 << 20, 'x') + R"(")))");
  BinaryenOutcome outcome = worker.run(job);
  ASSERT_FALSE(outcome.bytes.ok());
  EXPECT_TRUE(outcome.binaryen_failed);
  EXPECT_EQ(outcome.bytes.message().rfind("guest preparation: Binaryen ", 0), 0u)
      << outcome.bytes.message();
  EXPECT_NE(outcome.bytes.message().find("std::bad_alloc"), std::string::npos)
      << outcome.bytes.message();
  EXPECT_NE(outcome.bytes.message().find("(the worker's memory limit is 1 MiB)"), std::string::npos)
      << outcome.bytes.message();
  worker.set_options({});
  EXPECT_TRUE(worker.run(job).bytes.ok());
}

TEST(BinaryenWorker, OutputIsByteIdenticalToInProcessForTheGuestsAndTheCorpus) {
  std::vector<std::pair<std::string, std::vector<uint8_t>>> modules;
  for (const auto& entry : std::filesystem::directory_iterator(LH_GUEST_DIR)) {
    // The guests built from WAT, and one of the Rust guests (each takes Binaryen ~0.4 s).
    if (entry.path().extension() != ".wasm") continue;
    if (entry.file_size() > 10'000 && entry.path().stem() != "hello") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    modules.emplace_back(entry.path().filename(),
                         std::vector<uint8_t>{std::istreambuf_iterator<char>(in), {}});
  }
  for (const auto& entry : std::filesystem::directory_iterator(LH_CORPUS_DIR)) {
    if (entry.path().extension() != ".wat") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    modules.emplace_back(entry.path().filename(), lh::testing::wat_to_wasm(text.str()));
  }
  ASSERT_GE(modules.size(), 10u);
  PrepareOptions options;
  options.asyncify_options.imports = {"lunatic::process.sleep_ms", "lunatic::message.receive"};
  PrepareOptions in_process = options;
  in_process.asyncify_options.runner.in_process = true;
  int prepared = 0;
  for (const auto& [name, wasm] : modules) {
    auto there = prepare(wasm, options);
    auto here = prepare(wasm, in_process);
    EXPECT_EQ(there.error, here.error) << name;
    EXPECT_EQ(there.bytes, here.bytes) << name;
    prepared += there.ok();
  }
  EXPECT_GE(prepared, 10) << "most guests and corpus modules prepare";
}

TEST(BinaryenWorker, ReexecutingThisBinaryServesAsTheWorker) {
  // The fallback when no lh-binaryen-worker is installed: a static initialiser of
  // lh_instrument enters the worker loop before main.
  BinaryenWorker worker({.executable = "/proc/self/exe"});
  BinaryenOutcome outcome = worker.run(validate_job(kFine));
  EXPECT_TRUE(outcome.bytes.ok()) << outcome.bytes.message();
  auto result = run_asyncify(lh::testing::wat_to_wasm(kExitsBinaryen), sleep_options(&worker));
  EXPECT_TRUE(result.binaryen_failed) << result.error;
  AsyncifyOptions options = sleep_options(&worker);
  auto there = run_asyncify(lh::testing::wat_to_wasm(kFine), options);
  options.runner.in_process = true;
  auto here = run_asyncify(lh::testing::wat_to_wasm(kFine), options);
  ASSERT_TRUE(there.ok()) << there.error;
  EXPECT_EQ(there.bytes, here.bytes);
}

TEST(BinaryenWorker, AnExecutableThatIsNoWorkerGivesAClearStartError) {
  BinaryenWorker missing({.executable = "/nonexistent/lh-binaryen-worker"});
  BinaryenOutcome outcome = missing.run(validate_job(kFine));
  EXPECT_TRUE(outcome.binaryen_failed);
  EXPECT_EQ(outcome.bytes.message(),
            "guest preparation: cannot start the Binaryen worker /nonexistent/lh-binaryen-worker: "
            "No such file or directory");
  BinaryenWorker wrong({.executable = "/bin/true"});
  outcome = wrong.run(validate_job(kFine));
  EXPECT_TRUE(outcome.binaryen_failed);
  EXPECT_EQ(outcome.bytes.message(),
            "guest preparation: cannot start the Binaryen worker /bin/true: it ended");
  EXPECT_EQ(wrong.pid(), -1);
}

TEST(BinaryenWorker, TheWorkerHoldsOnlyItsOwnDescriptorsAndNothingLeaksOrLingers) {
  BinaryenWorker worker;
  auto job = validate_job(kFine);
  ASSERT_TRUE(worker.run(job).bytes.ok());
  EXPECT_EQ(open_descriptors("/proc/" + std::to_string(worker.pid()) + "/fd"),
            (std::set<int>{0, 1, 2, 3}));
  std::set<int> ours = open_descriptors("/proc/self/fd");
  auto crash = nested_loops(100'000);
  for (int i = 0; i < 3; ++i) {
    pid_t before = worker.pid();
    EXPECT_TRUE(run_asyncify(crash, sleep_options(&worker)).binaryen_failed);
    EXPECT_TRUE(reaped(before)) << "no zombie is left";
    ASSERT_TRUE(worker.run(job).bytes.ok());
  }
  EXPECT_EQ(open_descriptors("/proc/self/fd"), ours);
}

TEST(BinaryenWorker, JobsFromSeveralThreadsAreServedOneAtATime) {
  BinaryenWorker worker;
  auto wasm = lh::testing::wat_to_wasm(kFine);
  auto expected = run_asyncify(wasm, sleep_options(&worker));
  ASSERT_TRUE(expected.ok()) << expected.error;
  std::vector<std::thread> threads;
  std::vector<int> matches(4, 0);
  for (size_t t = 0; t < matches.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i)
        matches[t] += run_asyncify(wasm, sleep_options(&worker)).bytes == expected.bytes;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(matches, std::vector<int>(4, 10));
  EXPECT_EQ(worker.starts(), 1u);
}

}  // namespace
}  // namespace lh::instrument
