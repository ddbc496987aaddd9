// Slow tier: a chain of 10,000 linked processes dies in cascade from one failure at its end.
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

using LinkChain = WorldTest;

TEST_F(LinkChain, TenThousandLinkedProcessesDieInCascadeFromOneFailure) {
  constexpr int64_t kLength = 10'000;
  WorldSpec spec;
  spec.max_steps = 10'000'000;
  configure(spec);
  RootSpec root;
  root.entry = "chain";
  root.params = {i64(kLength)};
  // chain(n): n == 0 traps; else spawns chain(n - 1) linked, then sleeps "forever".
  sim().run_wat(guest(R"(
    (data (i32.const 1024) "chain")
    (func (export "chain") (param $n i64)
      (if (i64.eqz (local.get $n)) (then unreachable))
      (i32.store8 (i32.const 1100) (i32.const 0x7e))
      (i64.store (i32.const 1101) (i64.sub (local.get $n) (i64.const 1)))
      (i64.store (i32.const 1109) (i64.const 0))
      (drop (call $spawn_fn (i64.const 1) (i32.const 1024) (i32.const 5) (i32.const 1100) (i32.const 17)))
      (call $sleep_ms (i64.const 1000000))))",
                      "(memory (export \"memory\") 1)"),
                root);
  ASSERT_EQ(sim().spawned(), static_cast<uint64_t>(kLength + 1));
  size_t failed = 0;
  for (uint64_t id = 1; id <= kLength + 1; ++id)
    if (sim().end(id) == End::Failure) ++failed;
  EXPECT_EQ(failed, static_cast<size_t>(kLength + 1));
  EXPECT_TRUE(contains(sim().trap(kLength + 1), "unreachable"));
  // Everything died long before the sleeps would have ended.
  EXPECT_LT(sim().world().now_ns(), 1'000'000'000'000ull);
}

}  // namespace
}  // namespace lh::host::testing
