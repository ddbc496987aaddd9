// Shared GoogleTest fixture for the engine layer: one engine and store per test, and
// helpers to compile WAT, build host functions and call exports by name.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/engine/wasm.h"
#include "harness/engine/wasm_ext.h"
#include "harness/testing/wat.h"

namespace lh::engine::testing {

// A host callback as a std::function; the fixture keeps it alive for the test.
using HostFn = std::function<wasm_trap_t*(const wasm_val_vec_t*, wasm_val_vec_t*)>;

class EngineTest : public ::testing::Test {
 protected:
  EngineTest() : engine_(wasm_engine_new()), store_(wasm_store_new(engine_.get())) {}

  wasm_store_t* store() { return store_.get(); }

  ModulePtr compile(std::string_view wat) {
    auto bytes = lh::testing::wat_to_wasm(wat);
    wasm_byte_vec_t binary{bytes.size(), reinterpret_cast<char*>(bytes.data())};
    wasm_message_t error{0, nullptr};
    ModulePtr module(wasmx_module_new_checked(store(), &binary, &error));
    if (!module) {
      ADD_FAILURE() << "compile failed: " << std::string(error.data, error.size);
      wasm_byte_vec_delete(&error);
    }
    return module;
  }

  static wasm_functype_t* functype(std::vector<wasm_valkind_t> params,
                                   std::vector<wasm_valkind_t> results) {
    wasm_valtype_vec_t p, r;
    wasm_valtype_vec_new_uninitialized(&p, params.size());
    wasm_valtype_vec_new_uninitialized(&r, results.size());
    for (size_t i = 0; i < params.size(); ++i) p.data[i] = wasm_valtype_new(params[i]);
    for (size_t i = 0; i < results.size(); ++i) r.data[i] = wasm_valtype_new(results[i]);
    return wasm_functype_new(&p, &r);
  }

  // A host function running `fn`; the returned func is owned by the caller.
  FuncPtr host_func(std::vector<wasm_valkind_t> params, std::vector<wasm_valkind_t> results,
                    HostFn fn) {
    FuncTypePtr type(functype(std::move(params), std::move(results)));
    auto* boxed = new HostFn(std::move(fn));
    return FuncPtr(wasm_func_new_with_env(
        store(), type.get(),
        [](void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
          return (*static_cast<HostFn*>(env))(args, results);
        },
        boxed, [](void* env) { delete static_cast<HostFn*>(env); }));
  }

  // Instantiates `module` with `imports` (borrowed); on failure the test fails and the
  // trap message is returned in *trap_message.
  InstancePtr instantiate(const wasm_module_t* module, std::vector<wasm_extern_t*> imports,
                          std::string* trap_text = nullptr) {
    wasm_extern_vec_t vec{imports.size(), imports.data()};
    wasm_trap_t* trap = nullptr;
    InstancePtr instance(wasm_instance_new(store(), module, &vec, &trap));
    if (trap) {
      if (trap_text) *trap_text = trap_message(trap);
      wasm_trap_delete(trap);
    }
    return instance;
  }

  // Export `name` of `instance`, as an owned extern (nullptr if absent).
  wasm_extern_t* find_export(const wasm_instance_t* instance, const wasm_module_t* module,
                             std::string_view name) {
    wasm_exporttype_vec_t types;
    wasm_module_exports(module, &types);
    auto& exports = exports_.emplace_back(std::make_unique<ExternVec>());
    wasm_instance_exports(instance, exports->out());
    wasm_extern_t* found = nullptr;
    for (size_t i = 0; i < types.size; ++i) {
      const wasm_name_t* n = wasm_exporttype_name(types.data[i]);
      if (std::string_view(n->data, n->size) == name) found = (*exports)[i];
    }
    wasm_exporttype_vec_delete(&types);
    return found;
  }

  // Calls `func` with `args`; returns the trap message ("" when it returned normally).
  std::string call(const wasm_func_t* func, std::vector<wasm_val_t> args,
                   std::vector<wasm_val_t>* results = nullptr) {
    std::vector<wasm_val_t> out(wasm_func_result_arity(func));
    wasm_val_vec_t a{args.size(), args.data()};
    wasm_val_vec_t r{out.size(), out.data()};
    TrapPtr trap(wasm_func_call(func, &a, &r));
    if (results) *results = out;
    return trap ? trap_message(trap.get()) : std::string();
  }

  EnginePtr engine_;
  StorePtr store_;
  std::vector<std::unique_ptr<ExternVec>> exports_;
};

inline wasm_val_t i32(int32_t v) {
  wasm_val_t x;
  x.kind = WASM_I32;
  x.of.i32 = v;
  return x;
}
inline wasm_val_t i64(int64_t v) {
  wasm_val_t x;
  x.kind = WASM_I64;
  x.of.i64 = v;
  return x;
}
inline wasm_val_t f32(float v) {
  wasm_val_t x;
  x.kind = WASM_F32;
  x.of.f32 = v;
  return x;
}
inline wasm_val_t f64(double v) {
  wasm_val_t x;
  x.kind = WASM_F64;
  x.of.f64 = v;
  return x;
}

}  // namespace lh::engine::testing
