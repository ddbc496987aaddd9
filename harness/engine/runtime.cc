// Engine and store lifetime over V8, value conversion, and the single conversion point
// between host traps and V8 exceptions.
#include <libplatform/libplatform.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "harness/engine/v8_internal.h"
#include "harness/engine/wasm_ext.h"

namespace lh::engine {
namespace {

// V8 is initialised once per OS process and never torn down (V8 cannot re-initialise).
// --single-threaded: no background compile or GC threads, so runs are reproducible and
// wasm stays on Liftoff. Exception handling is off so that no guest can catch a host trap.
constexpr char kV8Flags[] =
    "--single-threaded --no-experimental-wasm-eh --no-wasm-async-compilation";

// The most a store's V8 heap may hold (see wasm_store_new).
constexpr size_t kMaxEngineHeapBytes = size_t{12} << 30;

void initialize_v8_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    v8::V8::SetFlagsFromString(kV8Flags);
    static std::unique_ptr<v8::Platform> platform =
        v8::platform::NewSingleThreadedDefaultPlatform();
    v8::V8::InitializePlatform(platform.get());
    if (!v8::V8::Initialize()) {
      std::fputs("lunatic-harness: V8 failed to initialise\n", stderr);
      std::abort();
    }
  });
}

v8::Local<v8::Function> webassembly_ctor(v8::Isolate* isolate, v8::Local<v8::Context> context,
                                         const char* name) {
  auto global = context->Global();
  auto wasm = global->Get(context, v8::String::NewFromUtf8Literal(isolate, "WebAssembly"))
                  .ToLocalChecked()
                  .As<v8::Object>();
  return wasm->Get(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked())
      .ToLocalChecked()
      .As<v8::Function>();
}

}  // namespace

std::string to_utf8(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  v8::String::Utf8Value text(isolate, value);
  return *text ? std::string(*text, text.length()) : std::string("<unprintable exception>");
}

wasm_trap_t* trap_from_exception(wasm_store_t* store, v8::TryCatch& caught) {
  v8::Isolate* isolate = store->isolate;
  auto exception = caught.Exception();
  std::unique_ptr<wasm_trap_t> pending = std::move(store->pending_trap);
  bool ours = pending && !store->pending_exception.IsEmpty() && !exception.IsEmpty() &&
              store->pending_exception.Get(isolate)->StrictEquals(exception);
  store->pending_exception.Reset();
  if (ours) return pending.release();
  auto* trap = new wasm_trap_t;
  trap->message = caught.HasTerminated() ? std::string("execution terminated")
                  : exception.IsEmpty()  ? std::string("unknown engine failure")
                                         : to_utf8(isolate, exception);
  return trap;
}

void throw_trap(wasm_store_t* store, wasm_trap_t* trap) {
  v8::Isolate* isolate = store->isolate;
  auto text =
      v8::String::NewFromUtf8(isolate, trap->message.c_str()).FromMaybe(v8::String::Empty(isolate));
  auto error = v8::Exception::Error(text);
  store->pending_trap.reset(trap);
  store->pending_exception.Reset(isolate, error);
  isolate->ThrowException(error);
}

v8::Local<v8::Value> value_to_v8(v8::Isolate* isolate, const wasm_val_t& value) {
  switch (value.kind) {
    case WASM_I32: return v8::Integer::New(isolate, value.of.i32);
    case WASM_I64: return v8::BigInt::New(isolate, value.of.i64);
    case WASM_F32: return v8::Number::New(isolate, value.of.f32);
    case WASM_F64: return v8::Number::New(isolate, value.of.f64);
    default: return v8::Null(isolate);
  }
}

