// Wall time of the whole conformance suite: every scenario under fixtures/ loaded once
// (untimed), then run through scenario::run_scenario once per iteration, as
// `lunatic-harness run` does (one store for the whole set, a fresh world per scenario).
// Guest preparation is cached process-wide and warmed by one untimed pass, so the time is
// compile + run + checks. The determinism re-run of the ctest registration is not included.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "bench/bench_world.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/runner.h"

namespace lh::bench {
namespace {

void BM_ConformanceSuite(benchmark::State& state) {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(std::string(LH_SOURCE_DIR) + "/fixtures"))
    if (entry.is_regular_file() && entry.path().extension() == ".json")
      files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  std::vector<scenario::Scenario> scenarios;
  for (const auto& file : files) {
    auto loaded = scenario::load_scenario(file, {LH_GUEST_DIR});
    if (auto* error = std::get_if<scenario::LoadError>(&loaded))
      return state.SkipWithError(error->message.c_str());
    scenarios.push_back(std::get<scenario::Scenario>(std::move(loaded)));
  }
  if (scenarios.empty()) return state.SkipWithError("no scenarios under fixtures/");
  engine::StorePtr store(wasm_store_new(shared_engine()));
  scenario::RunOptions options;
  options.store = store.get();
  int failed = 0;
  for (const auto& s : scenarios)  // warm-up: fills the preparation cache
    if (scenario::run_scenario(shared_engine(), s, options).status !=
        scenario::ScenarioResult::Status::Passed)
      ++failed;
  for (auto _ : state) {
    for (const auto& s : scenarios)
      benchmark::DoNotOptimize(scenario::run_scenario(shared_engine(), s, options));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(scenarios.size()));
  state.counters["scenarios"] = static_cast<double>(scenarios.size());
  state.counters["not_passing"] = failed;
}

BENCHMARK(BM_ConformanceSuite)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace lh::bench
