// Global, table and memory instances, and the extern casts of wasm.h.
#include "harness/engine/v8_internal.h"

namespace lh::engine {
namespace {

v8::Local<v8::String> str(v8::Isolate* isolate, const char* text) {
  return v8::String::NewFromUtf8(isolate, text).ToLocalChecked();
}

const char* valkind_js_name(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    case WASM_FUNCREF: return "anyfunc";
    default: return "externref";
  }
}

v8::Local<v8::ArrayBuffer> memory_buffer(const wasm_memory_t* memory) {
  auto object = memory->handle.Get(memory->store->isolate);
  return v8::WasmMemoryObject::Cast(*object)->Buffer();
}

}  // namespace

wasm_extern_t* wrap_extern(wasm_store_t* store, v8::Local<v8::Object> object,
                           wasm_externtype_t* type) {
  switch (type->kind) {
    case WASM_EXTERN_FUNC:
      return new wasm_func_t(store, object, static_cast<wasm_functype_t*>(type));
    case WASM_EXTERN_GLOBAL:
      return new wasm_global_t(store, object, static_cast<wasm_globaltype_t*>(type));
    case WASM_EXTERN_TABLE:
      return new wasm_table_t(store, object, static_cast<wasm_tabletype_t*>(type));
    default: return new wasm_memory_t(store, object, static_cast<wasm_memorytype_t*>(type));
  }
}

wasm_extern_t* extern_copy(const wasm_extern_t* external) {
  StoreScope scope(external->store);
  return wrap_extern(external->store, external->handle.Get(external->store->isolate),
                     wasm_extern_type(external));
}

}  // namespace lh::engine

using namespace lh::engine;

