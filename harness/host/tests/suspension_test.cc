// Suspension (Asyncify) on the real engine inside the simulated world: a C guest suspends
// and resumes 10,000 times with its heap intact, and deep stacks suspend and resume or, when
// they cannot, end the suspending process with a clear trap (never silent corruption, never
// a harness fault or crash).
#include <unistd.h>

#include "harness/host/tests/world_fixture.h"
#include "harness/sim/memory_pages.h"

namespace lh::host::testing {
namespace {

class Suspend : public WorldTest {
 protected:
  Suspend() {
    WorldSpec spec;
    spec.max_steps = 10'000'000;
    configure(spec);
  }

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
  EXPECT_EQ(run_entry("processes", "suspend_many", 10'000), sim::RunVerdict::Quiescent);
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

TEST_F(Suspend, UnwindDataLargerThanTheWholeMemoryEndsTheProcessWithANamedError) {
  // 10,000 frames of $down keep their locals live across the call: about 280 KB of unwind
  // data for a guest with one 64 KiB page. It cannot be kept, and the process says why.
  run_entry("i_deep_sleep", "deep", 10'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Failure);
  EXPECT_EQ(p.trap_message.rfind("cannot suspend: the unwind data of the suspended stack does "
                                 "not fit in the process's memory",
                                 0),
            0u)
      << p.trap_message;
  EXPECT_EQ(count(sim::EventKind::Trap), 1u);
  EXPECT_EQ(count(sim::EventKind::Wake), 0u) << "an unwind that did not fit is never rewound";
}

TEST_F(Suspend, DeepButFittingStackInACGuestSuspendsAndResumes) {
  run_entry("i_deep", "deep_sleep", 2'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  EXPECT_EQ(p.stdout_text.rfind("depth 2000: ", 0), 0u) << p.stdout_text;
  EXPECT_EQ(count(sim::EventKind::Sleep), 1u);
}

TEST_F(Suspend, AnyStackDepthThatFitsInMemorySuspendsAndResumes) {
  // 4,000 frames keep 80 KB of unwind data: more than the 64 KiB buffer the harness used to
  // take from the guest's malloc, far less than the guest's memory.
  run_entry("i_deep", "deep_sleep", 4'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  EXPECT_EQ(p.stdout_text.rfind("depth 4000: ", 0), 0u) << p.stdout_text;
  EXPECT_EQ(count(sim::EventKind::Sleep), 1u);
  EXPECT_GE(count(sim::EventKind::Wake), 1u);
}

TEST_F(Suspend, ADeepStackSuspendsAtAFuelYieldToo) {
  // Every function may suspend at its fuel check: a recursion that runs out of its slice deep
  // down suspends there (no blocking call yet), resumes, and reaches its sleep.
  run_entry("i_deep", "deep_sleep", 5'000);
  const sim::ProcessOutcome& p = root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  EXPECT_EQ(p.stdout_text.rfind("depth 5000: ", 0), 0u) << p.stdout_text;
  EXPECT_GE(count(sim::EventKind::FuelYield), 1u);
  EXPECT_EQ(count(sim::EventKind::Sleep), 1u);
}

// Issue #10 (R1): the first suspension used to call the guest's malloc for its buffer; when
// it landed in the last few thousand units of a fuel slice the allocator ran out of fuel,
// re-entered the yield path and the process died ("lunatic_alloc returned NULL"). Burning k
// iterations before the first sleep puts that suspension at every point of a slice as k goes
// across one: every run must end normally, at the same virtual time (one slice's worth).
TEST_F(Suspend, AFirstSuspensionAnywhereInAFuelSliceResumes) {
  for (int32_t k = 11'000; k <= 13'600; k += 40) {
    SimRun run;
    RootSpec spec;
    spec.entry = "burn_then_sleep";
    spec.params = {i32(k)};
    run.run_guest("f_suspend", spec);
    ASSERT_EQ(run.end(1), End::Normal) << "k=" << k << ": " << run.trap(1);
    ASSERT_EQ(run.out(1).rfind("k=" + std::to_string(k) + " after=0x", 0), 0u) << run.out(1);
  }
}

TEST_F(Suspend, ASuspendedProcessLeavesThePartOfItsRegionNobodyWroteUnallocated) {
  // 300 frames of $down: the region borrowed for the unwind data (sized from the native
  // stack, with a wide margin) spans many pages of the one-page memory, the data written
  // into it only its first few. Stopped at 0.5 ms of virtual time, inside the 1 ms sleep.
  WorldSpec spec;
  spec.max_time_ns = 500'000;
  configure(spec);
  EXPECT_EQ(run_entry("i_deep_sleep", "deep", 100), sim::RunVerdict::TimeLimit);
  sim::Process* process = sim().world().find_alive(1);
  ASSERT_NE(process, nullptr);
  ASSERT_EQ(count(sim::EventKind::Sleep), 1u);
  auto* memory = reinterpret_cast<uint8_t*>(wasm_memory_data(process->guest.harness_memory()));
  const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  // The region ends at the top of the memory; the top page is in it but was never written.
  std::optional<size_t> top = sim::allocated_pages(memory + 65536 - page, page);
  if (!top) GTEST_SKIP() << "/proc/self/pagemap cannot be read here";
  EXPECT_EQ(*top, 0u);
  std::optional<size_t> all = sim::allocated_pages(memory, 65536);
  ASSERT_TRUE(all);
  EXPECT_GE(*all, 1u) << "the unwind data was written somewhere";
  EXPECT_LT(*all, 65536 / page / 2) << "a restore wrote back more than the data";
}

}  // namespace
}  // namespace lh::host::testing
