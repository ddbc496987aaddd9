// The deterministic WASI subset: args and environ, virtual clocks, seeded random_get,
// proc_exit, poll_oneoff sleeping in virtual time, fd_write capture, sched_yield.
#include <sys/resource.h>

#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Wasi = WorldTest;
using namespace std::string_literals;

TEST_F(Wasi, ArgsReachTheGuestAfterTheModuleName) {
  RootSpec root;
  root.args = {"a", "bc"};
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (call $args_sizes_get (i32.const 64) (i32.const 68)))
      (call $print32 (i32.load (i32.const 64)))
      (call $print32 (i32.load (i32.const 68)))
      (call $print32 (call $args_get (i32.const 2048) (i32.const 3072)))
      (call $print32 (i32.sub (i32.load (i32.const 2056)) (i32.const 3072)))
      (call $puts (i32.const 3072) (i32.load (i32.const 68)))))"),
          root);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n3\n10\n0\n7\ntest\0a\0bc\0"s);
}

TEST_F(Wasi, EnvironReachesTheGuest) {
  RootSpec root;
  root.env = {"K=V", "XY=1"};
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (call $environ_sizes_get (i32.const 64) (i32.const 68)))
      (call $print32 (i32.load (i32.const 64)))
      (call $print32 (i32.load (i32.const 68)))
      (call $print32 (call $environ_get (i32.const 2048) (i32.const 3072)))
      (call $puts (i32.const 3072) (i32.load (i32.const 68)))))"),
          root);
  EXPECT_EQ(out(1), "0\n2\n9\n0\nK=V\0XY=1\0"s);
}

TEST_F(Wasi, ClocksReadVirtualTime) {
  run_wat(guest(R"(
    (func (export "_start") (local $t0 i64)
      (call $print32 (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 64)))
      (local.set $t0 (i64.load (i32.const 64)))
      (call $print (i64.div_u (local.get $t0) (i64.const 1000000)))
      (call $sleep_ms (i64.const 10))
      (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 64)))
      (call $print (i64.div_u (i64.sub (i64.load (i32.const 64)) (local.get $t0)) (i64.const 1000000)))
      (call $print32 (call $clock_time_get (i32.const 4) (i64.const 0) (i32.const 64)))
      (call $print32 (call $clock_time_get (i32.const 0) (i64.const 0) (i32.const 0xfffffffc)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n10\n28\n21\n");
}

constexpr std::string_view kRandom = R"(
    (func (export "_start")
      (call $print32 (call $random_get (i32.const 2048) (i32.const 16)))
      (call $print (i64.load (i32.const 2048)))
      (call $print (i64.load (i32.const 2056)))))";

std::string random_output(uint64_t seed) {
  WorldSpec spec;
  spec.seed = seed;
  SimRun run(spec);
  run.run_wat(guest(kRandom));
  EXPECT_EQ(run.end(1), End::Normal) << run.trap(1);
  return run.out(1);
}

TEST_F(Wasi, RandomGetIsSeeded) {
  std::string a = random_output(1), b = random_output(1), c = random_output(2);
  EXPECT_EQ(a.rfind("0\n", 0), 0u) << a;
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  EXPECT_NE(a, "0\n0\n0\n");
}

TEST_F(Wasi, ProcExitZeroIsANormalDeath) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $proc_exit (i32.const 0))
      (call $print (i64.const 1))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "");
  const sim::TraceEvent* exit = sim().first("exit", 1);
  ASSERT_NE(exit, nullptr);
  EXPECT_EQ(field(*exit, "code"), "0");
}

TEST_F(Wasi, ProcExitNonZeroIsAFailureThatPropagatesToLinks) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 1) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $print (i64.const 1)))
    (func (export "child") (call $proc_exit (i32.const 3))))"));
  EXPECT_EQ(end(2), End::Failure);
  const sim::TraceEvent* exit = sim().first("exit", 2);
  ASSERT_NE(exit, nullptr);
  EXPECT_EQ(field(*exit, "code"), "3");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(out(1), "");
}

