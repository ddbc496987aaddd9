// lunatic::registry: one registry per world with no liveness check, and the write lock of
// get_or_put_later: other processes wait for it (deterministically, visibly in the trace)
// until the holder's put or death; the holder's own get/remove trap; a second
// get_or_put_later waits forever.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Registry = WorldTest;

// Strings at fixed addresses: 1024 "svc" (a name), 1040 "child", 1056 "waiter",
// 1072 "\ff" (not UTF-8). Out-pointers: node at 128, process at 136.
constexpr std::string_view kData = R"(
    (data (i32.const 1024) "svc")
    (data (i32.const 1040) "child")
    (data (i32.const 1056) "waiter")
    (data (i32.const 1072) "\ff")
    ;; get("svc"): prints the code, and the ids when found
    (func $lookup
      (if (i32.eqz (call $registry_get (i32.const 1024) (i32.const 3) (i32.const 128) (i32.const 136)))
        (then (call $print32 (i32.const 0))
              (call $print (i64.load (i32.const 128)))
              (call $print (i64.load (i32.const 136))))
        (else (call $print32 (i32.const 1)))))
    (func $spawn_named (param $name i32) (param $len i32)
      (drop (call $spawn_fn (i64.const 0) (local.get $name) (local.get $len) (i32.const 0) (i32.const 0)))))";

std::string with_data(std::string_view body) {
  return guest(std::string(kData) + std::string(body));
}

TEST_F(Registry, PutThenGetWritesTheNodeAndTheProcessId) {
  run_wat(with_data(R"(
    (func (export "_start")
      (call $lookup)
      (call $registry_put (i32.const 1024) (i32.const 3) (i64.const 3) (i64.const 42))
      (call $lookup)
      (call $registry_put (i32.const 1024) (i32.const 3) (i64.const 0) (i64.const 7))
      (call $lookup)))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "1\n0\n3\n42\n0\n0\n7\n");
  const auto* event = sim().first("registry", 1);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(field(*event, "op"), "get");
  EXPECT_EQ(field(*event, "found"), "0");
}

