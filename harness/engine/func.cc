// Function instances: host functions (callbacks wrapped as V8 functions) and calls into
// wasm. The trampoline here is the one place where a host trap becomes a V8 exception.
#include <array>
#include <vector>

#include "harness/engine/v8_internal.h"

namespace lh::engine {

struct HostFunc {
  wasm_store_t* store;
  wasm_functype_t* type;
  wasm_func_callback_with_env_t callback;
  void* env;
  void (*finalizer)(void*);
  v8::Global<v8::Function> weak_handle;
};

void reset_host_func_handle(HostFunc* func) { func->weak_handle.Reset(); }

void release_host_func(HostFunc* func) {
  func->weak_handle.Reset();
  func->store->host_funcs.erase(func);
  if (func->finalizer) func->finalizer(func->env);
  wasm_functype_delete(func->type);
  delete func;
}

namespace {

wasm_trap_t* call_plain_callback(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  return reinterpret_cast<wasm_func_callback_t>(env)(args, results);
}

// The values of one call: inline for the usual few, on the heap beyond (a host call is hot).
class ValBuffer {
 public:
  explicit ValBuffer(size_t size) : size_(size) {
    if (size > inline_.size()) heap_.resize(size);
  }
  wasm_val_t* data() { return size_ > inline_.size() ? heap_.data() : inline_.data(); }
  wasm_val_t& operator[](size_t i) { return data()[i]; }
  [[nodiscard]] size_t size() const { return size_; }

 private:
  std::array<wasm_val_t, 8> inline_{};
  std::vector<wasm_val_t> heap_;
  size_t size_;
};

wasm_trap_t* make_trap(std::string message) {
  auto* trap = new wasm_trap_t;
  trap->message = std::move(message);
  return trap;
}

void host_trampoline(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto* func = static_cast<HostFunc*>(info.Data().As<v8::External>()->Value());
  ++func->store->wasm_epoch;
  v8::Isolate* isolate = info.GetIsolate();
  auto context = isolate->GetCurrentContext();
  const auto& params = func->type->params;
  const auto& result_types = func->type->results;

  ValBuffer arg_values(params.size);
  for (size_t i = 0; i < params.size; ++i) {
    auto kind = params.data[i]->kind;
    if (!value_from_v8(context, info[static_cast<int>(i)], kind, &arg_values[i])) {
      throw_trap(func->store, make_trap("host function called with a mistyped argument"));
      return;
    }
  }
  ValBuffer result_values(result_types.size);
  for (size_t i = 0; i < result_types.size; ++i) result_values[i].kind = result_types.data[i]->kind;
  wasm_val_vec_t args{arg_values.size(), arg_values.data()};
  wasm_val_vec_t results{result_values.size(), result_values.data()};

  if (wasm_trap_t* trap = func->callback(func->env, &args, &results)) {
    throw_trap(func->store, trap);
    return;
  }
  if (result_values.size() == 1) {
    info.GetReturnValue().Set(value_to_v8(isolate, result_values[0]));
  } else if (result_values.size() > 1) {
    auto array = v8::Array::New(isolate, static_cast<int>(result_values.size()));
    for (size_t i = 0; i < result_values.size(); ++i)
      array->Set(context, static_cast<uint32_t>(i), value_to_v8(isolate, result_values[i])).Check();
    info.GetReturnValue().Set(array);
  }
}

// V8 allows a first-pass weak callback to do nothing but reset the handle; the rest (the
// user's finalizer, freeing the type) runs in the second pass (review R6).
void release_collected_host_func(const v8::WeakCallbackInfo<HostFunc>& info) {
  release_host_func(info.GetParameter());
}

void on_host_func_collected(const v8::WeakCallbackInfo<HostFunc>& info) {
  info.GetParameter()->weak_handle.Reset();
  info.SetSecondPassCallback(release_collected_host_func);
}

}  // namespace
}  // namespace lh::engine

using namespace lh::engine;

extern "C" {

wasm_func_t* wasm_func_new_with_env(wasm_store_t* store, const wasm_functype_t* type,
                                    wasm_func_callback_with_env_t callback, void* env,
                                    void (*finalizer)(void*)) {
  StoreScope scope(store);
  v8::Isolate* isolate = store->isolate;
  auto* data = new HostFunc{store, wasm_functype_copy(type), callback, env, finalizer, {}};
  auto function =
      v8::Function::New(scope.context(), host_trampoline, v8::External::New(isolate, data),
                        static_cast<int>(type->params.size), v8::ConstructorBehavior::kThrow)
          .ToLocalChecked();
  data->weak_handle.Reset(isolate, function);
  data->weak_handle.SetWeak(data, on_host_func_collected, v8::WeakCallbackType::kParameter);
  store->host_funcs.insert(data);
  return new wasm_func_t(store, function, wasm_functype_copy(type));
}

wasm_func_t* wasm_func_new(wasm_store_t* store, const wasm_functype_t* type,
                           wasm_func_callback_t callback) {
  return wasm_func_new_with_env(store, type, call_plain_callback, reinterpret_cast<void*>(callback),
                                nullptr);
}

wasm_functype_t* wasm_func_type(const wasm_func_t* func) { return wasm_functype_copy(func->type); }
size_t wasm_func_param_arity(const wasm_func_t* func) { return func->type->params.size; }
size_t wasm_func_result_arity(const wasm_func_t* func) { return func->type->results.size; }

wasm_trap_t* wasm_func_call(const wasm_func_t* func, const wasm_val_vec_t* args,
                            wasm_val_vec_t* results) {
  wasm_store_t* store = func->store;
  StoreScope scope(store);
  v8::Isolate* isolate = store->isolate;
  const auto& params = func->type->params;
  const auto& result_types = func->type->results;
  if (args->size != params.size) {
    return make_trap("wasm_func_call: " + std::to_string(args->size) + " arguments given, " +
                     std::to_string(params.size) + " expected");
  }
  if (!results || results->size < result_types.size) {
    return make_trap("wasm_func_call: results vector too small");
  }
  std::vector<v8::Local<v8::Value>> argv(params.size);
  for (size_t i = 0; i < params.size; ++i) {
    if (args->data[i].kind != params.data[i]->kind)
      return make_trap("wasm_func_call: argument " + std::to_string(i) + " has the wrong type");
    argv[i] = value_to_v8(isolate, args->data[i]);
  }
  v8::TryCatch caught(isolate);
  auto function = func->handle.Get(isolate).As<v8::Function>();
  v8::Local<v8::Value> returned;
  bool called = function
                    ->Call(scope.context(), v8::Undefined(isolate), static_cast<int>(argv.size()),
                           argv.data())
                    .ToLocal(&returned);
  ++store->wasm_epoch;
  if (!called) return trap_from_exception(store, caught);
  if (result_types.size == 1) {
    if (!value_from_v8(scope.context(), returned, result_types.data[0]->kind, &results->data[0]))
      return make_trap("wasm_func_call: result has the wrong type");
  } else if (result_types.size > 1) {
    auto array = returned.As<v8::Array>();
    for (uint32_t i = 0; i < result_types.size; ++i) {
      auto element = array->Get(scope.context(), i).ToLocalChecked();
      if (!value_from_v8(scope.context(), element, result_types.data[i]->kind, &results->data[i]))
        return make_trap("wasm_func_call: result has the wrong type");
    }
  }
  return nullptr;
}

void wasm_func_delete(wasm_func_t* func) { delete func; }

}  // extern "C"
