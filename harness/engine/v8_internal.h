// The V8 objects behind wasm.h's runtime objects (store, module, extern kinds, instance)
// and the one place where V8 exceptions and host traps are converted into each other.
// Engine-private: the only header outside V8's own that includes v8.h.
#pragma once

#include <v8.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness/binary/module_info.h"
#include "harness/engine/types_internal.h"

namespace lh::engine {
struct HostFunc;
}

struct wasm_config_t {};
struct wasm_engine_t {};

struct wasm_store_t {
  v8::Isolate* isolate = nullptr;
  std::unique_ptr<v8::ArrayBuffer::Allocator> allocator;
  v8::Global<v8::Context> context;
  v8::Global<v8::Function> instance_ctor;
  v8::Global<v8::Function> memory_ctor;
  v8::Global<v8::Function> global_ctor;
  // WebAssembly.Global.prototype.value's getter and setter (every global access calls one).
  v8::Global<v8::Function> global_value_get;
  v8::Global<v8::Function> global_value_set;
  // Changes whenever wasm code of this store may have run (see wasmx_store_wasm_epoch).
  uint64_t wasm_epoch = 0;
  // A host trap on its way out through wasm frames: the exception thrown for it, and the
  // trap to hand back when that exception reaches the call site.
  v8::Global<v8::Value> pending_exception;
  std::unique_ptr<wasm_trap_t> pending_trap;
  // Host functions whose V8 function object is still alive (freed by a weak callback).
  std::set<lh::engine::HostFunc*> host_funcs;
};

struct wasm_extern_t {
  wasm_extern_t(wasm_store_t* s, wasm_externkind_t k, v8::Local<v8::Object> object)
      : store(s), kind(k), handle(s->isolate, object) {}
  virtual ~wasm_extern_t() = default;
  wasm_store_t* store;
  wasm_externkind_t kind;
  v8::Global<v8::Object> handle;
};

struct wasm_func_t : wasm_extern_t {
  wasm_func_t(wasm_store_t* s, v8::Local<v8::Object> object, wasm_functype_t* t)
      : wasm_extern_t(s, WASM_EXTERN_FUNC, object), type(t) {}
  ~wasm_func_t() override { wasm_functype_delete(type); }
  wasm_functype_t* type;
};

struct wasm_global_t : wasm_extern_t {
  wasm_global_t(wasm_store_t* s, v8::Local<v8::Object> object, wasm_globaltype_t* t)
      : wasm_extern_t(s, WASM_EXTERN_GLOBAL, object), type(t) {}
  ~wasm_global_t() override { wasm_globaltype_delete(type); }
  wasm_globaltype_t* type;
};

struct wasm_table_t : wasm_extern_t {
  wasm_table_t(wasm_store_t* s, v8::Local<v8::Object> object, wasm_tabletype_t* t)
      : wasm_extern_t(s, WASM_EXTERN_TABLE, object), type(t) {}
  ~wasm_table_t() override { wasm_tabletype_delete(type); }
  wasm_tabletype_t* type;
};

struct wasm_memory_t : wasm_extern_t {
  wasm_memory_t(wasm_store_t* s, v8::Local<v8::Object> object, wasm_memorytype_t* t)
      : wasm_extern_t(s, WASM_EXTERN_MEMORY, object), type(t) {}
  ~wasm_memory_t() override {
    wasm_memorytype_delete(type);
    if (held_bytes) store->isolate->AdjustAmountOfExternalAllocatedMemory(held_bytes);
  }
  wasm_memorytype_t* type;
  // Bytes of a host-created memory taken out of V8's external-memory count while the host
  // holds it (see wasm_memory_new); given back when the host lets go.
  int64_t held_bytes = 0;
  // The buffer's address and length as last read, valid while the store's wasm epoch is
  // `view_epoch`: only wasm code (which moves the epoch) or a host grow (which moves it too)
  // can replace the buffer, so host code reading memory many times per call asks V8 once.
  mutable byte_t* view_data = nullptr;
  mutable size_t view_size = 0;
  mutable uint64_t view_epoch = UINT64_MAX;
};

struct wasm_module_t {
  wasm_store_t* store;
  v8::Global<v8::WasmModuleObject> handle;
  std::shared_ptr<const lh::binary::ModuleInfo> info;  // shared with its instances
  // The import object handed to WebAssembly.Instance, built on the first instantiation and
  // refilled for each later one, so its shape and property keys are made once.
  struct ImportObject {
    v8::Global<v8::Object> object;
    std::vector<v8::Global<v8::Object>> namespace_of;  // by import index
    std::vector<v8::Global<v8::String>> key_of;        // by import index
  };
  mutable std::unique_ptr<ImportObject> import_object;
};

struct wasm_instance_t {
  wasm_store_t* store;
  std::shared_ptr<const lh::binary::ModuleInfo> info;
  v8::Global<v8::Object> exports;
};

namespace lh::engine {

// Enters the store's isolate and context, with a handle scope, for one API call.
class StoreScope {
 public:
  explicit StoreScope(wasm_store_t* store)
      : isolate_scope_(store->isolate),
        handles_(store->isolate),
        context_(store->context.Get(store->isolate)),
        context_scope_(context_) {}
  v8::Local<v8::Context> context() const { return context_; }

 private:
  v8::Isolate::Scope isolate_scope_;
  v8::HandleScope handles_;
  v8::Local<v8::Context> context_;
  v8::Context::Scope context_scope_;
};

// The exception caught at a call site as a trap: the pending host trap if the exception is
// the one thrown for it, else a trap carrying the exception's text ("RuntimeError: ...").
wasm_trap_t* trap_from_exception(wasm_store_t* store, v8::TryCatch& caught);
// Throws `trap` (taking ownership) into V8 from a host callback.
void throw_trap(wasm_store_t* store, wasm_trap_t* trap);

v8::Local<v8::Value> value_to_v8(v8::Isolate* isolate, const wasm_val_t& value);
// Converts a JS value to `kind`; false when it cannot (type mismatch).
bool value_from_v8(v8::Local<v8::Context> context, v8::Local<v8::Value> js, wasm_valkind_t kind,
                   wasm_val_t* out);

// Types of the binary decoder, as wasm.h types.
wasm_valkind_t to_valkind(lh::binary::ValType type);
wasm_functype_t* to_functype(const lh::binary::FuncType& type);
wasm_externtype_t* import_externtype(const lh::binary::ModuleInfo& info, const lh::binary::Import&);
wasm_externtype_t* export_externtype(const lh::binary::ModuleInfo& info, const lh::binary::Export&);

// Wraps a V8 object of the given kind (from an instance's exports) as a wasm.h extern.
wasm_extern_t* wrap_extern(wasm_store_t* store, v8::Local<v8::Object> object,
                           wasm_externtype_t* type);

// Frees a host function's data and runs its finalizer (weak callback or store deletion).
void release_host_func(HostFunc* func);
// Drops the V8 handle of a host function (before its isolate is disposed).
void reset_host_func_handle(HostFunc* func);

std::string to_utf8(v8::Isolate* isolate, v8::Local<v8::Value> value);

}  // namespace lh::engine
