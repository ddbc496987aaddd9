// lunatic::message: the scratch area, data messages, selective receive with tags and
// timeouts in virtual time, send_receive_skip_search, ordering, and the traps.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using Messages = WorldTest;

// Root (process 1) spawns "child" (process 2) unlinked, then runs `root`; `child` is the
// child's body. $byte prints the first byte of the scratch message.
std::string pair(std::string_view root, std::string_view child) {
  return guest(std::string(R"(
    (data (i32.const 1024) "child")
    (data (i32.const 800) "hello world")
    (data (i32.const 820) "abcd")
    (data (i32.const 840) "new")
    (data (i32.const 900) "ping")
    (func $byte
      (i32.store8 (i32.const 600) (i32.const 63))
      (drop (call $read_data (i32.const 600) (i32.const 1)))
      (call $puts (i32.const 600) (i32.const 1)))
    (func (export "_start")
      (drop (call $spawn_fn (i64.const 0) (i32.const 1024) (i32.const 5) (i32.const 0) (i32.const 0)))
      )") + std::string(root) +
               R"()
    (func (export "child") )" +
               std::string(child) + ")");
}

TEST_F(Messages, DataMessageRoundTripsWithTagSizeReadAndSeek) {
  run_wat(pair(R"(
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))
      (call $print (call $data_size))
      (call $print32 (call $read_data (i32.const 700) (i32.const 5)))
      (call $print32 (call $read_data (i32.const 705) (i32.const 100)))
      (call $print32 (call $read_data (i32.const 720) (i32.const 100)))
      (call $puts (i32.const 700) (i32.const 11))
      (call $seek_data (i64.const 6))
      (call $print32 (call $read_data (i32.const 730) (i32.const 5)))
      (call $puts (i32.const 730) (i32.const 5)))",
               R"(
      (call $create_data (i64.const 5) (i64.const 100))
      (call $print32 (call $write_data (i32.const 800) (i32.const 11)))
      (call $print32 (call $send (i64.const 1))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(2), "11\n0\n");
  EXPECT_EQ(out(1), "0\n5\n11\n5\n6\n0\nhello world5\nworld");
}

TEST_F(Messages, ReceiveWithTagsIsSelectiveAndFifoAmongMatches) {
  run_wat(pair(R"(
      (call $sleep_ms (i64.const 10))
      (i64.store (i32.const 512) (i64.const 3))
      (i64.store (i32.const 520) (i64.const 1))
      (i64.store (i32.const 528) (i64.const 2))
      (drop (call $receive (i32.const 512) (i32.const 1) (i64.const -1)))
      (call $byte)
      (drop (call $receive (i32.const 520) (i32.const 2) (i64.const -1)))
      (call $byte)
      (drop (call $receive (i32.const 528) (i32.const 1) (i64.const -1)))
      (call $byte)
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $byte))",
               R"(
      (call $create_data (i64.const 1) (i64.const 0))
      (drop (call $write_data (i32.const 820) (i32.const 1)))
      (drop (call $send (i64.const 1)))
      (call $create_data (i64.const 2) (i64.const 0))
      (drop (call $write_data (i32.const 821) (i32.const 1)))
      (drop (call $send (i64.const 1)))
      (call $create_data (i64.const 1) (i64.const 0))
      (drop (call $write_data (i32.const 822) (i32.const 1)))
      (drop (call $send (i64.const 1)))
      (call $create_data (i64.const 3) (i64.const 0))
      (drop (call $write_data (i32.const 823) (i32.const 1)))
      (drop (call $send (i64.const 1))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "dabc");
}

TEST_F(Messages, ReceiveTimesOutWith9027AtTheRightVirtualTime) {
  run_wat(pair(R"(
      (i64.store (i32.const 512) (i64.const 5))
      (call $print32 (call $receive (i32.const 512) (i32.const 1) (i64.const 25)))
      ;; the non-matching message is still there
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const 0)))
      (call $print (call $get_tag)))",
               R"((call $send_tag (i64.const 1) (i64.const 6)))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "9027\n0\n6\n");
  auto wakes = sim().events("wake", 1);
  ASSERT_GE(wakes.size(), 1u);
  EXPECT_GE(wakes[0]->time_ns, 25'000'000u);
  EXPECT_LT(wakes[0]->time_ns, 26'000'000u);
}

TEST_F(Messages, ReceiveWaitsForALaterMatchingMessage) {
  run_wat(pair(R"(
      (i64.store (i32.const 512) (i64.const 7))
      (call $print32 (call $receive (i32.const 512) (i32.const 1) (i64.const -1)))
      (call $print (call $get_tag)))",
               R"(
      (call $send_tag (i64.const 1) (i64.const 6))
      (call $sleep_ms (i64.const 10))
      (call $send_tag (i64.const 1) (i64.const 7)))"));
  EXPECT_EQ(out(1), "0\n7\n");
  const sim::TraceEvent* received = sim().first("receive", 1);
  ASSERT_NE(received, nullptr);
  EXPECT_GE(received->time_ns, 10'000'000u);
}

