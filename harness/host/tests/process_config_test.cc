// lunatic::process configs: create_config defaults and permission, per-process ids, the
// getters and setters, drop_config, and the trap of every function on an unknown id.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Configs = WorldTest;

// Prints max_memory, max_fuel and the three permissions of config $c.
constexpr std::string_view kDump = R"(
    (func $dump (param $c i64)
      (call $print (call $config_get_max_memory (local.get $c)))
      (call $print (call $config_get_max_fuel (local.get $c)))
      (call $print32 (call $config_can_compile_modules (local.get $c)))
      (call $print32 (call $config_can_create_configs (local.get $c)))
      (call $print32 (call $config_can_spawn_processes (local.get $c)))))";

TEST_F(Configs, NewConfigHasNoPermissionsU32MaxMemoryAndNoFuelLimit) {
  run_wat(guest(std::string(kDump) + R"(
    (func (export "_start") (local $c i64)
      (local.set $c (call $create_config))
      (call $print (local.get $c))
      (call $dump (local.get $c))
      (call $print (call $create_config))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n4294967295\n0\n0\n0\n0\n1\n");
}

TEST_F(Configs, SettersRoundTripAndAnyNonZeroIsTrue) {
  run_wat(guest(std::string(kDump) + R"(
    (func (export "_start") (local $c i64)
      (local.set $c (call $create_config))
      (call $config_set_max_memory (local.get $c) (i64.const 65536))
      (call $config_set_max_fuel (local.get $c) (i64.const 3))
      (call $config_set_can_compile_modules (local.get $c) (i32.const 5))
      (call $config_set_can_create_configs (local.get $c) (i32.const -1))
      (call $config_set_can_spawn_processes (local.get $c) (i32.const 1))
      (call $dump (local.get $c))
      (call $config_set_can_compile_modules (local.get $c) (i32.const 0))
      (call $config_set_max_fuel (local.get $c) (i64.const 0))
      (call $print32 (call $config_can_compile_modules (local.get $c)))
      (call $print (call $config_get_max_fuel (local.get $c)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "65536\n3\n1\n1\n1\n0\n0\n");
}

TEST_F(Configs, MaxMemoryKeepsTheFull64BitValue) {
  run_wat(guest(R"(
    (func (export "_start") (local $c i64)
      (local.set $c (call $create_config))
      (call $config_set_max_memory (local.get $c) (i64.const 0x100000000))
      (call $print (call $config_get_max_memory (local.get $c)))))"));
  EXPECT_EQ(out(1), "4294967296\n");
}

TEST_F(Configs, CreateConfigWithoutPermissionReturnsMinusOne) {
  RootSpec root;
  root.config.can_create_configs = false;
  run_wat(guest(R"(
    (func (export "_start")
      (call $print (call $create_config))
      (call $print (call $create_config))))"),
          root);
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "-1\n-1\n");
}

TEST_F(Configs, IdsArePerProcessAndNeverReused) {
  run_wat(guest(R"(
    (data (i32.const 1024) "child")
    (func (export "_start")
      (call $print (call $create_config))
      (call $print (call $create_config))
      (call $drop_config (i64.const 1))
      (call $print (call $create_config))
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0))))
    (func (export "child") (call $print (call $create_config))))"));
  EXPECT_EQ(out(1), "0\n1\n2\n");
  EXPECT_EQ(out(2), "0\n");
}

TEST_F(Configs, DropConfigOfAnUnknownIdTraps) {
  run_wat(guest(R"((func (export "_start") (call $drop_config (i64.const 0))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::DropConfigMissing)));
}

TEST_F(Configs, ADroppedConfigIsUnknown) {
  run_wat(guest(R"(
    (func (export "_start") (local $c i64)
      (local.set $c (call $create_config))
      (call $drop_config (local.get $c))
      (call $print (i64.const 1))
      (drop (call $config_get_max_fuel (local.get $c)))))"));
  EXPECT_EQ(out(1), "1\n");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::ConfigGetMaxFuelMissing)));
}

struct UnknownIdCase {
  const char* name;
  const char* call;  // a call on config id 3 (never created)
  TrapId trap;
};

class ConfigUnknownId : public WorldTest, public ::testing::WithParamInterface<UnknownIdCase> {};

TEST_P(ConfigUnknownId, TrapsWithItsOwnMessage) {
  const UnknownIdCase& c = GetParam();
  run_wat(
      guest(std::string("(func (export \"_start\") (call $create_config) drop ") + c.call + ")"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(c.trap)));
}

INSTANTIATE_TEST_SUITE_P(
    Configs, ConfigUnknownId,
    ::testing::Values(
        UnknownIdCase{"set_max_memory", "(call $config_set_max_memory (i64.const 3) (i64.const 1))",
                      TrapId::ConfigSetMaxMemoryMissing},
        UnknownIdCase{"get_max_memory", "(drop (call $config_get_max_memory (i64.const 3)))",
                      TrapId::ConfigGetMaxMemoryMissing},
        UnknownIdCase{"set_max_fuel", "(call $config_set_max_fuel (i64.const 3) (i64.const 1))",
                      TrapId::ConfigSetMaxFuelMissing},
        UnknownIdCase{"get_max_fuel", "(drop (call $config_get_max_fuel (i64.const 3)))",
                      TrapId::ConfigGetMaxFuelMissing},
        UnknownIdCase{"can_compile", "(drop (call $config_can_compile_modules (i64.const 3)))",
                      TrapId::ConfigCanCompileMissing},
        UnknownIdCase{"set_can_compile",
                      "(call $config_set_can_compile_modules (i64.const 3) (i32.const 1))",
                      TrapId::ConfigSetCanCompileMissing},
        UnknownIdCase{"can_create", "(drop (call $config_can_create_configs (i64.const 3)))",
                      TrapId::ConfigCanCreateMissing},
        UnknownIdCase{"set_can_create",
                      "(call $config_set_can_create_configs (i64.const 3) (i32.const 1))",
                      TrapId::ConfigSetCanCreateMissing},
        UnknownIdCase{"can_spawn", "(drop (call $config_can_spawn_processes (i64.const 3)))",
                      TrapId::ConfigCanSpawnMissing},
        UnknownIdCase{"set_can_spawn",
                      "(call $config_set_can_spawn_processes (i64.const 3) (i32.const 1))",
                      TrapId::ConfigSetCanSpawnMissing},
        UnknownIdCase{"drop", "(call $drop_config (i64.const 3))", TrapId::DropConfigMissing}),
    [](const ::testing::TestParamInfo<UnknownIdCase>& info) {
      return std::string(info.param.name);
    });

}  // namespace
}  // namespace lh::host::testing
