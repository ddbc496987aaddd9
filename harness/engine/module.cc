// Modules: compiled by V8 (WasmModuleObject::Compile), reflected through our own decoder
// because the JS API hides import and export types.
#include "harness/engine/v8_internal.h"
#include "harness/engine/wasm_ext.h"

namespace lh::engine {

wasm_valkind_t to_valkind(lh::binary::ValType type) {
  using lh::binary::ValType;
  switch (type) {
    case ValType::I32: return WASM_I32;
    case ValType::I64: return WASM_I64;
    case ValType::F32: return WASM_F32;
    case ValType::F64: return WASM_F64;
    case ValType::FuncRef: return WASM_FUNCREF;
    default: return WASM_ANYREF;  // v128 and externref have no wasm.h kind of their own
  }
}

namespace {

wasm_valtype_vec_t to_valtypes(const std::vector<lh::binary::ValType>& types) {
  wasm_valtype_vec_t vec;
  wasm_valtype_vec_new_uninitialized(&vec, types.size());
  for (size_t i = 0; i < types.size(); ++i) vec.data[i] = wasm_valtype_new(to_valkind(types[i]));
  return vec;
}

wasm_limits_t to_limits(const lh::binary::Limits& limits) {
  return {static_cast<uint32_t>(limits.min),
          limits.max ? static_cast<uint32_t>(*limits.max) : wasm_limits_max_default};
}

wasm_externtype_t* table_externtype(const lh::binary::TableType& table) {
  auto limits = to_limits(table.limits);
  return wasm_tabletype_new(wasm_valtype_new(to_valkind(table.element)), &limits);
}
wasm_externtype_t* memory_externtype(const lh::binary::MemoryType& memory) {
  auto limits = to_limits(memory.limits);
  return wasm_memorytype_new(&limits);
}
wasm_externtype_t* global_externtype(const lh::binary::GlobalType& global) {
  return wasm_globaltype_new(wasm_valtype_new(to_valkind(global.type)),
                             global.mutable_ ? WASM_VAR : WASM_CONST);
}

}  // namespace

wasm_functype_t* to_functype(const lh::binary::FuncType& type) {
  auto params = to_valtypes(type.params);
  auto results = to_valtypes(type.results);
  return wasm_functype_new(&params, &results);
}

wasm_externtype_t* import_externtype(const lh::binary::ModuleInfo& info,
                                     const lh::binary::Import& import) {
  using lh::binary::ExternKind;
  switch (import.kind) {
    case ExternKind::Func: return to_functype(info.types.at(import.func_type));
    case ExternKind::Table: return table_externtype(import.table);
    case ExternKind::Memory: return memory_externtype(import.memory);
    default: return global_externtype(import.global);
  }
}

wasm_externtype_t* export_externtype(const lh::binary::ModuleInfo& info,
                                     const lh::binary::Export& exported) {
  using lh::binary::ExternKind;
  switch (exported.kind) {
    case ExternKind::Func: return to_functype(*info.func_type_of(exported.index));
    case ExternKind::Table: return table_externtype(*info.table_type_of(exported.index));
    case ExternKind::Memory: return memory_externtype(*info.memory_type_of(exported.index));
    default: return global_externtype(*info.global_type_of(exported.index));
  }
}

}  // namespace lh::engine

using namespace lh::engine;

extern "C" {

wasm_module_t* wasmx_module_new_checked(wasm_store_t* store, const wasm_byte_vec_t* binary,
                                        wasm_message_t* error) {
  auto set_error = [&](std::string_view text) {
    if (error) *error = make_message(text);
    return nullptr;
  };
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(binary->data), binary->size);
  StoreScope scope(store);
  v8::Isolate* isolate = store->isolate;
  v8::TryCatch caught(isolate);
  v8::Local<v8::WasmModuleObject> compiled;
  if (!v8::WasmModuleObject::Compile(isolate, {bytes.data(), bytes.size()}).ToLocal(&compiled)) {
    return set_error(caught.HasCaught() ? to_utf8(isolate, caught.Exception())
                                        : std::string("CompileError: unknown reason"));
  }
  auto decoded = lh::binary::decode_module_info(bytes);
  if (!decoded.info) return set_error("module reflection failed: " + decoded.error);
  for (const auto& exported : decoded.info->exports)
    if (exported.kind == lh::binary::ExternKind::Tag)
      return set_error("module reflection failed: tag exports have no wasm.h type");
  for (const auto& imported : decoded.info->imports)
    if (imported.kind == lh::binary::ExternKind::Tag)
      return set_error("module reflection failed: tag imports have no wasm.h type");
  auto* module = new wasm_module_t{
      store, {}, std::make_shared<const lh::binary::ModuleInfo>(std::move(*decoded.info)), {}};
  module->handle.Reset(isolate, compiled);
  return module;
}

wasm_module_t* wasm_module_new(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  return wasmx_module_new_checked(store, binary, nullptr);
}

bool wasm_module_validate(wasm_store_t* store, const wasm_byte_vec_t* binary) {
  wasm_module_t* module = wasm_module_new(store, binary);
  wasm_module_delete(module);
  return module != nullptr;
}

void wasm_module_imports(const wasm_module_t* module, wasm_importtype_vec_t* out) {
  const auto& imports = module->info->imports;
  wasm_importtype_vec_new_uninitialized(out, imports.size());
  for (size_t i = 0; i < imports.size(); ++i) {
    auto module_name = make_name(imports[i].module);
    auto name = make_name(imports[i].name);
    out->data[i] =
        wasm_importtype_new(&module_name, &name, import_externtype(*module->info, imports[i]));
  }
}

void wasm_module_exports(const wasm_module_t* module, wasm_exporttype_vec_t* out) {
  const auto& exports = module->info->exports;
  wasm_exporttype_vec_new_uninitialized(out, exports.size());
  for (size_t i = 0; i < exports.size(); ++i) {
    auto name = make_name(exports[i].name);
    out->data[i] = wasm_exporttype_new(&name, export_externtype(*module->info, exports[i]));
  }
}

void wasm_module_delete(wasm_module_t* module) { delete module; }

void wasmx_store_collect_garbage(wasm_store_t* store) {
  v8::Isolate::Scope isolate_scope(store->isolate);
  store->isolate->LowMemoryNotification();
}

uint64_t wasmx_store_heap_used(wasm_store_t* store) {
  v8::HeapStatistics statistics;
  store->isolate->GetHeapStatistics(&statistics);
  return statistics.used_heap_size();
}

}  // extern "C"
