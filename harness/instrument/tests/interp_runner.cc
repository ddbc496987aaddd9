// Built as C++17: wabt's interpreter headers do not compile as C++20 with g++ 12.
#include "harness/instrument/tests/interp_runner.h"

#include <wabt/binary-reader.h>
#include <wabt/interp/binary-reader-interp.h>
#include <wabt/interp/interp.h>

#include <map>

#include "harness/instrument/names.h"

namespace lh::instrument::testing {

namespace interp = wabt::interp;

struct Runner::State {
  wabt::Features features;
  interp::Store store;
  interp::Instance::Ptr instance;
  interp::Module::Ptr module;
  std::map<std::string, interp::Ref> exports;
  std::string error;
  uint32_t out_of_fuel_calls = 0;

  State() : features(all_features()), store(features) {}
  static wabt::Features all_features() {
    wabt::Features f;
    f.enable_exceptions();
    f.enable_threads();
    f.enable_tail_call();
    return f;
  }
};

Runner::Runner(const uint8_t* data, size_t size) : state_(std::make_unique<State>()) {
  State& s = *state_;
  interp::ModuleDesc desc;
  wabt::Errors errors;
  wabt::ReadBinaryOptions options(s.features, nullptr, false, true, false);
  if (wabt::Failed(interp::ReadBinaryInterp("test.wasm", data, size, options, &errors, &desc))) {
    s.error = "wabt could not read the module";
    for (const auto& e : errors) s.error += "; " + e.message;
    return;
  }
  s.module = interp::Module::New(s.store, desc);
  interp::RefVec imports;
  for (const auto& import : s.module->desc().imports) {
    const auto* type = import.type.type.get();
    if (auto* func = wabt::dyn_cast<interp::FuncType>(type)) {
      bool fuel_hook = import.type.module == kHarnessModule && import.type.name == kOutOfFuelImport;
      interp::FuncType ft = *func;
      auto host = interp::HostFunc::New(
          s.store, ft,
          [this, fuel_hook, ft](interp::Thread&, const interp::Values&, interp::Values& results,
                                interp::Trap::Ptr*) -> wabt::Result {
            if (fuel_hook) ++state_->out_of_fuel_calls;
            for (auto type : ft.results) {
              interp::Value zero{};
              zero.SetType(type);
              results.push_back(zero);
            }
            return wabt::Result::Ok;
          });
      imports.push_back(host.ref());
    } else if (auto* memory = wabt::dyn_cast<interp::MemoryType>(type)) {
      imports.push_back(interp::Memory::New(s.store, *memory).ref());
    } else {
      s.error = "unsupported import " + import.type.module + "." + import.type.name;
      return;
    }
  }
  interp::Trap::Ptr trap;
  s.instance = interp::Instance::Instantiate(s.store, s.module.ref(), imports, &trap);
  if (!s.instance) {
    s.error = trap ? trap->message() : "instantiation failed";
    return;
  }
  for (size_t i = 0; i < s.module->desc().exports.size(); ++i) {
    s.exports[s.module->desc().exports[i].type.name] = s.instance->exports()[i];
  }
}

Runner::~Runner() = default;

const std::string& Runner::error() const { return state_->error; }

std::optional<int64_t> Runner::call(const std::string& name, std::vector<int32_t> args) {
  State& s = *state_;
  auto found = s.exports.find(name);
  if (found == s.exports.end()) {
    s.error = "no export " + name;
    return std::nullopt;
  }
  auto func = s.store.UnsafeGet<interp::Func>(found->second);
  interp::Values params;
  for (int32_t arg : args) params.push_back(interp::Value::Make(arg));
  interp::Values results;
  interp::Trap::Ptr trap;
  if (wabt::Failed(func->Call(s.store, params, results, &trap))) {
    s.error = trap ? trap->message() : "call failed";
    return std::nullopt;
  }
  if (results.empty()) return 0;
  if (func->type().results[0] == wabt::Type::I64) {
    return static_cast<int64_t>(results[0].Get<uint64_t>());
  }
  return static_cast<int32_t>(results[0].Get<uint32_t>());
}

int64_t Runner::fuel() const {
  auto global = state_->store.UnsafeGet<interp::Global>(state_->exports.at(kFuelExport));
  return static_cast<int64_t>(global->Get().Get<uint64_t>());
}

void Runner::set_fuel(int64_t fuel) {
  auto global = state_->store.UnsafeGet<interp::Global>(state_->exports.at(kFuelExport));
  global->UnsafeSet(interp::Value::Make(static_cast<uint64_t>(fuel)));
}

uint32_t Runner::out_of_fuel_calls() const { return state_->out_of_fuel_calls; }

}  // namespace lh::instrument::testing
