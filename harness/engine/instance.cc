// Module instances: imports resolved by the module's own import list, instantiated through
// the JS WebAssembly.Instance constructor; failures (link errors, start traps) are traps.
#include <map>

#include "harness/engine/v8_internal.h"
#include "harness/engine/wasm_ext.h"

using namespace lh::engine;

namespace {

wasm_trap_t* link_error(std::string text) {
  auto* trap = new wasm_trap_t;
  trap->message = "LinkError: " + std::move(text);
  return trap;
}

v8::Local<v8::String> internalized(v8::Isolate* isolate, const std::string& text) {
  return v8::String::NewFromUtf8(isolate, text.c_str(), v8::NewStringType::kInternalized,
                                 static_cast<int>(text.size()))
      .ToLocalChecked();
}

wasm_module_t::ImportObject& import_object_of(const wasm_module_t* module,
                                              v8::Local<v8::Context> context) {
  if (module->import_object) return *module->import_object;
  v8::Isolate* isolate = context->GetIsolate();
  auto built = std::make_unique<wasm_module_t::ImportObject>();
  auto object = v8::Object::New(isolate);
  std::map<std::string, v8::Local<v8::Object>> namespaces;
  for (const auto& import : module->info->imports) {
    auto [slot, added] = namespaces.try_emplace(import.module);
    if (added) {
      slot->second = v8::Object::New(isolate);
      object->Set(context, internalized(isolate, import.module), slot->second).Check();
    }
    built->namespace_of.emplace_back(isolate, slot->second);
    built->key_of.emplace_back(isolate, internalized(isolate, import.name));
  }
  built->object.Reset(isolate, object);
  module->import_object = std::move(built);
  return *module->import_object;
}

}  // namespace

extern "C" {

wasm_instance_t* wasm_instance_new(wasm_store_t* store, const wasm_module_t* module,
                                   const wasm_extern_vec_t* imports, wasm_trap_t** trap_out) {
  auto fail = [&](wasm_trap_t* trap) -> wasm_instance_t* {
    if (trap_out)
      *trap_out = trap;
    else
      wasm_trap_delete(trap);
    return nullptr;
  };
  if (trap_out) *trap_out = nullptr;
  const auto& wanted = module->info->imports;
  size_t given = imports ? imports->size : 0;
  if (given != wanted.size()) {
    return fail(link_error(std::to_string(wanted.size()) + " imports expected, " +
                           std::to_string(given) + " given"));
  }
  StoreScope scope(store);
  v8::Isolate* isolate = store->isolate;
  auto context = scope.context();
  for (size_t i = 0; i < wanted.size(); ++i)
    if (!imports->data[i]) return fail(link_error("import " + std::to_string(i) + " is missing"));
  auto& cached = import_object_of(module, context);
  auto fill = [&](auto value_of) {
    for (size_t i = 0; i < wanted.size(); ++i)
      cached.namespace_of[i]
          .Get(isolate)
          ->Set(context, cached.key_of[i].Get(isolate), value_of(i))
          .Check();
  };
  fill([&](size_t i) -> v8::Local<v8::Value> { return imports->data[i]->handle.Get(isolate); });
  auto import_object = cached.object.Get(isolate);
  v8::Local<v8::Value> argv[] = {module->handle.Get(isolate), import_object};
  v8::TryCatch caught(isolate);
  v8::Local<v8::Object> instance;
  v8::Local<v8::Value> exports;
  // V8 10.2 can return an instance object even though the start function threw, so the
  // pending exception is checked as well as the result.
  bool created =
      store->instance_ctor.Get(isolate)->NewInstance(context, 2, argv).ToLocal(&instance);
  ++store->wasm_epoch;  // a start function may have run
  created = created && !caught.HasCaught() &&
            instance->Get(context, v8::String::NewFromUtf8Literal(isolate, "exports"))
                .ToLocal(&exports) &&
            exports->IsObject();
  // The cached object must not keep this instance's memory or functions alive.
  fill([&](size_t) -> v8::Local<v8::Value> { return v8::Undefined(isolate); });
  if (!created) return fail(trap_from_exception(store, caught));
  auto* result = new wasm_instance_t{store, module->info, {}};
  result->exports.Reset(isolate, exports.As<v8::Object>());
  return result;
}

void wasm_instance_exports(const wasm_instance_t* instance, wasm_extern_vec_t* out) {
  wasm_extern_vec_new_uninitialized(out, instance->info->exports.size());
  for (size_t i = 0; i < out->size; ++i) out->data[i] = wasmx_instance_export(instance, i);
}

wasm_extern_t* wasmx_instance_export(const wasm_instance_t* instance, size_t index) {
  const auto& wanted = instance->info->exports;
  if (index >= wanted.size()) return nullptr;
  wasm_store_t* store = instance->store;
  StoreScope scope(store);
  v8::Isolate* isolate = store->isolate;
  const auto& name = wanted[index].name;
  auto key = v8::String::NewFromUtf8(isolate, name.c_str(), v8::NewStringType::kInternalized,
                                     static_cast<int>(name.size()))
                 .ToLocalChecked();
  auto value = instance->exports.Get(isolate)->Get(scope.context(), key).ToLocalChecked();
  return wrap_extern(store, value.As<v8::Object>(),
                     export_externtype(*instance->info, wanted[index]));
}

void wasm_instance_delete(wasm_instance_t* instance) { delete instance; }

}  // extern "C"
