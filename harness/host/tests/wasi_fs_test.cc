// WASI over the world's in-memory file system and each process's descriptor table: stdio as
// a terminal (A11), stdin from the world, preopens from fd 3, path_open / fd_read / fd_write
// / fd_readdir and their errno cases, the memory rules (A14, A20), clocks (A7), poll_oneoff
// blocking without handling signals (A4) and a child's WASI inputs from its config (A5).
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using WasiFs = WorldTest;
using namespace std::string_literals;

// Rights: everything wasi_snapshot_preview1 defines (30 bits).
constexpr std::string_view kAllRights = "(i64.const 0x3fffffff)";

// $open(dir, path_ptr, path_len, oflags) -> errno, the new fd at 60.
std::string with_open(std::string_view body) {
  std::string wat = R"(
    (func $open (param $dir i32) (param $p i32) (param $l i32) (param $oflags i32) (result i32)
      (call $path_open (local.get $dir) (i32.const 1) (local.get $p) (local.get $l)
                       (local.get $oflags) )";
  wat += kAllRights;
  wat += " ";
  wat += kAllRights;
  wat += R"( (i32.const 0) (i32.const 60)))
    ;; $read(fd, len) -> errno; the bytes at 4096, their count at 52
    (func $read (param $fd i32) (param $len i32) (result i32)
      (i32.store (i32.const 16) (i32.const 4096))
      (i32.store (i32.const 20) (local.get $len))
      (call $fd_read (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 52)))
    ;; $write(fd, ptr, len) -> errno
    (func $write (param $fd i32) (param $p i32) (param $l i32) (result i32)
      (i32.store (i32.const 16) (local.get $p))
      (i32.store (i32.const 20) (local.get $l))
      (call $fd_write (local.get $fd) (i32.const 16) (i32.const 1) (i32.const 52)))
  )";
  wat += body;
  return wat;
}