TEST_F(Messages, MessagesFromOneSenderArriveInTheOrderSent) {
  run_wat(pair(R"(
      (call $sleep_ms (i64.const 5))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag)))",
               R"(
      (call $send_tag (i64.const 1) (i64.const 30))
      (call $send_tag (i64.const 1) (i64.const 10))
      (call $send_tag (i64.const 1) (i64.const 20)))"));
  EXPECT_EQ(out(1), "30\n10\n20\n");
}

TEST_F(Messages, SendToAnUnknownProcessReturnsZeroAndEmptiesTheScratchArea) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $create_data (i64.const 1) (i64.const 0))
      (call $print32 (call $send (i64.const 999)))
      (drop (call $get_tag))))"));
  EXPECT_EQ(out(1), "0\n");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "no message in the scratch area (lunatic::message::get_tag)."));
}

TEST_F(Messages, SendWithoutAMessageTraps) {
  run_wat(guest(R"((func (export "_start") (drop (call $send (i64.const 1)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "(lunatic::message::send::no_message)."));
}

TEST_F(Messages, WriteDataWithoutAMessageTraps) {
  run_wat(
      guest(R"((func (export "_start") (drop (call $write_data (i32.const 0) (i32.const 1)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "(lunatic::message::write_data)."));
}

TEST_F(Messages, WriteDataOutOfBoundsTraps) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $create_data (i64.const 0) (i64.const 0))
      (drop (call $write_data (i32.const 131070) (i32.const 4)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::MessageWriteMemory)));
}

TEST_F(Messages, ReceiveTagsOutOfBoundsTraps) {
  run_wat(guest(R"(
    (func (export "_start")
      (drop (call $receive (i32.const 131064) (i32.const 2) (i64.const 0)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::MessageReceiveMemory)));
}

TEST_F(Messages, DataFunctionsOnALinkDiedMessageTrapButGetTagWorks) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $die_when_link_dies (i32.const 0))
      (call $link (i64.const 4) (i64.const 999))
      (call $print32 (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $print (call $get_tag))
      (drop (call $read_data (i32.const 0) (i32.const 1)))))"));
  EXPECT_EQ(out(1), "1\n4\n");
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), trap_of(TrapId::NotDataMessage)));
}

TEST_F(Messages, SendReceiveSkipSearchIgnoresAlreadyQueuedMessages) {
  run_wat(pair(R"(
      (call $sleep_ms (i64.const 5))
      (call $create_data (i64.const 10) (i64.const 0))
      (drop (call $write_data (i32.const 900) (i32.const 4)))
      (call $print32 (call $send_receive_skip_search (i64.const 2) (i64.const 11) (i64.const 1000)))
      (call $print (call $data_size))
      (i64.store (i32.const 512) (i64.const 11))
      (call $print32 (call $receive (i32.const 512) (i32.const 1) (i64.const 0)))
      (call $print (call $data_size)))",
               R"(
      (call $send_tag (i64.const 1) (i64.const 11))
      (drop (call $receive (i32.const 0) (i32.const 0) (i64.const -1)))
      (call $create_data (i64.const 11) (i64.const 0))
      (drop (call $write_data (i32.const 840) (i32.const 3)))
      (drop (call $send (i64.const 1))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n3\n0\n0\n");
}

TEST_F(Messages, SendReceiveSkipSearchTimesOutWith9027) {
  run_wat(pair(R"(
      (call $create_data (i64.const 10) (i64.const 0))
      (call $print32 (call $send_receive_skip_search (i64.const 2) (i64.const 11) (i64.const 20))))",
               R"((call $sleep_ms (i64.const 100)))"));
  EXPECT_EQ(out(1), "9027\n");
  auto wakes = sim().events("wake", 1);
  ASSERT_GE(wakes.size(), 1u);
  EXPECT_GE(wakes[0]->time_ns, 20'000'000u);
  EXPECT_LT(wakes[0]->time_ns, 21'000'000u);
}

TEST_F(Messages, SendReceiveSkipSearchWithoutAMessageTraps) {
  run_wat(guest(R"(
    (func (export "_start")
      (drop (call $send_receive_skip_search (i64.const 1) (i64.const 1) (i64.const 1)))))"));
  EXPECT_EQ(end(1), End::Failure);
  EXPECT_TRUE(contains(trap(1), "(lunatic::message::send_receive_skip_search)."));
}

}  // namespace
}  // namespace lh::host::testing

namespace lh::host::testing {
namespace {

// An empty message read into an empty range copies nothing; the harness must not hand
// memcpy the empty message's null buffer (UBSan found it in the Rust app's fixture).
TEST_F(Messages, ReadDataOfAnEmptyMessageIntoAnEmptyRangeReturnsZero) {
  run_wat(guest(R"(
    (func (export "_start")
      (call $create_data (i64.const 0) (i64.const 0))
      (call $print32 (call $read_data (i32.const 1024) (i32.const 0)))
      (call $print32 (call $read_data (i32.const 1024) (i32.const 8)))))"));
  EXPECT_EQ(end(1), End::Normal) << trap(1);
  EXPECT_EQ(out(1), "0\n0\n");
}

}  // namespace
}  // namespace lh::host::testing
