// Asyncify on the real engine inside the simulated world (wired as the scenario runner
// does): a C guest suspends and resumes 10,000 times with its heap intact, and a stack
// too deep for the asyncify buffer ends the suspending process with a clear trap (never
// silent corruption, never a harness fault or crash).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/host/linker.h"
#include "harness/host/module_loader.h"
#include "harness/sim/world.h"
#include "harness/testing/wat.h"

namespace lh::instrument {
namespace {

wasm_engine_t* shared_engine() {
  static engine::EnginePtr engine(wasm_engine_new());
  return engine.get();
}

// One world with its own store, loader and linker; the root process runs `entry`.
class World {
 public:
  World()
      : store_(wasm_store_new(shared_engine())),
        loader_(store_.get()),
        linker_(store_.get(), loader_) {
    sim::WorldOptions options;
    options.max_steps = 10'000'000;
    world_ = std::make_unique<sim::World>(store_.get(), linker_, options);
    linker_.attach(world_.get());
  }
  ~World() { world_.reset(); }  // processes go before the linker and the store

  // Loads guests/NAME.wasm, spawns it as process 1 (lunatic run's config) and runs.
  sim::RunVerdict run_guest(const std::string& guest, const std::string& entry,
                            std::vector<wasm_val_t> params) {
    auto bytes = lh::testing::read_guest(guest);
    auto loaded = loader_.load(bytes, guest + ".wasm");
    if (auto* error = std::get_if<std::string>(&loaded)) {
      ADD_FAILURE() << "guest does not load: " << *error;
      return sim::RunVerdict::Quiescent;
    }
    sim::SpawnRequest request;
    request.module = std::get<std::shared_ptr<const sim::Module>>(loaded);
    request.config = sim::ProcessConfig{.max_memory = 0xffffffffull,
                                        .max_fuel = 0,
                                        .can_compile_modules = true,
                                        .can_create_configs = true,
                                        .can_spawn_processes = true};
    request.entry = entry;
    request.params = std::move(params);
    request.args = {guest + ".wasm"};
    auto root = world_->spawn(std::move(request), 0);
    EXPECT_FALSE(root.error) << *root.error;
    auto verdict = world_->run();
    for (const auto& fault : linker_.faults()) ADD_FAILURE() << "harness fault: " << fault;
    return verdict;
  }

  const sim::Process& root() const { return *world_->processes().at(1); }
  size_t count(sim::EventKind kind) const {
    size_t n = 0;
    for (const auto& event : world_->trace().events()) n += event.kind == kind;
    return n;
  }

 private:
  engine::StorePtr store_;
  host::ModuleLoader loader_;
  host::Linker linker_;
  std::unique_ptr<sim::World> world_;
};

wasm_val_t i32(int32_t v) {
  wasm_val_t x;
  x.kind = WASM_I32;
  x.of.i32 = v;
  return x;
}

TEST(Suspend, TenThousandRoundsKeepTheHeapIntact) {
  World world;
  EXPECT_EQ(world.run_guest("processes", "suspend_many", {i32(10'000)}),
            sim::RunVerdict::Quiescent);
  const sim::Process& p = world.root();
  EXPECT_EQ(p.stdout_text, "10000 rounds, heap intact\n") << p.trap_message;
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  // Every sleep_ms(0) unwound and rewound the stack: one sleep and one wake per round
  // (plus a wake per fuel yield).
  EXPECT_EQ(world.count(sim::EventKind::Sleep), 10'000u);
  EXPECT_GE(world.count(sim::EventKind::Wake), 10'000u);
}

TEST(Suspend, DeepButFittingStackInAWatGuestSuspendsAndResumes) {
  // 2,000 frames of $down fit in the 64 KiB buffer; deep(n) = n(n+1) after the rewind.
  World world;
  world.run_guest("i_deep_sleep", "deep", {i32(2'000)});
  const sim::Process& p = world.root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  EXPECT_EQ(world.count(sim::EventKind::Sleep), 1u);
  EXPECT_EQ(world.count(sim::EventKind::Wake), 1u);
}

TEST(Suspend, DeepStackInAWatGuestOverflowsTheBufferIntoATrap) {
  // 10,000 frames of $down keep their locals live across the call: far beyond the 64 KiB
  // buffer, which for a guest without malloc is grown at the top of memory, so the unwind
  // runs off the end of memory and traps there.
  World world;
  world.run_guest("i_deep_sleep", "deep", {i32(10'000)});
  const sim::Process& p = world.root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Failure);
  EXPECT_NE(p.trap_message.find("memory access out of bounds"), std::string::npos)
      << p.trap_message;
  EXPECT_EQ(world.count(sim::EventKind::Trap), 1u);
  EXPECT_EQ(world.count(sim::EventKind::Wake), 0u) << "an overflowed stack is never rewound";
}

TEST(Suspend, DeepButFittingStackInACGuestSuspendsAndResumes) {
  World world;
  world.run_guest("i_deep", "deep_sleep", {i32(2'000)});
  const sim::Process& p = world.root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Normal) << p.trap_message;
  EXPECT_EQ(p.stdout_text.rfind("depth 2000: ", 0), 0u) << p.stdout_text;
  EXPECT_EQ(world.count(sim::EventKind::Sleep), 1u);
}

TEST(Suspend, DeepStackInACGuestOverflowsTheMallocBufferIntoATrap) {
  // The buffer comes from the guest's malloc, so the unwind overruns into the guest's own
  // heap: the process must die with the harness's overflow message at once, never be
  // rewound from the corrupt buffer. 4,000 frames x 20 bytes: the sleep at the bottom is
  // reached within the first fuel slice.
  World world;
  world.run_guest("i_deep", "deep_sleep", {i32(4'000)});
  const sim::Process& p = world.root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Failure);
  EXPECT_EQ(
      p.trap_message.rfind("asyncify buffer overflow: the suspended stack needs 80064 bytes", 0),
      0u)
      << p.trap_message;
  EXPECT_EQ(p.stdout_text, "");
  EXPECT_EQ(world.count(sim::EventKind::Sleep), 1u);
  EXPECT_EQ(world.count(sim::EventKind::Wake), 0u) << "an overflowed stack is never rewound";
}

TEST(Suspend, DeepStackOverflowsTheBufferAtAFuelYieldToo) {
  // Every function may suspend at its fuel check: a recursion that runs out of its slice
  // deep down overflows the buffer without any blocking call (no sleep is ever reached).
  World world;
  world.run_guest("i_deep", "deep_sleep", {i32(10'000)});
  const sim::Process& p = world.root();
  ASSERT_TRUE(p.death);
  EXPECT_EQ(*p.death, sim::DeathReason::Failure);
  EXPECT_EQ(p.trap_message.rfind("asyncify buffer overflow", 0), 0u) << p.trap_message;
  EXPECT_EQ(world.count(sim::EventKind::Sleep), 0u);
  EXPECT_EQ(world.count(sim::EventKind::Wake), 0u);
}

}  // namespace
}  // namespace lh::instrument