extern "C" {

// Globals
wasm_global_t* wasm_global_new(wasm_store_t* store, const wasm_globaltype_t* type,
                               const wasm_val_t* value) {
  StoreScope scope(store);
  v8::Isolate* isolate = store->isolate;
  auto descriptor = v8::Object::New(isolate);
  descriptor
      ->Set(scope.context(), str(isolate, "value"),
            str(isolate, valkind_js_name(type->content->kind)))
      .Check();
  descriptor
      ->Set(scope.context(), str(isolate, "mutable"),
            v8::Boolean::New(isolate, type->mutability == WASM_VAR))
      .Check();
  v8::Local<v8::Value> argv[] = {descriptor, value_to_v8(isolate, *value)};
  v8::TryCatch caught(isolate);
  v8::Local<v8::Object> global;
  if (!store->global_ctor.Get(isolate)->NewInstance(scope.context(), 2, argv).ToLocal(&global))
    return nullptr;
  auto* copy = wasm_globaltype_new(wasm_valtype_copy(type->content), type->mutability);
  return new wasm_global_t(store, global, copy);
}

wasm_globaltype_t* wasm_global_type(const wasm_global_t* global) {
  return wasm_globaltype_new(wasm_valtype_copy(global->type->content), global->type->mutability);
}

void wasm_global_get(const wasm_global_t* global, wasm_val_t* out) {
  StoreScope scope(global->store);
  v8::Isolate* isolate = global->store->isolate;
  // The getter is JavaScript: called near the native stack's limit (a host function called
  // from deep recursion, e.g. out_of_fuel) it throws a RangeError instead of returning. The
  // exception stays pending and traps the calling guest when the host function returns.
  v8::Local<v8::Value> value;
  if (!global->store->global_value_get.Get(isolate)
           ->Call(scope.context(), global->handle.Get(isolate), 0, nullptr)
           .ToLocal(&value) ||
      !value_from_v8(scope.context(), value, global->type->content->kind, out))
    out->of.i64 = 0;
}

void wasm_global_set(wasm_global_t* global, const wasm_val_t* value) {
  StoreScope scope(global->store);
  v8::Isolate* isolate = global->store->isolate;
  v8::TryCatch caught(isolate);  // setting an immutable global is a no-op, as in the C API
  v8::Local<v8::Value> argv[] = {value_to_v8(isolate, *value)};
  auto ignored = global->store->global_value_set.Get(isolate)->Call(
      scope.context(), global->handle.Get(isolate), 1, argv);
  (void)ignored;
}

void wasm_global_delete(wasm_global_t* global) { delete global; }

// Tables
wasm_tabletype_t* wasm_table_type(const wasm_table_t* table) {
  return wasm_tabletype_new(wasm_valtype_copy(table->type->element), &table->type->limits);
}
wasm_table_size_t wasm_table_size(const wasm_table_t* table) {
  StoreScope scope(table->store);
  v8::Isolate* isolate = table->store->isolate;
  auto length = table->handle.Get(isolate)->Get(scope.context(), str(isolate, "length"));
  return length.ToLocalChecked()->Uint32Value(scope.context()).FromMaybe(0);
}
void wasm_table_delete(wasm_table_t* table) { delete table; }

// Memories
wasm_memory_t* wasm_memory_new(wasm_store_t* store, const wasm_memorytype_t* type) {
  StoreScope scope(store);
  v8::Isolate* isolate = store->isolate;
  auto descriptor = v8::Object::New(isolate);
  descriptor
      ->Set(scope.context(), str(isolate, "initial"),
            v8::Integer::NewFromUnsigned(isolate, type->limits.min))
      .Check();
  if (type->limits.max != wasm_limits_max_default) {
    descriptor
        ->Set(scope.context(), str(isolate, "maximum"),
              v8::Integer::NewFromUnsigned(isolate, type->limits.max))
        .Check();
  }
  v8::Local<v8::Value> argv[] = {descriptor};
  v8::TryCatch caught(isolate);
  v8::Local<v8::Object> memory;
  if (!store->memory_ctor.Get(isolate)->NewInstance(scope.context(), 1, argv).ToLocal(&memory))
    return nullptr;
  auto* result = new wasm_memory_t(store, memory, wasm_memorytype_new(&type->limits));
  // V8 counts every wasm memory as external memory and starts a full collection each time
  // that count grows by 64 MiB, which with thousands of live processes makes every spawn
  // pay for marking all the others. No collection can free a memory the host still holds,
  // so it is left out of the count until wasm_memory_delete.
  result->held_bytes = static_cast<int64_t>(type->limits.min) * 65536;
  isolate->AdjustAmountOfExternalAllocatedMemory(-result->held_bytes);
  return result;
}

wasm_memorytype_t* wasm_memory_type(const wasm_memory_t* memory) {
  return wasm_memorytype_new(&memory->type->limits);
}

namespace {

// Refreshes `memory`'s cached view of its buffer if wasm code may have run since it was read.
const wasm_memory_t& current_view(const wasm_memory_t* memory) {
  if (memory->view_epoch != memory->store->wasm_epoch) {
    StoreScope scope(memory->store);
    auto buffer = memory_buffer(memory);
    memory->view_data = static_cast<byte_t*>(buffer->Data());
    memory->view_size = buffer->ByteLength();
    memory->view_epoch = memory->store->wasm_epoch;
  }
  return *memory;
}

}  // namespace

byte_t* wasm_memory_data(wasm_memory_t* memory) { return current_view(memory).view_data; }

size_t wasm_memory_data_size(const wasm_memory_t* memory) { return current_view(memory).view_size; }

wasm_memory_pages_t wasm_memory_size(const wasm_memory_t* memory) {
  return static_cast<wasm_memory_pages_t>(wasm_memory_data_size(memory) / MEMORY_PAGE_SIZE);
}

bool wasm_memory_grow(wasm_memory_t* memory, wasm_memory_pages_t delta) {
  StoreScope scope(memory->store);
  v8::Isolate* isolate = memory->store->isolate;
  auto object = memory->handle.Get(isolate);
  auto grow = object->Get(scope.context(), str(isolate, "grow")).ToLocalChecked();
  v8::Local<v8::Value> argv[] = {v8::Integer::NewFromUnsigned(isolate, delta)};
  v8::TryCatch caught(isolate);
  // The buffer is replaced: every cached view of this memory (through any wasm_memory_t that
  // wraps it) is stale, which moving the epoch says.
  ++memory->store->wasm_epoch;
  return !grow.As<v8::Function>()->Call(scope.context(), object, 1, argv).IsEmpty();
}

void wasm_memory_delete(wasm_memory_t* memory) { delete memory; }

// Externs
wasm_externkind_t wasm_extern_kind(const wasm_extern_t* external) { return external->kind; }
wasm_externtype_t* wasm_extern_type(const wasm_extern_t* external) {
  switch (external->kind) {
    case WASM_EXTERN_FUNC: return wasm_func_type(static_cast<const wasm_func_t*>(external));
    case WASM_EXTERN_GLOBAL: return wasm_global_type(static_cast<const wasm_global_t*>(external));
    case WASM_EXTERN_TABLE: return wasm_table_type(static_cast<const wasm_table_t*>(external));
    default: return wasm_memory_type(static_cast<const wasm_memory_t*>(external));
  }
}
wasm_extern_t* wasm_func_as_extern(wasm_func_t* f) { return f; }
wasm_extern_t* wasm_global_as_extern(wasm_global_t* g) { return g; }
wasm_extern_t* wasm_table_as_extern(wasm_table_t* t) { return t; }
wasm_extern_t* wasm_memory_as_extern(wasm_memory_t* m) { return m; }
wasm_func_t* wasm_extern_as_func(wasm_extern_t* e) {
  return e && e->kind == WASM_EXTERN_FUNC ? static_cast<wasm_func_t*>(e) : nullptr;
}
wasm_global_t* wasm_extern_as_global(wasm_extern_t* e) {
  return e && e->kind == WASM_EXTERN_GLOBAL ? static_cast<wasm_global_t*>(e) : nullptr;
}
wasm_table_t* wasm_extern_as_table(wasm_extern_t* e) {
  return e && e->kind == WASM_EXTERN_TABLE ? static_cast<wasm_table_t*>(e) : nullptr;
}
wasm_memory_t* wasm_extern_as_memory(wasm_extern_t* e) {
  return e && e->kind == WASM_EXTERN_MEMORY ? static_cast<wasm_memory_t*>(e) : nullptr;
}
const wasm_func_t* wasm_extern_as_func_const(const wasm_extern_t* e) {
  return e && e->kind == WASM_EXTERN_FUNC ? static_cast<const wasm_func_t*>(e) : nullptr;
}
const wasm_memory_t* wasm_extern_as_memory_const(const wasm_extern_t* e) {
  return e && e->kind == WASM_EXTERN_MEMORY ? static_cast<const wasm_memory_t*>(e) : nullptr;
}
void wasm_extern_delete(wasm_extern_t* external) { delete external; }

}  // extern "C"
