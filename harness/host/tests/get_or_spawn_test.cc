// lunatic::process::get_or_spawn (v0.13.2): 2 with the registered id (no checks, no id
// consumed), 0 with a new child it registers, 1 with an error id it registers as well; the
// registry's write lock held across the spawn.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using GetOrSpawn = WorldTest;

// 1024 "svc" (the name), 1040 "child" (sleeps 5 ms, prints its id), 1056 "nope" (no such
// export), 1072 "\ff". $gos(name, len, link, func, func_len) calls get_or_spawn with the
// caller's config and module and prints the code, the node id and the id.
constexpr std::string_view kData = R"(
    (data (i32.const 1024) "svc")
    (data (i32.const 1040) "child")
    (data (i32.const 1056) "nope")
    (data (i32.const 1072) "\ff")
    (func (export "child") (call $sleep_ms (i64.const 5)) (call $print (call $process_id)))
    (func $gos (param $name i32) (param $len i32) (param $link i64) (param $f i32) (param $fl i32)
      (i64.store (i32.const 128) (i64.const -1))
      (call $print32 (call $get_or_spawn (local.get $name) (local.get $len) (local.get $link)
                                         (i64.const -1) (i64.const -1) (local.get $f) (local.get $fl)
                                         (i32.const 0) (i32.const 0) (i32.const 128) (i32.const 136)))
      (call $print (i64.load (i32.const 128)))
      (call $print (i64.load (i32.const 136)))))";

std::string with_data(std::string_view body) {
  return guest(std::string(kData) + std::string(body));
}

