// The spawn loop as a user gets it: bench/scenarios/spawn-loop.json (b_spawn's
// spawn_loop(1000), BM_SpawnExit's workload) through scenario::run_scenario, which is what
// `lunatic-harness run` does for each scenario of a set: read the guest, load it (preparation
// cached process-wide, as in the CLI), build the world, run it with the whole trace kept, and
// check the expectations. One store for every iteration, as `run` keeps one for its whole set.
// One item = one child spawned, run and dead, so the row compares with BM_SpawnExit's.
#include <benchmark/benchmark.h>

#include "bench/bench_world.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/runner.h"

namespace lh::bench {
namespace {

void BM_SpawnExitThroughRun(benchmark::State& state) {
  const std::string file = std::string(LH_SOURCE_DIR) + "/bench/scenarios/spawn-loop.json";
  auto loaded = scenario::load_scenario(file, {LH_GUEST_DIR});
  if (auto* error = std::get_if<scenario::LoadError>(&loaded))
    return state.SkipWithError(error->message.c_str());
  const auto& spawn_loop = std::get<scenario::Scenario>(loaded);
  engine::StorePtr store(wasm_store_new(shared_engine()));
  scenario::RunOptions options;
  options.store = store.get();
  for (auto _ : state) {
    auto result = scenario::run_scenario(shared_engine(), spawn_loop, options);
    if (result.status != scenario::ScenarioResult::Status::Passed) {
      std::string why = "the scenario did not pass";
      for (const auto& failure : result.failures) why += "; " + failure;
      return state.SkipWithError(why.c_str());
    }
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}

BENCHMARK(BM_SpawnExitThroughRun)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace lh::bench
