// lunatic::message push/take of sockets without networking: a push always finds an unknown
// resource id, a take checks the scratch area and then always fails take_downcast.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

TEST(MessageSockets, PushTrapsOnTheUnknownIdBeforeLookingAtTheScratchArea) {
  const std::pair<const char*, TrapId> cases[] = {
      {"push_tcp_stream", TrapId::PushTcpStreamMissing},
      {"push_tls_stream", TrapId::PushTlsStreamMissing},
      {"push_udp_socket", TrapId::PushUdpSocketMissing}};
  for (const auto& [name, trap] : cases) {
    SimRun run;
    run.run_wat(guest(std::string(R"((func (export "_start") (drop (call $)") + name +
                      " (i64.const 0))))"));
    EXPECT_EQ(run.trap(1), trap_of(trap)) << name;
  }
}

TEST(MessageSockets, TakeChecksTheScratchAreaThenFindsNoSocket) {
  const std::tuple<const char*, TrapId, TrapId> cases[] = {
      {"take_tcp_stream", TrapId::TakeTcpStreamNoMessage, TrapId::TakeTcpStreamMissing},
      {"take_tls_stream", TrapId::TakeTlsStreamNoMessage, TrapId::TakeTlsStreamMissing},
      {"take_udp_socket", TrapId::TakeUdpSocketNoMessage, TrapId::TakeUdpSocketMissing}};
  for (const auto& [name, no_message, missing] : cases) {
    SimRun empty;
    empty.run_wat(guest(std::string(R"((func (export "_start") (drop (call $)") + name +
                        " (i64.const 0))))"));
    EXPECT_EQ(empty.trap(1), trap_of(no_message)) << name;
    SimRun data;
    data.run_wat(guest(std::string(R"((func (export "_start")
        (call $create_data (i64.const 1) (i64.const 0))
        (drop (call $)") +
                       name + " (i64.const 0))))"));
    EXPECT_EQ(data.trap(1), trap_of(missing)) << name;
    SimRun link_died;
    link_died.run_wat(guest(std::string(R"((func (export "_start")
        (call $die_when_link_dies (i32.const 0))
        (call $link (i64.const 1) (i64.const 99))
        (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
        (drop (call $)") + name +
                            " (i64.const 0))))"));
    EXPECT_EQ(link_died.trap(1), trap_of(TrapId::NotDataMessage)) << name;
  }
}

}  // namespace
}  // namespace lh::host::testing
