// lunatic::distributed on one node, as under `lunatic run`: node_id, module_id and nodes_count
// are 0, get_nodes copies nothing, and spawn, send, send_receive_skip_search,
// exec_lookup_nodes and copy_lookup_nodes_results make the reference's checks in its order
// before they trap "Distributed is not initialized".
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Distributed = WorldTest;

constexpr std::string_view kNotInitialized = "Distributed is not initialized";

TEST_F(Distributed, NodeModuleAndNodeCountAreZeroAndGetNodesCopiesNothing) {
  run_wat(guest(R"(
    (func (export "_start")
      (i64.store (i32.const 128) (i64.const 77))
      (call $print (call $node_id))
      (call $print (call $module_id))
      (call $print32 (call $nodes_count))
      (call $print32 (call $get_nodes (i32.const 128) (i32.const 4)))
      (call $print (i64.load (i32.const 128)))
      ;; the empty range may end exactly at the end of memory
      (call $print32 (call $get_nodes (i32.const 131072) (i32.const 4)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n0\n0\n77\n0\n");
}

TEST_F(Distributed, GetNodesPastTheEndOfMemoryTraps) {
  run_wat(guest(R"(
    (func (export "_start")
      (drop (call $get_nodes (i32.const 131073) (i32.const 0)))))"));
  EXPECT_EQ(trap(1), trap_of(TrapId::DistributedGetNodesMemory));
}

TEST_F(Distributed, SpawnChecksPermissionNameParamsAndConfigBeforeItTraps) {
  // Trailing params bytes are ignored (whole 17-byte chunks only), unlike a local spawn.
  run_wat(guest(R"(
    (data (i32.const 1024) "run")
    (func (export "_start")
      (drop (call $distributed_spawn (i64.const 1) (i64.const -1) (i64.const 0) (i32.const 1024)
                                     (i32.const 3) (i32.const 1100) (i32.const 5) (i32.const 128)))))"));
  EXPECT_EQ(trap(1), std::string(kNotInitialized));
  EXPECT_EQ(sim().spawned(), 1u);  // no id consumed

  RootSpec no_permission;
  no_permission.config.can_spawn_processes = false;
  SimRun denied;
  denied.run_wat(guest(R"(
    (func (export "_start")
      (drop (call $distributed_spawn (i64.const 1) (i64.const -1) (i64.const 0) (i32.const 999999)
                                     (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 128)))))"),
                 no_permission);
  EXPECT_EQ(denied.trap(1), trap_of(TrapId::SpawnNoPermission));

  SimRun bad_name;
  bad_name.run_wat(guest(R"(
    (data (i32.const 1024) "\c3")
    (func (export "_start")
      (drop (call $distributed_spawn (i64.const 1) (i64.const -1) (i64.const 0) (i32.const 1024)
                                     (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 128)))))"));
  EXPECT_EQ(bad_name.trap(1),
            "Trap raised during host call: incomplete utf-8 byte sequence from index 0 "
            "(lunatic::distributed::spawn::func_str_utf8).");

  SimRun bad_type;
  bad_type.run_wat(guest(R"(
    (data (i32.const 1024) "run")
    (data (i32.const 1100) "\01")
    (func (export "_start")
      (drop (call $distributed_spawn (i64.const 1) (i64.const 55) (i64.const 0) (i32.const 1024)
                                     (i32.const 3) (i32.const 1100) (i32.const 17) (i32.const 128)))))"));
  EXPECT_EQ(bad_type.trap(1), trap_of(TrapId::SpawnUnsupportedType));

  SimRun bad_config;
  bad_config.run_wat(guest(R"(
    (data (i32.const 1024) "run")
    (func (export "_start")
      (drop (call $distributed_spawn (i64.const 1) (i64.const 55) (i64.const 0) (i32.const 1024)
                                     (i32.const 3) (i32.const 0) (i32.const 0) (i32.const 128)))))"));
  EXPECT_EQ(bad_config.trap(1), trap_of(TrapId::DistributedSpawnConfigMissing));
}

TEST_F(Distributed, SendChecksTheMessageBeforeItTraps) {
  run_wat(guest(R"(
    (func (export "_start")
      (drop (call $distributed_send (i64.const 0) (i64.const 1)))))"));
  EXPECT_EQ(trap(1), trap_of(TrapId::DistributedSendNoMessage));

  SimRun data;
  data.run_wat(guest(R"(
    (func (export "_start")
      (call $create_data (i64.const 1) (i64.const 0))
      (drop (call $distributed_send_receive_skip_search (i64.const 1) (i64.const 1) (i64.const 1)
                                                        (i64.const 0)))))"));
  EXPECT_EQ(data.trap(1), std::string(kNotInitialized));

  SimRun link_died;
  link_died.run_wat(guest(R"(
    (func (export "_start")
      (call $die_when_link_dies (i32.const 0))
      (call $link (i64.const 1) (i64.const 99))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (drop (call $distributed_send (i64.const 1) (i64.const 1)))))"));
  EXPECT_EQ(link_died.trap(1), "Only Message::Data can be sent across nodes.");
}

TEST_F(Distributed, AMessageWithAModuleCannotBeSentToAnotherNode) {
  auto module = lh::testing::wat_to_wasm(R"((module (memory (export "memory") 1)))");
  run_wat(guest(R"(
    (data (i32.const 2048) ")" +
                wat_string(module) + R"(")
    (func (export "_start")
      (drop (call $compile_module (i32.const 2048) (i32.const )" +
                std::to_string(module.size()) + R"() (i32.const 120)))
      (call $create_data (i64.const 1) (i64.const 0))
      (drop (call $push_module (i64.load (i32.const 120))))
      (drop (call $distributed_send (i64.const 1) (i64.const 1)))))"));
  EXPECT_EQ(trap(1), "Cannot send resources to remote nodes.");
}

TEST_F(Distributed, LookupsCheckTheQueryThenTrap) {
  run_wat(guest(R"(
    (data (i32.const 1024) "name=x")
    (func (export "_start")
      (drop (call $exec_lookup_nodes (i32.const 1024) (i32.const 6) (i32.const 128) (i32.const 136)
                                     (i32.const 144)))))"));
  EXPECT_EQ(trap(1), std::string(kNotInitialized));
  SimRun bad;
  bad.run_wat(guest(R"(
    (func (export "_start")
      (drop (call $exec_lookup_nodes (i32.const 131070) (i32.const 6) (i32.const 128)
                                     (i32.const 136) (i32.const 144)))))"));
  EXPECT_EQ(bad.trap(1), trap_of(TrapId::DistributedLookupQuery));
  SimRun copy;
  copy.run_wat(guest(R"(
    (func (export "_start")
      (drop (call $copy_lookup_nodes_results (i64.const 0) (i32.const 128) (i32.const 1)
                                             (i32.const 144)))))"));
  EXPECT_EQ(copy.trap(1), std::string(kNotInitialized));
  SimRun no_memory;
  no_memory.run_wat(guest(R"(
    (func (export "_start")
      (drop (call $copy_lookup_nodes_results (i64.const 0) (i32.const 128) (i32.const 1)
                                             (i32.const 144)))))",
                          "(memory 2)"));
  EXPECT_EQ(no_memory.trap(1), trap_of(TrapId::NoMemoryExport));
}

}  // namespace
}  // namespace lh::host::testing
