// Guest preparation benchmarks: time per stage (V8 validation, memory import, start
// export, fuel metering, asyncify) and in total for the guests in the build, with the size
// growth as counters. Preparation uses the options every guest gets
// (host::guest_prepare_options). The run-time cost of the instrumentation is measured by
// bench/fuel_bench.cc. PrepareBSpawn and EmptyJob compare Binaryen in process with Binaryen in
// its worker process, and WorkerStart measures a worker's start (binaryen_worker.h).
#include <benchmark/benchmark.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "harness/binary/module_info.h"
#include "harness/host/module_loader.h"
#include "harness/instrument/binaryen_worker.h"
#include "harness/instrument/pipeline.h"

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

// Preparation of a small guest with Binaryen in this process (as before the worker) and in
// the worker: the difference is the cost of a job's round trip.
void BM_PrepareWhere(benchmark::State& state, const char* name, bool in_process) {
  auto bytes = read_guest(name);
  PrepareOptions options = host::guest_prepare_options();
  options.asyncify_options.runner.in_process = in_process;
  for (auto _ : state) {
    auto result = prepare(bytes, options);
    if (!result.ok()) {
      state.SkipWithError(result.error.c_str());
      return;
    }
    benchmark::DoNotOptimize(result.bytes.data());
  }
}

// One job that does almost nothing (validate the empty module): the bare cost of a round
// trip to the worker, against the same call in process.
void BM_EmptyJob(benchmark::State& state, bool in_process) {
  BinaryenJob job;
  job.kind = BinaryenJob::Kind::kValidate;
  job.wasm = {0, 'a', 's', 'm', 1, 0, 0, 0};
  job.features = binaryen_features();
  BinaryenRunner runner{.in_process = in_process};
  for (auto _ : state) benchmark::DoNotOptimize(run_binaryen_job(job, runner).bytes.ok());
}

// A worker's start: spawn, hello, one validation of a tiny module, kill and reap. `executable`
// is lh-binaryen-worker, or this (V8-linked) binary re-executed as the fallback.
void BM_WorkerStart(benchmark::State& state, bool reexecute) {
  BinaryenJob job;
  job.kind = BinaryenJob::Kind::kValidate;
  job.wasm = {0, 'a', 's', 'm', 1, 0, 0, 0};
  job.features = binaryen_features();
  BinaryenWorkerOptions options;
  options.executable = reexecute ? "/proc/self/exe" : binaryen_worker_executable();
  for (auto _ : state) {
    BinaryenWorker worker(options);
    auto outcome = worker.run(job);
    if (!outcome.bytes.ok()) {
      state.SkipWithError(outcome.bytes.message().c_str());
      return;
    }
  }
}

void register_all() {
  for (bool in_process : {true, false}) {
    benchmark::RegisterBenchmark(
        (std::string("PrepareBSpawn/") + (in_process ? "in_process" : "worker")).c_str(),
        BM_PrepareWhere, "b_spawn", in_process)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime()
        ->Repetitions(5)
        ->ReportAggregatesOnly();
  }
  for (bool in_process : {true, false}) {
    benchmark::RegisterBenchmark(
        (std::string("EmptyJob/") + (in_process ? "in_process" : "worker")).c_str(), BM_EmptyJob,
        in_process)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime()
        ->Repetitions(5)
        ->ReportAggregatesOnly();
  }
  for (bool reexecute : {false, true}) {
    benchmark::RegisterBenchmark(
        (std::string("WorkerStart/") + (reexecute ? "reexecuted_self" : "lh_binaryen_worker"))
            .c_str(),
        BM_WorkerStart, reexecute)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Repetitions(5)
        ->ReportAggregatesOnly();
  }
  for (const char* name : kGuests) {
    std::string suffix = std::string("/") + name;
    benchmark::RegisterBenchmark(("Validate" + suffix).c_str(), BM_Validate, name)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("MemoryImport" + suffix).c_str(), BM_MemoryImport, name)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("StartExport" + suffix).c_str(), BM_StartExport, name)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("Fuel" + suffix).c_str(), BM_Fuel, name)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("Asyncify" + suffix).c_str(), BM_Asyncify, name)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark(("PrepareTotal" + suffix).c_str(), BM_PrepareTotal, name)
        ->Unit(benchmark::kMicrosecond)
        ->UseRealTime();
  }
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
