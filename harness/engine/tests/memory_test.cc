#include <cstring>

#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

class Memory : public EngineTest {
 protected:
  static constexpr std::string_view kGuest = R"((module
    (memory (export "memory") 2 3)
    (func (export "size") (result i32) (memory.size))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "load") (param i32) (result i32) (i32.load8_s (local.get 0)))
    (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
    (data (i32.const 0x1000) "\01\02\03\04"))
  )";
  wasm_func_t* fn(std::string_view name) {
    return wasm_extern_as_func(find_export(instance_.get(), module_.get(), name));
  }
  int32_t call_i32(std::string_view name, std::vector<wasm_val_t> args) {
    std::vector<wasm_val_t> out;
    EXPECT_EQ(call(fn(name), std::move(args), &out), "");
    return out.empty() ? -999 : out[0].of.i32;
  }
  void SetUp() override {
    module_ = compile(kGuest);
    ASSERT_TRUE(module_);
    instance_ = instantiate(module_.get(), {});
    ASSERT_TRUE(instance_);
    memory_ = wasm_extern_as_memory(find_export(instance_.get(), module_.get(), "memory"));
    ASSERT_TRUE(memory_);
  }
  ModulePtr module_;
  InstancePtr instance_;
  wasm_memory_t* memory_ = nullptr;
};

TEST_F(Memory, DataSegmentIsVisibleToTheHost) {
  EXPECT_EQ(wasm_memory_size(memory_), 2u);
  EXPECT_EQ(wasm_memory_data_size(memory_), 2 * MEMORY_PAGE_SIZE);
  EXPECT_EQ(std::memcmp(wasm_memory_data(memory_) + 0x1000, "\1\2\3\4", 4), 0);
}

TEST_F(Memory, HostWritesAreSeenByTheGuestAndBack) {
  wasm_memory_data(memory_)[0x20] = 42;
  EXPECT_EQ(call_i32("load", {i32(0x20)}), 42);
  EXPECT_EQ(call(fn("store"), {i32(0x21), i32(-5)}), "");
  EXPECT_EQ(wasm_memory_data(memory_)[0x21], -5);
}

TEST_F(Memory, OutOfBoundsAccessTrapsAtTheLastByte) {
  EXPECT_EQ(call_i32("load", {i32(2 * 65536 - 1)}), 0);
  EXPECT_NE(call(fn("load"), {i32(2 * 65536)}).find("out of bounds"), std::string::npos);
}

TEST_F(Memory, GrowInGuestUpdatesHostViewAndStopsAtMaximum) {
  EXPECT_EQ(call_i32("grow", {i32(1)}), 2);
  EXPECT_EQ(call_i32("size", {}), 3);
  EXPECT_EQ(wasm_memory_size(memory_), 3u);
  wasm_memory_data(memory_)[3 * 65536 - 1] = 9;  // the new page is addressable by the host
  EXPECT_EQ(call_i32("load", {i32(3 * 65536 - 1)}), 9);
  EXPECT_EQ(call_i32("grow", {i32(1)}), -1);  // past the maximum: -1 in the guest
  EXPECT_EQ(call_i32("size", {}), 3);
}

TEST_F(Memory, GrowFromHostRespectsMaximum) {
  EXPECT_TRUE(wasm_memory_grow(memory_, 1));
  EXPECT_FALSE(wasm_memory_grow(memory_, 1));
  EXPECT_EQ(wasm_memory_size(memory_), 3u);
}