bool value_from_v8(v8::Local<v8::Context> context, v8::Local<v8::Value> js, wasm_valkind_t kind,
                   wasm_val_t* out) {
  out->kind = kind;
  switch (kind) {
    case WASM_I32: {
      if (!js->IsNumber()) return false;
      out->of.i32 = js->Int32Value(context).FromMaybe(0);
      return true;
    }
    case WASM_I64: {
      if (!js->IsBigInt()) return false;
      out->of.i64 = js.As<v8::BigInt>()->Int64Value();
      return true;
    }
    case WASM_F32:
    case WASM_F64: {
      if (!js->IsNumber()) return false;
      double number = js->NumberValue(context).FromMaybe(0);
      if (kind == WASM_F32)
        out->of.f32 = static_cast<float>(number);
      else
        out->of.f64 = number;
      return true;
    }
    default: out->of.ref = nullptr; return js->IsNull();
  }
}

}  // namespace lh::engine

using namespace lh::engine;

extern "C" {

wasm_config_t* wasm_config_new() { return new wasm_config_t; }
void wasm_config_delete(wasm_config_t* config) { delete config; }

wasm_engine_t* wasm_engine_new() {
  initialize_v8_once();
  return new wasm_engine_t;
}
wasm_engine_t* wasm_engine_new_with_config(wasm_config_t* config) {
  delete config;
  return wasm_engine_new();
}
void wasm_engine_delete(wasm_engine_t* engine) { delete engine; }

wasm_store_t* wasm_store_new(wasm_engine_t*) {
  auto* store = new wasm_store_t;
  store->allocator.reset(v8::ArrayBuffer::Allocator::NewDefaultAllocator());
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = store->allocator.get();
  // V8 sizes its heap for a browser tab (about 2-4 GiB); an instance holds about 5 KiB of
  // it, so a million live processes need more. A fixed size, not one read from the
  // machine, so that where a run runs out does not depend on the machine.
  params.constraints.set_max_old_generation_size_in_bytes(kMaxEngineHeapBytes);
  store->isolate = v8::Isolate::New(params);
  v8::Isolate* isolate = store->isolate;
  v8::Isolate::Scope isolate_scope(isolate);
  v8::HandleScope handles(isolate);
  auto context = v8::Context::New(isolate);
  v8::Context::Scope context_scope(context);
  store->context.Reset(isolate, context);
  store->instance_ctor.Reset(isolate, webassembly_ctor(isolate, context, "Instance"));
  store->memory_ctor.Reset(isolate, webassembly_ctor(isolate, context, "Memory"));
  store->global_ctor.Reset(isolate, webassembly_ctor(isolate, context, "Global"));
  auto value_key =
      v8::String::NewFromUtf8Literal(isolate, "value", v8::NewStringType::kInternalized);
  // WebAssembly.Global.prototype's `value` accessors, called directly on a global: the same
  // functions a property access would reach, without the property lookup on every access.
  auto prototype = store->global_ctor.Get(isolate)
                       ->Get(context, v8::String::NewFromUtf8Literal(isolate, "prototype"))
                       .ToLocalChecked()
                       .As<v8::Object>();
  auto accessors =
      prototype->GetOwnPropertyDescriptor(context, value_key).ToLocalChecked().As<v8::Object>();
  auto accessor = [&](const char* name) {
    return accessors->Get(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked())
        .ToLocalChecked()
        .As<v8::Function>();
  };
  store->global_value_get.Reset(isolate, accessor("get"));
  store->global_value_set.Reset(isolate, accessor("set"));
  return store;
}

uint64_t wasmx_store_wasm_epoch(const wasm_store_t* store) { return store->wasm_epoch; }

void wasm_store_delete(wasm_store_t* store) {
  store->pending_exception.Reset();
  store->instance_ctor.Reset();
  store->memory_ctor.Reset();
  store->global_ctor.Reset();
  store->global_value_get.Reset();
  store->global_value_set.Reset();
  store->context.Reset();
  for (auto* func : store->host_funcs) reset_host_func_handle(func);
  store->isolate->Dispose();
  // Weak callbacks do not run at disposal: release the host functions still registered.
  for (auto* func : std::set<HostFunc*>(store->host_funcs)) release_host_func(func);
  delete store;
}

}  // extern "C"
