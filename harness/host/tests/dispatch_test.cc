// The host-call boundary: what a host function returns or throws becomes exactly one of the
// three outcomes (a value, a trap of the caller, a harness fault), never an exception through
// the engine's frames.
#include <new>
#include <stdexcept>

#include "harness/host/registry.h"
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

HostResult throws_bad_alloc(HostCall&) { throw std::bad_alloc(); }
HostResult throws_an_int(HostCall&) { throw 42; }
HostResult traps(HostCall&) { return HostResult::trap(TrapId::MessageWriteMemory); }

// Calls `fn` as the host function `test::fn` for the root of a fresh world.
HostResult call_as_host_function(HostFn fn) {
  SimRun run;
  auto module = run.load_wat(R"((module (func (export "_start"))))");
  EXPECT_TRUE(run.spawn_root(module).ok());
  sim::Process* root = run.world().find_alive(1);
  HostFunctionDef def{"test", "fn", {}, {}, fn};
  wasm_val_vec_t none{0, nullptr};
  wasm_val_vec_t results{0, nullptr};
  ModuleLoader loader(nullptr);
  HostCall call(run.world(), *root, loader, false, &none, &results);
  return call_host_function(def, call);
}

TEST(Dispatch, AnExceptionFromAHostFunctionBecomesAFaultNamingIt) {
  HostResult result = call_as_host_function(throws_bad_alloc);
  EXPECT_EQ(result.kind, HostResult::Kind::Fault);
  EXPECT_TRUE(contains(result.message, "test::fn threw an exception"));
  EXPECT_TRUE(contains(result.message, "bad_alloc"));
}

TEST(Dispatch, ANonStandardExceptionAlsoBecomesAFault) {
  HostResult result = call_as_host_function(throws_an_int);
  EXPECT_EQ(result.kind, HostResult::Kind::Fault);
  EXPECT_TRUE(contains(result.message, "test::fn threw an exception"));
}

TEST(Dispatch, ATrapKeepsItsTrapId) {
  HostResult result = call_as_host_function(traps);
  EXPECT_TRUE(result.is_trap(TrapId::MessageWriteMemory));
  EXPECT_EQ(result.message, trap_of(TrapId::MessageWriteMemory));
}

}  // namespace
}  // namespace lh::host::testing