TEST_F(Memory, HostCreatedMemoryIsImportedWithItsLimits) {
  wasm_limits_t limits{1, 2};
  std::unique_ptr<wasm_memorytype_t, Deleter<wasm_memorytype_t, wasm_memorytype_delete>> type(
      wasm_memorytype_new(&limits));
  MemoryPtr memory(wasm_memory_new(store(), type.get()));
  ASSERT_TRUE(memory);
  auto module = compile(R"((module
    (import "env" "memory" (memory 1 2))
    (func (export "grow") (result i32) (memory.grow (i32.const 1)))
    (func (export "peek") (result i32) (i32.load8_u (i32.const 5))))
  )");
  auto instance = instantiate(module.get(), {wasm_memory_as_extern(memory.get())});
  ASSERT_TRUE(instance);
  wasm_memory_data(memory.get())[5] = 77;
  std::vector<wasm_val_t> out;
  auto* peek = wasm_extern_as_func(find_export(instance.get(), module.get(), "peek"));
  auto* grow = wasm_extern_as_func(find_export(instance.get(), module.get(), "grow"));
  ASSERT_EQ(call(peek, {}, &out), "");
  EXPECT_EQ(out[0].of.i32, 77);
  ASSERT_EQ(call(grow, {}, &out), "");
  EXPECT_EQ(out[0].of.i32, 1);
  ASSERT_EQ(call(grow, {}, &out), "");
  EXPECT_EQ(out[0].of.i32, -1);
  EXPECT_EQ(wasm_memory_size(memory.get()), 2u);
}

// The host's view of a memory is cached until wasm may have run (wasm_ext.h): a grow by
// the host through one wrapper must still be seen through every other wrapper of it.
TEST_F(Memory, GrowFromHostIsSeenThroughEveryWrapperOfTheMemory) {
  wasm_memory_t* second =
      wasm_extern_as_memory(find_export(instance_.get(), module_.get(), "memory"));
  ASSERT_TRUE(second);
  ASSERT_EQ(wasm_memory_data_size(second), 2 * MEMORY_PAGE_SIZE);  // cached at this epoch
  ASSERT_TRUE(wasm_memory_grow(memory_, 1));
  EXPECT_EQ(wasm_memory_data_size(second), 3 * MEMORY_PAGE_SIZE);
  wasm_memory_data(second)[3 * 65536 - 1] = 7;
  EXPECT_EQ(call_i32("load", {i32(3 * 65536 - 1)}), 7);
}

// ...and a grow by wasm code between two host calls of one export call is seen by the second.
TEST_F(Memory, GrowInGuestBetweenTwoHostCallsIsSeenByTheSecond) {
  auto module = compile(R"((module
    (import "env" "observe" (func $observe))
    (memory (export "memory") 1 4)
    (func (export "run")
      (call $observe)
      (drop (memory.grow (i32.const 2)))
      (i32.store8 (i32.const 0x20000) (i32.const 5))
      (call $observe)))
  )");
  ASSERT_TRUE(module);
  wasm_memory_t* memory = nullptr;
  std::vector<std::pair<size_t, int>> seen;  // (size, the byte at 0x20000 if addressable)
  auto observe = host_func({}, {}, [&](const wasm_val_vec_t*, wasm_val_vec_t*) {
    size_t size = wasm_memory_data_size(memory);
    seen.emplace_back(size, size > 0x20000 ? wasm_memory_data(memory)[0x20000] : -1);
    return nullptr;
  });
  auto instance = instantiate(module.get(), {wasm_func_as_extern(observe.get())});
  ASSERT_TRUE(instance);
  memory = wasm_extern_as_memory(find_export(instance.get(), module.get(), "memory"));
  ASSERT_EQ(wasm_memory_data_size(memory), MEMORY_PAGE_SIZE);
  ASSERT_EQ(call(wasm_extern_as_func(find_export(instance.get(), module.get(), "run")), {}), "");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(size_t{MEMORY_PAGE_SIZE}, -1));
  EXPECT_EQ(seen[1], std::make_pair(size_t{3 * MEMORY_PAGE_SIZE}, 5));
}

TEST_F(Memory, ImportingASmallerMemoryThanDeclaredFailsToLink) {
  wasm_limits_t limits{1, 1};
  std::unique_ptr<wasm_memorytype_t, Deleter<wasm_memorytype_t, wasm_memorytype_delete>> type(
      wasm_memorytype_new(&limits));
  MemoryPtr memory(wasm_memory_new(store(), type.get()));
  auto module = compile(R"((module (import "env" "memory" (memory 2))))");
  std::string trap;
  auto instance = instantiate(module.get(), {wasm_memory_as_extern(memory.get())}, &trap);
  EXPECT_FALSE(instance);
  EXPECT_NE(trap.find("LinkError"), std::string::npos) << trap;
}

}  // namespace
}  // namespace lh::engine::testing
