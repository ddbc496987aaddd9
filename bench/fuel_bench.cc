// Fuel metering overhead on a compute loop, on the engine directly (no world): the guest
// b_compute prepared three ways with instrument::prepare, outside the timed loop —
//   plain:   memory import only (no fuel, no asyncify)
//   metered: memory import + fuel metering
//   guest:   the options every guest gets (fuel + asyncify over the out-of-fuel hook)
// — and `mix(n)` called on each, timed separately in the same iterations. The out-of-fuel
// hook refills one slice (100,000 units), as the world does on a fuel yield.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstring>

#include "bench/bench_world.h"
#include "harness/instrument/names.h"
#include "harness/instrument/pipeline.h"

namespace lh::bench {
namespace {

// One instance of prepared bytes with the harness imports a compute guest needs.
class Instance {
 public:
  Instance(wasm_store_t* store, const std::vector<uint8_t>& bytes) {
    auto compiled = engine::compile(store, bytes);
    if (!compiled.ok()) {
      error_ = "compilation failed: " + compiled.message();
      return;
    }
    module_ = std::move(compiled).value();
    wasm_importtype_vec_t imports;
    wasm_module_imports(module_.get(), &imports);
    std::vector<wasm_extern_t*> externs;
    for (size_t i = 0; i < imports.size; ++i) {
      const wasm_name_t* name = wasm_importtype_name(imports.data[i]);
      std::string_view import(name->data, name->size);
      const wasm_externtype_t* type = wasm_importtype_type(imports.data[i]);
      if (import == instrument::kMemoryImport) {
        memory_.reset(wasm_memory_new(store, wasm_externtype_as_memorytype_const(type)));
        externs.push_back(wasm_memory_as_extern(memory_.get()));
      } else if (import == instrument::kOutOfFuelImport) {
        refill_.reset(wasm_func_new_with_env(store, wasm_externtype_as_functype_const(type),
                                             &Instance::out_of_fuel, this, nullptr));
        externs.push_back(wasm_func_as_extern(refill_.get()));
      }
    }
    size_t wanted = imports.size;
    wasm_importtype_vec_delete(&imports);
    if (externs.size() != wanted) {
      error_ = "an import is neither the memory nor the out-of-fuel hook";
      return;
    }
    wasm_extern_vec_t vec{externs.size(), externs.data()};
    wasm_trap_t* trap = nullptr;
    instance_.reset(wasm_instance_new(store, module_.get(), &vec, &trap));
    if (!instance_) {
      error_ = trap ? engine::trap_message(trap) : "instantiation failed";
      if (trap) wasm_trap_delete(trap);
      return;
    }
    wasm_instance_exports(instance_.get(), exports_.out());
    wasm_exporttype_vec_t types;
    wasm_module_exports(module_.get(), &types);
    for (size_t i = 0; i < types.size; ++i) {
      const wasm_name_t* name = wasm_exporttype_name(types.data[i]);
      std::string_view export_name(name->data, name->size);
      if (export_name == "mix") mix_ = wasm_extern_as_func(exports_[i]);
      if (export_name == instrument::kFuelExport) fuel_ = wasm_extern_as_global(exports_[i]);
    }
    wasm_exporttype_vec_delete(&types);
    refill();
  }
  [[nodiscard]] bool ok() const { return mix_ != nullptr; }
  [[nodiscard]] std::string error() const {
    return mix_ ? "" : error_.empty() ? "no export mix" : error_;
  }
  [[nodiscard]] uint64_t refills() const { return refills_; }

  // mix(n); nullopt if it trapped.
  std::optional<int64_t> mix(int32_t n) {
    wasm_val_t arg;
    arg.kind = WASM_I32;
    arg.of.i32 = n;
    wasm_val_t result;
    result.kind = WASM_I64;
    wasm_val_vec_t args{1, &arg}, results{1, &result};
    engine::TrapPtr trap(wasm_func_call(mix_, &args, &results));
    if (trap) return std::nullopt;
    return result.of.i64;
  }

 private:
  void refill() {
    if (!fuel_) return;
    wasm_val_t value;
    wasm_global_get(fuel_, &value);
    value.of.i64 += sim::kFuelSlice;
    wasm_global_set(fuel_, &value);
  }
  static wasm_trap_t* out_of_fuel(void* env, const wasm_val_vec_t*, wasm_val_vec_t*) {
    auto* self = static_cast<Instance*>(env);
    ++self->refills_;
    self->refill();
    return nullptr;
  }

  engine::ModulePtr module_;
  engine::MemoryPtr memory_;
  engine::FuncPtr refill_;
  engine::InstancePtr instance_;
  engine::ExternVec exports_;
  wasm_func_t* mix_ = nullptr;
  wasm_global_t* fuel_ = nullptr;
  uint64_t refills_ = 0;
  std::string error_;
};

void BM_FuelOverhead(benchmark::State& state) {
  const auto n = static_cast<int32_t>(state.range(0));
  auto original = read_guest("b_compute");
  instrument::PrepareOptions plain_options = host::guest_prepare_options();
  plain_options.meter_fuel = false;
  plain_options.asyncify = false;
  plain_options.asyncify_options.imports.clear();
  instrument::PrepareOptions metered_options = host::guest_prepare_options();
  metered_options.asyncify = false;
  metered_options.asyncify_options.imports.clear();
  auto plain_bytes = instrument::prepare(original, plain_options);
  auto metered_bytes = instrument::prepare(original, metered_options);
  auto guest_bytes = instrument::prepare(original, host::guest_prepare_options());
  if (!plain_bytes.ok() || !metered_bytes.ok() || !guest_bytes.ok())
    return state.SkipWithError("preparation failed");
  engine::StorePtr store(wasm_store_new(shared_engine()));
  Instance plain(store.get(), plain_bytes.bytes), metered(store.get(), metered_bytes.bytes),
      full(store.get(), guest_bytes.bytes);
  if (!plain.ok() || !metered.ok() || !full.ok()) {
    std::string which = !plain.ok()     ? "plain: " + plain.error()
                        : !metered.ok() ? "metered: " + metered.error()
                                        : "guest: " + full.error();
    return state.SkipWithError(("instantiation failed (" + which + ")").c_str());
  }
  struct Run {
    Instance* instance;
    double seconds = 0;
  };
  Run runs[] = {{&plain}, {&metered}, {&full}};
  std::optional<int64_t> expected = plain.mix(n);
  for (auto& run : runs) {  // warm-up, and the same result everywhere
    if (!expected || run.instance->mix(n) != expected)
      return state.SkipWithError("an instrumented run trapped or gave another result");
  }
  for (auto _ : state) {
    for (auto& run : runs) {
      auto start = std::chrono::steady_clock::now();
      benchmark::DoNotOptimize(run.instance->mix(n));
      run.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
  }
  double iterations = static_cast<double>(state.iterations());
  state.counters["plain_ms"] = runs[0].seconds / iterations * 1e3;
  state.counters["metered_ms"] = runs[1].seconds / iterations * 1e3;
  state.counters["guest_ms"] = runs[2].seconds / iterations * 1e3;
  state.counters["metered_ratio"] = runs[1].seconds / runs[0].seconds;
  state.counters["guest_ratio"] = runs[2].seconds / runs[0].seconds;
  state.counters["fuel_refills_per_call"] =
      static_cast<double>(metered.refills()) / (iterations + 1);
}

BENCHMARK(BM_FuelOverhead)->Arg(20'000'000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lh::bench