TEST_F(GetOrSpawn, SpawnsAndRegistersThenFindsTheSameProcess) {
  run_wat(with_data(R"(
    (func (export "_start")
      (call $gos (i32.const 1024) (i32.const 3) (i64.const 0) (i32.const 1040) (i32.const 5))
      ;; found: no params check, no id consumed, link ignored
      (call $gos (i32.const 1024) (i32.const 3) (i64.const 5) (i32.const 1056) (i32.const 4))
      (drop (call $registry_get (i32.const 1024) (i32.const 3) (i32.const 144) (i32.const 152)))
      (call $print (i64.load (i32.const 152)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n2\n2\n0\n2\n2\n");
  EXPECT_EQ(sim().spawned(), 2u);
  EXPECT_EQ(out(2), "2\n");
  std::vector<std::string> ops;
  for (const auto* e : sim().events("registry", 1))
    ops.push_back(field(*e, "op") + " " + field(*e, "result"));
  EXPECT_EQ(ops, (std::vector<std::string>{"get_or_spawn 0", "get_or_spawn 2", "get "}));
  // The lock is held across the spawn.
  const auto* lock = sim().first("registry_lock", 1);
  const auto* spawn = sim().first("spawn", 1);
  const auto* release = sim().first("registry_release", 1);
  ASSERT_TRUE(lock && spawn && release);
  EXPECT_LT(lock->seq, spawn->seq);
  EXPECT_LT(spawn->seq, release->seq);
  EXPECT_EQ(field(*release, "reason"), "get_or_spawn");
}

TEST_F(GetOrSpawn, AFailedSpawnReturnsOneAndRegistersTheErrorId) {
  // A config whose memory limit (one page) is below the module's two pages: instantiation
  // fails, so spawn_wasm fails.
  run_wat(with_data(R"(
    (func (export "_start") (local $config i64)
      (local.set $config (call $create_config))
      (call $config_set_max_memory (local.get $config) (i64.const 65536))
      (call $print32 (call $get_or_spawn (i32.const 1024) (i32.const 3) (i64.const 0)
                                         (local.get $config) (i64.const -1) (i32.const 1040)
                                         (i32.const 5) (i32.const 0) (i32.const 0) (i32.const 128)
                                         (i32.const 136)))
      (call $print (i64.load (i32.const 136)))
      (call $gos (i32.const 1024) (i32.const 3) (i64.const 0) (i32.const 1040) (i32.const 5))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  // The child id 2 was consumed; the error id 0 is now what "svc" names.
  EXPECT_EQ(out(1), "1\n0\n2\n0\n0\n");
  EXPECT_EQ(sim().spawned(), 2u);
}

TEST_F(GetOrSpawn, ChecksBeforeTheIdAreTrapsThatConsumeNothing) {
  RootSpec no_permission;
  no_permission.config.can_spawn_processes = false;
  run_wat(with_data(R"(
    (func (export "_start")
      (call $gos (i32.const 1024) (i32.const 3) (i64.const 0) (i32.const 1040) (i32.const 5))))"),
          no_permission);
  EXPECT_EQ(trap(1), trap_of(TrapId::GetOrSpawnNoPermission));
  EXPECT_EQ(sim().spawned(), 1u);
  // The lock taken for the spawn is freed when the call traps.
  const auto* release = sim().first("registry_release", 1);
  ASSERT_NE(release, nullptr);
  EXPECT_EQ(field(*release, "reason"), "get_or_spawn");

  SimRun name;
  name.run_wat(with_data(R"(
    (func (export "_start")
      (call $gos (i32.const 1072) (i32.const 1) (i64.const 0) (i32.const 1040) (i32.const 5))))"));
  EXPECT_EQ(name.trap(1),
            "Trap raised during host call: invalid utf-8 sequence of 1 bytes from index 0 "
            "(lunatic::process::get_or_spawn).");
}

TEST_F(GetOrSpawn, ABadFunctionNameTrapsAfterTheIdWasTaken) {
  run_wat(with_data(R"(
    (func (export "_start")
      (call $gos (i32.const 1024) (i32.const 3) (i64.const 0) (i32.const 131070) (i32.const 5))))"));
  EXPECT_EQ(trap(1), trap_of(TrapId::GetOrSpawnName));
  EXPECT_EQ(sim().spawned(), 2u);
}

TEST_F(GetOrSpawn, ALinkIsOneWayTheChildStoresTheCallerWithTheTag) {
  run_wat(with_data(R"(
    (data (i32.const 1100) "fail")
    (func (export "fail") (call $sleep_ms (i64.const 1)) unreachable)
    (func (export "_start")
      (call $gos (i32.const 1024) (i32.const 3) (i64.const 7) (i32.const 1100) (i32.const 4))
      (call $sleep_ms (i64.const 10))
      (call $print (i64.const 99))))"));
  EXPECT_EQ(end(2), End::Failure);
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_EQ(out(1), "0\n0\n2\n");
  // No yield and no Link signal to the caller.
  for (const auto* e : sim().events("signal", 1)) EXPECT_NE(field(*e, "signal"), "link");
  const auto* link = sim().first("signal", 2);
  ASSERT_NE(link, nullptr);
  EXPECT_EQ(field(*link, "signal"), "link");
  EXPECT_EQ(field(*link, "tag"), "7");
}

TEST_F(GetOrSpawn, ItWaitsForTheLockOfAGetOrPutLater) {
  run_wat(with_data(R"(
    (data (i32.const 1110) "other")
    (func (export "other")
      (call $gos (i32.const 1024) (i32.const 3) (i64.const 0) (i32.const 1040) (i32.const 5)))
    (func (export "_start")
      (drop (call $registry_get_or_put_later (i32.const 1024) (i32.const 3) (i32.const 144)
                                             (i32.const 152)))
      (drop (call $spawn_fn (i64.const 0) (i32.const 1110) (i32.const 5) (i32.const 0) (i32.const 0)))
      (call $sleep_ms (i64.const 10))
      (call $registry_put (i32.const 1024) (i32.const 3) (i64.const 0) (i64.const 55))))"));
  EXPECT_EQ(end(2), End::Normal) << trap(2);
  EXPECT_EQ(out(2), "2\n0\n55\n");
  const auto* wait = sim().first("registry_wait", 2);
  ASSERT_NE(wait, nullptr);
}

}  // namespace
}  // namespace lh::host::testing