// One relative clock subscription of 5 ms (userdata 77) at 256; one event out at 320.
TEST_F(Wasi, PollOneoffSleepsInVirtualTimeAndReportsTheClock) {
  run_wat(guest(R"(
    (func (export "_start") (local $t0 i64)
      (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 64)))
      (local.set $t0 (i64.load (i32.const 64)))
      (i64.store (i32.const 256) (i64.const 77))
      (i32.store8 (i32.const 264) (i32.const 0))
      (i32.store (i32.const 272) (i32.const 1))
      (i64.store (i32.const 280) (i64.const 5000000))
      (i64.store (i32.const 288) (i64.const 0))
      (i32.store16 (i32.const 296) (i32.const 0))
      (call $print32 (call $poll_oneoff (i32.const 256) (i32.const 320) (i32.const 1) (i32.const 360)))
      (call $print32 (i32.load (i32.const 360)))
      (call $print (i64.load (i32.const 320)))
      (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 64)))
      (call $print (i64.div_u (i64.sub (i64.load (i32.const 64)) (local.get $t0)) (i64.const 1000000)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n1\n77\n5\n");
}

TEST_F(Wasi, FdWriteCapturesStderrApartAndRejectsOtherFds) {
  run_wat(guest(R"(
    (data (i32.const 2048) "oops")
    (func (export "_start")
      (i32.store (i32.const 512) (i32.const 2048))
      (i32.store (i32.const 516) (i32.const 4))
      (call $print32 (call $fd_write (i32.const 2) (i32.const 512) (i32.const 1) (i32.const 520)))
      (call $print32 (i32.load (i32.const 520)))
      (call $print32 (call $fd_write (i32.const 5) (i32.const 512) (i32.const 1) (i32.const 520)))))"));
  EXPECT_EQ(out(1), "0\n4\n8\n");
  EXPECT_EQ(sim().err(1), "oops");
  EXPECT_EQ(sim().events("stderr", 1).size(), 1u);
}

// A4: sched_yield is thread::yield_now() in the reference: lunatic's scheduler never sees
// it, so the caller goes on before the child it just spawned.
TEST_F(Wasi, SchedYieldReturnsZeroWithoutLettingAnotherProcessRun) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $print32 (call $sched_yield))
      (call $print (i64.const 1)))
    (func (export "child") (call $print (i64.const 2))))"));
  EXPECT_EQ(out(1), "0\n1\n");
  const sim::TraceEvent* child = sim().first("stdout", 2);
  auto root_writes = sim().events("stdout", 1);
  const sim::TraceEvent* root = root_writes.empty() ? nullptr : root_writes.back();
  ASSERT_TRUE(child && root);
  EXPECT_GT(child->seq, root->seq);
  EXPECT_TRUE(sim().events("suspend", 1).empty());
}

}  // namespace
}  // namespace lh::host::testing

namespace lh::host::testing {
namespace {

// The peak resident set size of this process so far (getrusage's ru_maxrss, in KiB).
uint64_t peak_resident_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return uint64_t(usage.ru_maxrss) * 1024;
}

// Issue #10 (R2): 8,192 iovecs over one 192 KiB region ask for 1.5 GiB of output. The
// harness keeps only what its capture bound needs, and nwritten still counts every byte.
TEST_F(Wasi, ManyIovecsOverOneRegionKeepMemoryBoundedAndCountEveryByte) {
  uint64_t before = peak_resident_bytes();
  run_wat(guest(R"(
    (func (export "_start") (local $i i32)
      (loop $fill
        (i32.store (i32.add (i32.const 65536) (i32.shl (local.get $i) (i32.const 3)))
                   (i32.const 0))
        (i32.store (i32.add (i32.const 65540) (i32.shl (local.get $i) (i32.const 3)))
                   (i32.const 196608))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $fill (i32.lt_u (local.get $i) (i32.const 8192))))
      (call $print32 (call $fd_write (i32.const 2) (i32.const 65536) (i32.const 8192)
                                     (i32.const 64)))
      (call $print (i64.extend_i32_u (i32.load (i32.const 64))))))",
                "(memory (export \"memory\") 4)"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n1610612736\n");
  EXPECT_EQ(sim().err(1).size(), (size_t{16} << 20) + 39);  // the cap and its marker
  EXPECT_LT(peak_resident_bytes() - before, uint64_t{200} << 20);
}

// A bad nwritten pointer: the data is written first (wasi-common's order), then EFAULT.
TEST_F(Wasi, FdWriteWritesTheDataBeforeItFailsOnABadNwrittenPointer) {
  run_wat(guest(R"(
    (data (i32.const 100) "hi")
    (func (export "_start")
      (i32.store (i32.const 200) (i32.const 100))
      (i32.store (i32.const 204) (i32.const 2))
      (drop (call $fd_write (i32.const 2) (i32.const 200) (i32.const 1) (i32.const 0xfffffffe)))
      (call $print32 (call $fd_write (i32.const 2) (i32.const 200) (i32.const 1)
                                     (i32.const 0xfffffffe)))))"));
  EXPECT_EQ(out(1), "21\n");
  EXPECT_EQ(sim().err(1), "hihi");
}

}  // namespace
}  // namespace lh::host::testing
