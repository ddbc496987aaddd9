// Guest preparation benchmarks: time per stage (V8 validation, memory import, start
// export, fuel metering, asyncify) and in total for the guests in the build, with the size growth as
// counters; and the run-time overhead of the instrumentation on V8: a compute loop run
// plain, fuel-metered and fuel+asyncify, ratios reported as counters of the same run.
// Preparation uses the options every guest gets (host::guest_prepare_options).
#include <benchmark/benchmark.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "harness/binary/module_info.h"
#include "harness/host/module_loader.h"
#include "harness/instrument/pipeline.h"
#include "harness/instrument/tests/v8_guest.h"

namespace lh::instrument {
namespace {

std::vector<uint8_t> read_guest(const std::string& name) {
  std::ifstream in(std::string(LH_GUEST_DIR) + "/" + name + ".wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

size_t code_bytes(const std::vector<uint8_t>& wasm) {
  auto decoded = binary::decode_module_info(wasm);
  if (!decoded.info) return 0;
  const binary::Section* code = decoded.info->find_section(binary::kCodeSection);
  return code ? code->payload_size : 0;
}

const char* kGuests[] = {"hello", "processes", "ids", "i_compute"};

// The input of each stage: the output of the stages before it.
struct Staged {
  std::vector<uint8_t> original, imported, started, metered, asyncified;
};

Staged stage_all(const std::string& name) {
  const PrepareOptions& o = host::guest_prepare_options();
  Staged s;
  s.original = read_guest(name);
  s.imported = import_memory(s.original, o.memory).bytes;
  s.started = o.export_start ? export_start(s.imported).bytes : s.imported;
  s.metered = add_fuel_metering(s.started, o.fuel).bytes;
  AsyncifyOptions a = o.asyncify_options;
  a.imports.push_back(o.fuel.import_module + "." + o.fuel.out_of_fuel_name);
  s.asyncified = run_asyncify(s.metered, a).bytes;
  return s;
}

void set_size_counters(benchmark::State& state, const std::vector<uint8_t>& in,
                       const std::vector<uint8_t>& out) {
  state.counters["bytes_in"] = static_cast<double>(in.size());
  state.counters["bytes_out"] = static_cast<double>(out.size());
  state.counters["growth"] = in.empty() ? 0 : static_cast<double>(out.size()) / in.size();
  size_t code_in = code_bytes(in), code_out = code_bytes(out);
  state.counters["code_in"] = static_cast<double>(code_in);
  state.counters["code_out"] = static_cast<double>(code_out);
  state.counters["code_growth"] = code_in ? static_cast<double>(code_out) / code_in : 0;
}

void BM_Validate(benchmark::State& state, const char* name) {
  auto bytes = read_guest(name);
  const auto& validate = host::guest_prepare_options().validator;
  for (auto _ : state) benchmark::DoNotOptimize(validate(bytes));
  state.counters["bytes_in"] = static_cast<double>(bytes.size());
}

void BM_MemoryImport(benchmark::State& state, const char* name) {
  Staged s = stage_all(name);
  for (auto _ : state) benchmark::DoNotOptimize(import_memory(s.original).bytes.data());
  set_size_counters(state, s.original, s.imported);
}

void BM_StartExport(benchmark::State& state, const char* name) {
  Staged s = stage_all(name);
  for (auto _ : state) benchmark::DoNotOptimize(export_start(s.imported).bytes.data());
  set_size_counters(state, s.imported, s.started);
}

void BM_Fuel(benchmark::State& state, const char* name) {
  Staged s = stage_all(name);
  const PrepareOptions& o = host::guest_prepare_options();
  for (auto _ : state) benchmark::DoNotOptimize(add_fuel_metering(s.started, o.fuel).bytes.data());
  set_size_counters(state, s.started, s.metered);
}

void BM_Asyncify(benchmark::State& state, const char* name) {
  Staged s = stage_all(name);
  const PrepareOptions& o = host::guest_prepare_options();
  AsyncifyOptions a = o.asyncify_options;
  a.imports.push_back(o.fuel.import_module + "." + o.fuel.out_of_fuel_name);
  for (auto _ : state) benchmark::DoNotOptimize(run_asyncify(s.metered, a).bytes.data());
  set_size_counters(state, s.metered, s.asyncified);
}

void BM_PrepareTotal(benchmark::State& state, const char* name) {
  auto bytes = read_guest(name);
  std::vector<uint8_t> out;
  for (auto _ : state) {
    auto result = prepare(bytes, host::guest_prepare_options());
    if (!result.ok()) {
      state.SkipWithError(result.error.c_str());
      return;
    }
    out = std::move(result.bytes);
  }
  set_size_counters(state, bytes, out);
}

// Run-time overhead: `entry(n)` of i_compute on three instances, timed separately in the
// same iterations; counters are milliseconds per call and the ratios to plain.
void BM_RunOverhead(benchmark::State& state, const char* entry) {
  const int32_t n = static_cast<int32_t>(state.range(0));
  auto original = read_guest("i_compute");
  PrepareOptions fuel_only = host::guest_prepare_options();
  fuel_only.asyncify = false;
  auto metered = prepare(original, fuel_only);
  auto full = prepare(original, host::guest_prepare_options());
  if (!metered.ok() || !full.ok()) {
    state.SkipWithError("preparation failed");
    return;
  }
  engine::StorePtr store(wasm_store_new(testing::shared_engine()));
  testing::V8Guest plain(store.get(), original), fuel(store.get(), metered.bytes),
      both(store.get(), full.bytes);
  if (!plain.ok() || !fuel.ok() || !both.ok()) {
    state.SkipWithError("instantiation failed");
    return;
  }
  std::vector<std::pair<testing::V8Guest*, double>> runs{{&plain, 0}, {&fuel, 0}, {&both, 0}};
  int64_t expected = 0;
  for (auto& [guest, seconds] : runs) {  // warm-up (V8 tiers up) and a semantics check
    for (int i = 0; i < 3; ++i) {
      auto r = guest->call(entry, {testing::i32(n)});
      if (!r) {
        state.SkipWithError(guest->trap().c_str());
        return;
      }
      int64_t v = r->front().kind == WASM_I64 ? r->front().of.i64 : r->front().of.i32;
      if (guest == &plain) expected = v;
      else if (v != expected) {
        state.SkipWithError("instrumented result differs from plain");
        return;
      }
    }
  }
  for (auto _ : state) {
    for (auto& [guest, seconds] : runs) {
      auto start = std::chrono::steady_clock::now();
      auto r = guest->call(entry, {testing::i32(n)});
      seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      benchmark::DoNotOptimize(r);
    }
  }
  double iterations = static_cast<double>(state.iterations());
  state.counters["plain_ms"] = runs[0].second / iterations * 1e3;
  state.counters["fuel_ms"] = runs[1].second / iterations * 1e3;
  state.counters["fuel_async_ms"] = runs[2].second / iterations * 1e3;
  state.counters["fuel_ratio"] = runs[1].second / runs[0].second;
  state.counters["fuel_async_ratio"] = runs[2].second / runs[0].second;
  state.counters["out_of_fuel_calls"] = static_cast<double>(fuel.out_of_fuel_calls());
}

void register_all() {
  for (const char* name : kGuests) {
    std::string suffix = std::string("/") + name;
    benchmark::RegisterBenchmark(("Validate" + suffix).c_str(), BM_Validate, name)
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RegisterBenchmark(("MemoryImport" + suffix).c_str(), BM_MemoryImport, name)
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RegisterBenchmark(("StartExport" + suffix).c_str(), BM_StartExport, name)
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RegisterBenchmark(("Fuel" + suffix).c_str(), BM_Fuel, name)
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RegisterBenchmark(("Asyncify" + suffix).c_str(), BM_Asyncify, name)
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
    benchmark::RegisterBenchmark(("PrepareTotal" + suffix).c_str(), BM_PrepareTotal, name)
        ->Unit(benchmark::kMicrosecond)->UseRealTime();
  }
  benchmark::RegisterBenchmark("RunOverhead/mix", BM_RunOverhead, "mix")
      ->Arg(2'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
  benchmark::RegisterBenchmark("RunOverhead/fill", BM_RunOverhead, "fill")
      ->Arg(2'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();
}

}  // namespace
}  // namespace lh::instrument

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  lh::instrument::register_all();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
