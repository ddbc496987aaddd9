#include "harness/sim/module.h"

#include "harness/instrument/names.h"

namespace lh::sim {

namespace {
std::string_view view(const wasm_name_t* name) { return {name->data, name->size}; }
}  // namespace

Result<std::shared_ptr<const Module>> compile_module(wasm_store_t* store,
                                                     std::span<const uint8_t> bytes,
                                                     std::string name,
                                                     instrument::TableRefusals table_refusals,
                                                     std::optional<std::string> reset_excluded) {
  auto compiled = engine::compile(store, bytes);
  if (!compiled.ok()) return compiled.status();
  auto module = std::make_shared<Module>();
  module->compiled = std::move(compiled).value();
  module->name = std::move(name);
  module->table_refusals = std::move(table_refusals);

  wasm_exporttype_vec_t exports;
  wasm_module_exports(module->compiled.get(), &exports);
  for (size_t i = 0; i < exports.size; ++i) {
    std::string export_name(view(wasm_exporttype_name(exports.data[i])));
    bool is_function =
        wasm_externtype_kind(wasm_exporttype_type(exports.data[i])) == WASM_EXTERN_FUNC;
    if (is_function && !instrument::is_harness_name(export_name))
      module->function_exports.push_back(export_name);
    module->exports.emplace(std::move(export_name), i);
  }
  wasm_exporttype_vec_delete(&exports);
  module->asyncified = module->export_index(instrument::kAsyncifyStateExport).has_value();
  module->fuel_metered = module->export_index(instrument::kFuelExport).has_value();

  // The engine's types cannot say v128 (wasm.h has no kind for it): take them from the bytes.
  auto decoded = binary::decode_module_info(bytes);
  if (decoded.info) {
    for (const auto& item : decoded.info->exports) {
      if (item.kind != binary::ExternKind::Func) continue;
      if (const binary::FuncType* type = decoded.info->func_type_of(item.index))
        module->export_types.emplace(item.name, *type);
    }
  }
  module->reset_excluded = std::move(reset_excluded);
  if (!module->reset_excluded && !module->export_index(instrument::kResetExport))
    module->reset_excluded = "prepared without a reset export";
  if (!module->reset_excluded && (!decoded.info || !decoded.info->memories.empty()))
    module->reset_excluded = "its memory is its own, not one the harness made";
  if (!module->reset_excluded) {
    auto data = instrument::initial_memory_data(bytes, *decoded.info);
    module->reset_excluded = std::move(data.unknown);
    module->initial_data = std::move(data.segments);
  }

  wasm_importtype_vec_t imports;
  wasm_module_imports(module->compiled.get(), &imports);
  for (size_t i = 0; i < imports.size; ++i) {
    const wasm_importtype_t* import = imports.data[i];
    const auto* memory = wasm_externtype_as_memorytype_const(wasm_importtype_type(import));
    if (!memory || view(wasm_importtype_module(import)) != instrument::kHarnessModule) continue;
    std::string_view name = view(wasm_importtype_name(import));
    if (name == instrument::kMemoryImport || name == instrument::kUnwindMemoryImport) {
      module->harness_memory = *wasm_memorytype_limits(memory);
      module->harness_memory_is_private = name == instrument::kUnwindMemoryImport;
    }
  }
  wasm_importtype_vec_delete(&imports);
  return std::shared_ptr<const Module>(std::move(module));
}

}  // namespace lh::sim