TEST_F(Registry, EntriesOutliveTheirProcessAndRemoveDeletesThem) {
  run_wat(with_data(R"(
    (func (export "_start")
      (call $spawn_named (i32.const 1040) (i32.const 5))
      (call $sleep_ms (i64.const 5))
      (call $print32 (call $exists (i64.const 2)))
      (call $lookup)
      (call $registry_remove (i32.const 1024) (i32.const 3))
      (call $registry_remove (i32.const 1024) (i32.const 3))
      (call $lookup))
    (func (export "child")
      (call $registry_put (i32.const 1024) (i32.const 3) (i64.const 0) (call $process_id))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(end(2), End::Normal);
  EXPECT_EQ(out(1), "0\n0\n0\n2\n1\n");
}

TEST_F(Registry, TheLockOfGetOrPutLaterMakesOthersWaitUntilThePut) {
  run_wat(with_data(R"(
    (func (export "_start")
      (call $print32 (call $registry_get_or_put_later (i32.const 1024) (i32.const 3)
                                                       (i32.const 128) (i32.const 136)))
      (call $spawn_named (i32.const 1040) (i32.const 5))
      (call $sleep_ms (i64.const 10))
      (call $registry_put (i32.const 1024) (i32.const 3) (i64.const 0) (i64.const 99)))
    (func (export "child")
      (call $lookup)))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(1), "1\n");
  EXPECT_EQ(out(2), "0\n0\n99\n");
  const auto* lock = sim().first("registry_lock", 1);
  ASSERT_NE(lock, nullptr);
  EXPECT_EQ(field(*lock, "name"), "svc");
  const auto* wait = sim().first("registry_wait", 2);
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ(field(*wait, "holder"), "1");
  const auto* suspend = sim().first("suspend", 2);
  ASSERT_NE(suspend, nullptr);
  EXPECT_EQ(field(*suspend, "wait"), "registry_lock");
  const auto* release = sim().first("registry_release", 1);
  ASSERT_NE(release, nullptr);
  EXPECT_EQ(field(*release, "reason"), "put");
  EXPECT_EQ(field(*release, "waiters"), "1");
  // The child found the entry only after the release, at 10 ms.
  const auto* found = sim().first("registry", 2);
  ASSERT_NE(found, nullptr);
  EXPECT_GE(found->time_ns, 10'000'000u);
  EXPECT_GT(found->seq, release->seq);
}

TEST_F(Registry, TheLockIsReleasedWhenItsHolderDies) {
  run_wat(with_data(R"(
    (func (export "_start")
      (drop (call $registry_get_or_put_later (i32.const 1024) (i32.const 3)
                                             (i32.const 128) (i32.const 136)))
      (call $spawn_named (i32.const 1040) (i32.const 5))
      (call $sleep_ms (i64.const 10))
      unreachable)
    (func (export "child")
      (call $lookup)))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "1\n");
  const auto* release = sim().first("registry_release", 1);
  ASSERT_NE(release, nullptr);
  EXPECT_EQ(field(*release, "reason"), "death");
  EXPECT_EQ(field(*release, "waiters"), "1");
}

TEST_F(Registry, WaitersAreWokenInTheOrderTheyBeganToWait) {
  // Children 2, 3, 4 block in that order; the first one woken takes the lock again
  // (get_or_put_later finds nothing) and puts, then the others find its entry in order.
  run_wat(with_data(R"(
    (func (export "_start")
      (drop (call $registry_get_or_put_later (i32.const 1024) (i32.const 3)
                                             (i32.const 128) (i32.const 136)))
      (call $spawn_named (i32.const 1056) (i32.const 6))
      (call $spawn_named (i32.const 1040) (i32.const 5))
      (call $spawn_named (i32.const 1040) (i32.const 5))
      (call $sleep_ms (i64.const 10))
      (call $registry_remove (i32.const 1040) (i32.const 5)))
    (func (export "waiter")
      (call $print32 (call $registry_get_or_put_later (i32.const 1024) (i32.const 3)
                                                       (i32.const 128) (i32.const 136)))
      (call $sleep_ms (i64.const 10))
      (call $registry_put (i32.const 1024) (i32.const 3) (i64.const 0) (call $process_id)))
    (func (export "child")
      (call $lookup)))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::RegistryRemoveDeadlock)));
  EXPECT_EQ(out(2), "1\n");
  EXPECT_EQ(out(3), "0\n0\n2\n");
  EXPECT_EQ(out(4), "0\n0\n2\n");
  std::vector<uint64_t> waits;
  for (const auto* e : sim().events("registry_wait")) waits.push_back(e->pid);
  ASSERT_GE(waits.size(), 3u);
  EXPECT_EQ(std::vector<uint64_t>(waits.begin(), waits.begin() + 3),
            (std::vector<uint64_t>{2, 3, 4}));
  std::vector<std::string> releases;
  for (const auto* e : sim().events("registry_release"))
    releases.push_back(std::to_string(e->pid) + " " + field(*e, "reason"));
  EXPECT_EQ(releases, (std::vector<std::string>{"1 death", "2 put"}));
}

TEST_F(Registry, TheHoldersGetAndRemoveTrapWithTheReferenceTexts) {
  run_wat(with_data(R"(
    (func (export "_start")
      (drop (call $registry_get_or_put_later (i32.const 1024) (i32.const 3)
                                             (i32.const 128) (i32.const 136)))
      (call $lookup)))"));
  EXPECT_EQ(trap(1), trap_of(TrapId::RegistryGetDeadlock));
  EXPECT_EQ(trap(1), "calling `lunatic::registry::get` after `get_or_put_later` will deadlock");
}

TEST_F(Registry, ASecondGetOrPutLaterWaitsForeverAndTheRunEndsQuiescent) {
  auto verdict = run_wat(with_data(R"(
    (func (export "_start")
      (call $print32 (call $registry_get_or_put_later (i32.const 1024) (i32.const 3)
                                                       (i32.const 128) (i32.const 136)))
      (call $print32 (call $registry_get_or_put_later (i32.const 1024) (i32.const 3)
                                                       (i32.const 128) (i32.const 136)))))"));
  EXPECT_EQ(verdict, sim::RunVerdict::Quiescent);
  EXPECT_EQ(end(1), End::Waiting);
  EXPECT_EQ(out(1), "1\n");
  const auto* wait = sim().first("registry_wait", 1);
  ASSERT_NE(wait, nullptr);
  EXPECT_EQ(field(*wait, "holder"), "1");
}

TEST_F(Registry, NamesOutOfBoundsOrNotUtf8Trap) {
  run_wat(with_data(R"(
    (func (export "_start")
      (call $registry_put (i32.const 1072) (i32.const 1) (i64.const 0) (i64.const 1))))"));
  EXPECT_EQ(trap(1),
            "Trap raised during host call: invalid utf-8 sequence of 1 bytes from index 0 "
            "(lunatic::registry::put).");
  SimRun second;
  second.run_wat(with_data(R"(
    (func (export "_start")
      (drop (call $registry_get (i32.const 131070) (i32.const 8) (i32.const 128) (i32.const 136)))))"));
  EXPECT_EQ(second.trap(1), trap_of(TrapId::RegistryGetName));
  SimRun third;
  third.run_wat(with_data(R"(
    (func (export "_start")
      (call $registry_remove (i32.const 1072) (i32.const 1))))"));
  EXPECT_TRUE(contains(third.trap(1), "(lunatic::registry::get)."));
}

TEST_F(Registry, AFoundEntryWritesTheNodeIdBeforeTheProcessIdTraps) {
  run_wat(with_data(R"(
    (func (export "_start")
      (call $registry_put (i32.const 1024) (i32.const 3) (i64.const 5) (i64.const 6))
      (drop (call $registry_get (i32.const 1024) (i32.const 3) (i32.const 128) (i32.const 131070)))))"));
  EXPECT_EQ(trap(1),
            "Trap raised during host call: out of bounds memory access (lunatic::registry::get).");
}

TEST_F(Registry, AStartFunctionCannotWaitForTheLock) {
  // get_or_spawn holds the lock across the child's instantiation; a start function that
  // calls the registry then cannot wait (suspension is impossible there), so the child
  // fails to instantiate and get_or_spawn returns 1 (the reference would deadlock).
  std::string child = R"((module
    (import "lunatic::registry" "remove" (func $remove (param i32 i32)))
    (memory (export "memory") 1)
    (func $start (call $remove (i32.const 0) (i32.const 1)))
    (start $start)
    (func (export "run"))))";
  auto bytes = lh::testing::wat_to_wasm(child);
  std::string body = R"(
    (data (i32.const 2048) ")" +
                     wat_string(bytes) + R"(")
    (data (i32.const 1100) "run")
    (func (export "_start") (local $module i64)
      (drop (call $compile_module (i32.const 2048) (i32.const )" +
                     std::to_string(bytes.size()) + R"() (i32.const 120)))
      (call $print32 (call $get_or_spawn (i32.const 1024) (i32.const 3) (i64.const 0) (i64.const -1)
                                         (i64.load (i32.const 120)) (i32.const 1100) (i32.const 3)
                                         (i32.const 0) (i32.const 0) (i32.const 128) (i32.const 136)))
      (call $print_error (i64.load (i32.const 136)))
      (call $lookup))
  )";
  run_wat(with_data(body));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_TRUE(contains(out(1), "1\n")) << out(1);
  EXPECT_TRUE(contains(out(1), "cannot suspend")) << out(1);
}

}  // namespace
}  // namespace lh::host::testing