TEST_F(WasiFs, StdioIsATerminalWhoseSeekAndTellArePermissionErrors) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (call $fd_fdstat_get (i32.const 1) (i32.const 128)))
      (call $print32 (i32.load8_u (i32.const 128)))
      (call $print32 (call $fd_fdstat_get (i32.const 0) (i32.const 128)))
      (call $print32 (call $fd_seek (i32.const 1) (i64.const 0) (i32.const 0) (i32.const 160)))
      (call $print32 (call $fd_tell (i32.const 0) (i32.const 160)))
      (call $print32 (call $fd_fdstat_get (i32.const 3) (i32.const 128)))
      (call $print32 (i32.load8_u (i32.const 128)))
      (call $print32 (call $fd_close (i32.const 2)))
      (call $print32 (call $fd_close (i32.const 2)))
      (call $print32 (call $fd_close (i32.const 3)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  // character device; EPERM (63) for seek and tell; the preopen is a directory (3) that
  // cannot be closed (ENOTSUP, 58); a closed stream is EBADF.
  EXPECT_EQ(out(1), "0\n2\n0\n63\n63\n0\n3\n0\n8\n58\n");
}

TEST_F(WasiFs, StdinIsTheWorldsInputReadInOrder) {
  sim().world().wasi().stdin_data = "abc";
  run_wat(guest(with_open(R"(
    (func (export "_start")
      (call $print32 (call $read (i32.const 0) (i32.const 2)))
      (call $puts (i32.const 4096) (i32.load (i32.const 52)))
      (drop (call $read (i32.const 0) (i32.const 2)))
      (call $puts (i32.const 4096) (i32.load (i32.const 52)))
      (drop (call $read (i32.const 0) (i32.const 2)))
      (call $print32 (i32.load (i32.const 52)))))")));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\nabc0\n");
}

TEST_F(WasiFs, DotIsPreopenedAtFd3AndNothingAtFd4) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (call $fd_prestat_get (i32.const 3) (i32.const 128)))
      (call $print32 (i32.load (i32.const 132)))
      (call $print32 (call $fd_prestat_dir_name (i32.const 3) (i32.const 256) (i32.const 1)))
      (call $puts (i32.const 256) (i32.const 1))
      (call $print32 (call $fd_prestat_get (i32.const 4) (i32.const 128)))
      (call $print32 (call $fd_prestat_get (i32.const 1) (i32.const 128)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n1\n0\n.8\n8\n");
}

TEST_F(WasiFs, ScenarioPreopensFollowDotFromFd4) {
  ASSERT_EQ(sim().world().wasi().fs.seed_file("data/a.txt", "hello", 0), sim::Errno::Success);
  RootSpec root;
  root.preopens = {".", "data"};
  run_wat(guest(with_open(R"(
    (data (i32.const 1024) "a.txt")
    (func (export "_start")
      (call $print32 (call $fd_prestat_get (i32.const 4) (i32.const 128)))
      (call $print32 (i32.load (i32.const 132)))
      (call $print32 (call $open (i32.const 4) (i32.const 1024) (i32.const 5) (i32.const 0)))
      (call $print32 (i32.load (i32.const 60)))
      (call $print32 (call $read (i32.load (i32.const 60)) (i32.const 100)))
      (call $puts (i32.const 4096) (i32.load (i32.const 52)))))")),
          root);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n4\n0\n5\n0\nhello");
}

TEST_F(WasiFs, AFileWrittenThenReadBackThroughTwoDescriptors) {
  run_wat(guest(with_open(R"(
    (data (i32.const 1024) "new.txt")
    (data (i32.const 1100) "written")
    (func (export "_start") (local $w i32)
      (call $print32 (call $open (i32.const 3) (i32.const 1024) (i32.const 7) (i32.const 1)))
      (local.set $w (i32.load (i32.const 60)))
      (call $print32 (call $write (local.get $w) (i32.const 1100) (i32.const 7)))
      (call $print32 (call $fd_tell (local.get $w) (i32.const 160)))
      (call $print (i64.load (i32.const 160)))
      (call $print32 (call $open (i32.const 3) (i32.const 1024) (i32.const 7) (i32.const 0)))
      (call $print32 (call $read (i32.load (i32.const 60)) (i32.const 100)))
      (call $puts (i32.const 4096) (i32.load (i32.const 52)))
      (call $print32 (call $fd_filestat_get (local.get $w) (i32.const 192)))
      (call $print (i64.load (i32.const 224)))))")));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n0\n7\n0\n0\nwritten0\n7\n");
}

TEST_F(WasiFs, PathErrorsAreLinuxs) {
  ASSERT_EQ(sim().world().wasi().fs.seed_file("d/f", "x", 0), sim::Errno::Success);
  run_wat(guest(with_open(R"(
    (data (i32.const 1024) "missing")
    (data (i32.const 1040) "d/f")
    (data (i32.const 1050) "d")
    (data (i32.const 1060) "../up")
    (func (export "_start")
      (call $print32 (call $open (i32.const 3) (i32.const 1024) (i32.const 7) (i32.const 0)))
      (call $print32 (call $open (i32.const 3) (i32.const 1040) (i32.const 3) (i32.const 5)))
      (call $print32 (call $open (i32.const 3) (i32.const 1040) (i32.const 3) (i32.const 2)))
      (call $print32 (call $path_create_directory (i32.const 3) (i32.const 1050) (i32.const 1)))
      (call $print32 (call $path_remove_directory (i32.const 3) (i32.const 1050) (i32.const 1)))
      (call $print32 (call $path_unlink_file (i32.const 3) (i32.const 1050) (i32.const 1)))
      (call $print32 (call $open (i32.const 3) (i32.const 1060) (i32.const 5) (i32.const 0)))
      (call $print32 (call $open (i32.const 1) (i32.const 1040) (i32.const 3) (i32.const 0)))
      (call $print32 (call $open (i32.const 9) (i32.const 1040) (i32.const 3) (i32.const 0)))))")));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  // ENOENT, EEXIST, ENOTDIR, EEXIST, ENOTEMPTY, EISDIR, EPERM (an escape), ENOTDIR (a
  // file descriptor as the base), EBADF.
  EXPECT_EQ(out(1), "44\n20\n54\n20\n55\n31\n63\n54\n8\n");
}

TEST_F(WasiFs, ReaddirListsDotsThenNamesInByteOrderWithCookies) {
  auto& fs = sim().world().wasi().fs;
  ASSERT_EQ(fs.seed_file("b", "", 0), sim::Errno::Success);
  ASSERT_EQ(fs.seed_file("a", "", 0), sim::Errno::Success);
  ASSERT_EQ(fs.seed_directory("C", 0), sim::Errno::Success);
  run_wat(guest(R"(
    (func $names (param $cookie i64) (local $at i32) (local $end i32) (local $len i32)
      (call $print32 (call $fd_readdir (i32.const 3) (i32.const 2048) (i32.const 1024)
                                       (local.get $cookie) (i32.const 64)))
      (local.set $at (i32.const 2048))
      (local.set $end (i32.add (i32.const 2048) (i32.load (i32.const 64))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
          (local.set $len (i32.load (i32.add (local.get $at) (i32.const 16))))
          (call $print (i64.load (local.get $at)))
          (call $puts (i32.add (local.get $at) (i32.const 24)) (local.get $len))
          (local.set $at (i32.add (local.get $at) (i32.add (i32.const 24) (local.get $len))))
          (br $next))))
    (func (export "_start")
      (call $names (i64.const 0))
      (call $names (i64.const 4))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n1\n.2\n..3\nC4\na5\nb0\n5\nb");
}

// A20: an out-pointer inside memory but misaligned is EINVAL; outside memory, EFAULT first.
TEST_F(WasiFs, MisalignedOutPointersAreInvalAndOutOfBoundsOnesFault) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (call $fd_fdstat_get (i32.const 1) (i32.const 129)))
      (call $print32 (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 130)))
      (call $print32 (call $args_sizes_get (i32.const 131) (i32.const 136)))
      (call $print32 (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 0x7ffffff1)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "28\n28\n28\n21\n");
}

// A14: every WASI function looks the memory export up first.
TEST_F(WasiFs, EveryWasiFunctionTrapsWithoutAMemoryExport) {
  for (std::string_view call : {"(drop (call $fd_close (i32.const 1)))",
                                "(drop (call $sched_yield))", "(call $proc_exit (i32.const 0))",
                                "(drop (call $fd_seek (i32.const 1) (i64.const 0) "
                                "(i32.const 0) (i32.const 0)))"}) {
    SimRun run;
    std::string body = "(func (export \"_start\") " + std::string(call) + ")";
    run.run_wat(guest(body, "(memory 1)"));
    EXPECT_EQ(run.end(1), End::Failure) << call;
    EXPECT_NE(run.trap(1).find("missing required memory export"), std::string::npos)
        << call << ": " << run.trap(1);
  }
}

// A7: the CPU-time clocks are EBADF; MONOTONIC counts from each process's creation.
TEST_F(WasiFs, CputimeClocksAreBadfAndMonotonicStartsAtEachProcesssCreation) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (call $print32 (call $clock_time_get (i32.const 2) (i64.const 0) (i32.const 128)))
      (call $print32 (call $clock_res_get (i32.const 3) (i32.const 128)))
      (call $print32 (call $clock_res_get (i32.const 1) (i32.const 128)))
      (call $print (i64.load (i32.const 128)))
      (call $sleep_ms (i64.const 50))
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child")
      (drop (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 128)))
      (call $print (i64.div_u (i64.load (i32.const 128)) (i64.const 1000000)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "8\n8\n0\n1\n");
  EXPECT_EQ(out(2), "0\n");
}

// A poll with two clocks (not the one-clock fast path) at 128: a REALTIME absolute
// subscription is ENOTSUP, a CPU-time clock EINVAL.
TEST_F(WasiFs, PollOneoffRefusesAbsoluteRealtimeAndCputimeClocks) {
  run_wat(guest(R"(
    (func $clock (param $at i32) (param $id i32) (param $flags i32)
      (i64.store (local.get $at) (i64.const 1))
      (i32.store8 (i32.add (local.get $at) (i32.const 8)) (i32.const 0))
      (i32.store (i32.add (local.get $at) (i32.const 16)) (local.get $id))
      (i64.store (i32.add (local.get $at) (i32.const 24)) (i64.const 1000))
      (i32.store16 (i32.add (local.get $at) (i32.const 40)) (local.get $flags)))
    (func (export "_start")
      (call $clock (i32.const 128) (i32.const 1) (i32.const 0))
      (call $clock (i32.const 176) (i32.const 0) (i32.const 1))
      (call $print32 (call $poll_oneoff (i32.const 128) (i32.const 512) (i32.const 2) (i32.const 64)))
      (call $clock (i32.const 176) (i32.const 2) (i32.const 0))
      (call $print32 (call $poll_oneoff (i32.const 128) (i32.const 512) (i32.const 2) (i32.const 64)))
      (i32.store8 (i32.const 136) (i32.const 7))
      (call $print32 (call $poll_oneoff (i32.const 128) (i32.const 512) (i32.const 1) (i32.const 64)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "58\n28\n28\n");
}

// Found by fuzz-guests: a wild subscription count made the harness allocate 2^32
// subscriptions (std::bad_alloc, a harness fault). It is read one subscription at a time and
// ends in the first one past memory: EFAULT (21).
TEST_F(WasiFs, PollOneoffWithAWildSubscriptionCountIsAFaultNotAnAllocation) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $print32 (call $poll_oneoff (i32.const 0) (i32.const 512) (i32.const -1) (i32.const 64)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "21\n");
}

// A4: a process blocked in poll_oneoff handles no signal: a Kill sent at 10 ms lands when
// the 50 ms poll has returned and the process next suspends. Only the earliest clock fires.
TEST_F(WasiFs, PollOneoffHandlesNoSignalUntilItReturnsAndFiresOnlyTheEarliestClock) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func $clock (param $at i32) (param $userdata i64) (param $ns i64)
      (i64.store (local.get $at) (local.get $userdata))
      (i32.store8 (i32.add (local.get $at) (i32.const 8)) (i32.const 0))
      (i32.store (i32.add (local.get $at) (i32.const 16)) (i32.const 1))
      (i64.store (i32.add (local.get $at) (i32.const 24)) (local.get $ns))
      (i32.store16 (i32.add (local.get $at) (i32.const 40)) (i32.const 0)))
    (func (export "_start") (local $child i64)
      (local.set $child
        (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $kill (local.get $child)))
    (func (export "child")
      (call $clock (i32.const 128) (i64.const 7) (i64.const 50000000))
      (call $clock (i32.const 176) (i64.const 8) (i64.const 50000001))
      (call $print32 (call $poll_oneoff (i32.const 128) (i32.const 512) (i32.const 2) (i32.const 64)))
      (call $print32 (i32.load (i32.const 64)))
      (call $print (i64.load (i32.const 512)))
      (call $sleep_ms (i64.const 1))
      (call $print (i64.const 99))))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_EQ(out(2), "0\n1\n7\n");
  EXPECT_GE(sim().world().now_ns(), 50'000'000u);
}

// A5: a created config gives the child no argv, no environment and no preopen; config -1
// copies the caller's; lunatic::wasi::config_* fill a created one.
TEST_F(WasiFs, AChildsWasiInputsComeFromItsConfig) {
  RootSpec root;
  root.args = {"x"};
  root.env = {"K=V"};
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 1040) "arg1")
    (data (i32.const 1050) "KEY")
    (data (i32.const 1060) "VAL")
    (data (i32.const 1070) ".")
    (func $report
      (drop (call $args_sizes_get (i32.const 128) (i32.const 132)))
      (call $print32 (i32.load (i32.const 128)))
      (drop (call $environ_sizes_get (i32.const 128) (i32.const 132)))
      (call $print32 (i32.load (i32.const 128)))
      (call $print32 (call $fd_prestat_get (i32.const 3) (i32.const 128))))
    (func $spawn_with (param $config i64)
      (drop (call $spawn (i64.const 0) (local.get $config) (i64.const -1) (i32.const 1024)
                         (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 56)))
      (call $sleep_ms (i64.const 1)))
    (func (export "_start") (local $config i64)
      (local.set $config (call $create_config))
      (call $spawn_with (local.get $config))
      (call $spawn_with (i64.const -1))
      (call $config_add_command_line_argument (local.get $config) (i32.const 1040) (i32.const 4))
      (call $config_add_environment_variable (local.get $config) (i32.const 1050) (i32.const 3)
                                             (i32.const 1060) (i32.const 3))
      (call $config_preopen_dir (local.get $config) (i32.const 1070) (i32.const 1))
      (call $spawn_with (local.get $config)))
    (func (export "child") (call $report)))"),
          root);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(2), "0\n0\n8\n");
  EXPECT_EQ(out(3), "2\n1\n0\n");
  EXPECT_EQ(out(4), "1\n1\n0\n");
}

TEST_F(WasiFs, SpawnTrapsWhenAPreopenCannotBeOpened) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 1040) "nowhere")
    (func (export "_start") (local $config i64)
      (local.set $config (call $create_config))
      (call $config_preopen_dir (local.get $config) (i32.const 1040) (i32.const 7))
      (drop (call $spawn (i64.const 0) (local.get $config) (i64.const -1) (i32.const 1024)
                         (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 56))))
    (func (export "child")))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_NE(trap(1).find("No such file or directory (os error 2)"), std::string::npos) << trap(1);
}

TEST_F(WasiFs, ConfigFunctionsTrapOnAnUnknownConfigWithTheReferencesTexts) {
  run_wat(guest(R"(
    (data (i32.const 1024) "k")
    (func (export "_start")
      (call $config_add_environment_variable (i64.const 99) (i32.const 1024) (i32.const 1)
                                             (i32.const 1024) (i32.const 1))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_NE(trap(1).find("lunatic::wasi::config_set_max_memory: Config ID doesn't exist"),
            std::string::npos)
      << trap(1);
}

TEST_F(WasiFs, ProcRaiseTraps) {
  run_wat(guest(R"((func (export "_start") (drop (call $proc_raise (i32.const 6)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_NE(trap(1).find("proc_raise unsupported"), std::string::npos) << trap(1);
}

}  // namespace
}  // namespace lh::host::testing
