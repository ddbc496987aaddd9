// The mailbox reproduces lunatic's MessageMailbox (lunatic-process/src/mailbox.rs), whose
// found slot and stale waiter make the order after a timed-out receive observable (A3).
#include "harness/sim/mailbox.h"

#include <gtest/gtest.h>

namespace lh::sim {
namespace {

Message tagged(int64_t tag) {
  Message message;
  message.tag = tag;
  return message;
}

std::optional<int64_t> take_tag(Mailbox& mailbox, const TagFilter& filter) {
  auto message = mailbox.take_matching(filter);
  return message ? std::optional<int64_t>(message->tag) : std::nullopt;
}

TEST(Mailbox, TakesTheFirstMatchingMessageInArrivalOrder) {
  Mailbox mailbox;
  mailbox.push(tagged(1));
  mailbox.push(tagged(2));
  mailbox.push(tagged(1));
  EXPECT_EQ(take_tag(mailbox, std::vector<int64_t>{2}), 2);
  EXPECT_EQ(take_tag(mailbox, std::nullopt), 1);
  EXPECT_EQ(take_tag(mailbox, std::nullopt), 1);
  EXPECT_TRUE(mailbox.empty());
}

TEST(Mailbox, ATagOfZeroInAFilterNeverMatchesAnUntaggedMessage) {
  Mailbox mailbox;
  mailbox.push(tagged(0));
  EXPECT_EQ(take_tag(mailbox, std::vector<int64_t>{0}), std::nullopt);
  EXPECT_EQ(take_tag(mailbox, std::nullopt), 0);
}

TEST(Mailbox, AnArmedWaiterParksTheNextMatchingMessageInTheFoundSlot) {
  Mailbox mailbox;
  mailbox.arm(std::vector<int64_t>{7});
  mailbox.push(tagged(1));  // does not pass the filter: queued
  EXPECT_FALSE(mailbox.has_found());
  mailbox.push(tagged(7));
  EXPECT_TRUE(mailbox.has_found());
  EXPECT_EQ(mailbox.take_found()->tag, 7);
}

// The waiter of a receive that timed out stays armed: the first message after it is parked,
// the second queued, and the next receive moves the parked one behind the second (A3).
TEST(Mailbox, AfterATimeoutALaterMessageOvertakesTheParkedOne) {
  Mailbox mailbox;
  mailbox.arm(std::nullopt);  // a receive waits, then times out: nothing disarms the waiter
  mailbox.push(tagged(1));
  mailbox.push(tagged(2));
  EXPECT_EQ(take_tag(mailbox, std::nullopt), 2);
  EXPECT_EQ(take_tag(mailbox, std::nullopt), 1);
}

TEST(Mailbox, SkipSearchMovesTheParkedMessageToTheBackWithoutTakingIt) {
  Mailbox mailbox;
  mailbox.arm(std::nullopt);
  mailbox.push(tagged(1));
  mailbox.push(tagged(2));
  mailbox.skip_search();
  EXPECT_EQ(mailbox.size(), 2u);
  EXPECT_EQ(take_tag(mailbox, std::nullopt), 2);
}

}  // namespace
}  // namespace lh::sim
