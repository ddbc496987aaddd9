// Suspension (Asyncify) on the real engine inside the simulated world: a C guest suspends
// and resumes 10,000 times with its heap intact, and deep stacks suspend and resume or, when
// they cannot, end the suspending process with a clear trap (never silent corruption, never
// a harness fault or crash).
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

class Suspend : public WorldTest {
 protected:
  Suspend() { configure(WorldSpec{.max_steps = 10'000'000}); }

  // Runs guests/GUEST.wasm's `entry` with one i32 argument as the root.
  sim::RunVerdict run_entry(std::string_view guest, std::string entry, int32_t arg) {
    RootSpec root;
    root.entry = std::move(entry);
    root.params = {i32(arg)};
    return sim().run_guest(guest, root);
  }
  const sim::ProcessOutcome& root() {
    static const sim::ProcessOutcome kMissing;
    const sim::ProcessOutcome* p = sim().process(1);
    return p ? *p : kMissing;
  }
  size_t count(sim::EventKind kind) {
    size_t n = 0;
    for (const auto* event : sim().events()) n += event->kind == kind;
    return n;
  }
};

TEST_F(Suspend, TenThousandRoundsKeepTheHeapIntact) {
  EXPECT_EQ(run_entry("processes", "suspend_many", 10'000),
            sim::RunVerdict::Quiescent);
  const sim::ProcessOutcome& p = root();
  EXPECT_EQ(p.stdout_text, "10000 rounds, heap intact\n") << p.trap_message;
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  // Every sleep_ms(0) unwound and rewound the stack: one sleep and one wake per round
  // (plus a wake per fuel yield).
  EXPECT_EQ(count(sim::EventKind::Sleep), 10'000u);
  EXPECT_GE(count(sim::EventKind::Wake), 10'000u);
}

TEST_F(Suspend, DeepButFittingStackInAWatGuestSuspendsAndResumes) {
  // 2,000 frames of $down fit in the 64 KiB buffer; deep(n) = n(n+1) after the rewind.
  run_entry("i_deep_sleep", "deep", 2'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  EXPECT_EQ(count(sim::EventKind::Sleep), 1u);
  EXPECT_EQ(count(sim::EventKind::Wake), 1u);
}

TEST_F(Suspend, DeepStackInAWatGuestOverflowsTheBufferIntoATrap) {
  // 10,000 frames of $down keep their locals live across the call: far beyond the 64 KiB
  // buffer, which for a guest without malloc is grown at the top of memory, so the unwind
  // runs off the end of memory and traps there.
  run_entry("i_deep_sleep", "deep", 10'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Failure);
  EXPECT_NE(p.trap_message.find("memory access out of bounds"), std::string::npos)
      << p.trap_message;
  EXPECT_EQ(count(sim::EventKind::Trap), 1u);
  EXPECT_EQ(count(sim::EventKind::Wake), 0u) << "an overflowed stack is never rewound";
}

TEST_F(Suspend, DeepButFittingStackInACGuestSuspendsAndResumes) {
  run_entry("i_deep", "deep_sleep", 2'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  EXPECT_EQ(p.stdout_text.rfind("depth 2000: ", 0), 0u) << p.stdout_text;
  EXPECT_EQ(count(sim::EventKind::Sleep), 1u);
}

TEST_F(Suspend, DeepStackInACGuestOverflowsTheMallocBufferIntoATrap) {
  // The buffer comes from the guest's malloc, so the unwind overruns into the guest's own
  // heap: the process must die with the harness's overflow message at once, never be
  // rewound from the corrupt buffer. 4,000 frames x 20 bytes: the sleep at the bottom is
  // reached within the first fuel slice.
  run_entry("i_deep", "deep_sleep", 4'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Failure);
  EXPECT_EQ(
      p.trap_message.rfind("asyncify buffer overflow: the suspended stack needs 80064 bytes", 0),
      0u)
      << p.trap_message;
  EXPECT_EQ(p.stdout_text, "");
  EXPECT_EQ(count(sim::EventKind::Sleep), 1u);
  EXPECT_EQ(count(sim::EventKind::Wake), 0u) << "an overflowed stack is never rewound";
}

TEST_F(Suspend, DeepStackOverflowsTheBufferAtAFuelYieldToo) {
  // Every function may suspend at its fuel check: a recursion that runs out of its slice
  // deep down overflows the buffer without any blocking call (no sleep is ever reached).
  run_entry("i_deep", "deep_sleep", 10'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Failure);
  EXPECT_EQ(p.trap_message.rfind("asyncify buffer overflow", 0), 0u) << p.trap_message;
  EXPECT_EQ(count(sim::EventKind::Sleep), 0u);
  EXPECT_EQ(count(sim::EventKind::Wake), 0u);
}

}  // namespace
}  // namespace lh::host::testing
