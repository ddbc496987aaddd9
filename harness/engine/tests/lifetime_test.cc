// Lifetime: creating and deleting many instances must not grow memory without bound.
#include <unistd.h>

#include <fstream>
#include <string>

#include "harness/engine/tests/engine_fixture.h"

namespace lh::engine::testing {
namespace {

size_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  size_t total = 0, resident = 0;
  statm >> total >> resident;
  return resident * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

class Lifetime : public EngineTest {};

// Bound: after a warm-up of 10,000 instances, 100,000 more (each with a 1-page memory and a
// host import) may add at most 64 MiB of resident memory.
TEST_F(Lifetime, HundredThousandInstancesCreatedAndDeletedKeepRssBounded) {
  auto module = compile(R"((module
    (import "env" "f" (func $f (param i32)))
    (memory (export "memory") 1 1)
    (func (export "run") (call $f (i32.const 1))))
  )");
  ASSERT_TRUE(module);
  int64_t sum = 0;
  auto f = host_func({WASM_I32}, {}, [&](const wasm_val_vec_t* args, auto) {
    sum += args->data[0].of.i32;
    return nullptr;
  });
  auto cycle = [&](int count) {
    for (int i = 0; i < count; ++i) {
      auto instance = instantiate(module.get(), {wasm_func_as_extern(f.get())});
      ASSERT_TRUE(instance);
      ExternVec exports;
      wasm_instance_exports(instance.get(), exports.out());
      ASSERT_EQ(call(wasm_extern_as_func(exports[1]), {}), "");
    }
  };
  cycle(10'000);
  wasmx_store_collect_garbage(store());
  size_t before = resident_bytes();
  cycle(100'000);
  wasmx_store_collect_garbage(store());
  size_t after = resident_bytes();
  EXPECT_EQ(sum, 110'000);
  EXPECT_LT(after, before + (64u << 20)) << "before " << before << " after " << after;
}

// Host-created memories are left out of V8's external-memory count while held; once
// deleted they must be reclaimed by the engine's own collections, with no explicit one.
// 50,000 memories with a touched page each would leave about 200 MiB resident if not.
TEST_F(Lifetime, DeletedHostMemoriesAreReclaimedWithoutAnExplicitCollection) {
  wasm_limits_t limits{1, 1};
  std::unique_ptr<wasm_memorytype_t, Deleter<wasm_memorytype_t, wasm_memorytype_delete>> type(
      wasm_memorytype_new(&limits));
  auto cycle = [&](int count) {
    for (int i = 0; i < count; ++i) {
      MemoryPtr memory(wasm_memory_new(store(), type.get()));
      ASSERT_TRUE(memory);
      wasm_memory_data(memory.get())[i % 65536] = 1;
    }
  };
  cycle(5'000);
  size_t before = resident_bytes();
  cycle(50'000);
  size_t after = resident_bytes();
  EXPECT_LT(after, before + (64u << 20)) << "before " << before << " after " << after;
}

}  // namespace
}  // namespace lh::engine::testing
