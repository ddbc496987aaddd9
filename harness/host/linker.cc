#include "harness/host/linker.h"

#include <fmt/format.h>

#include "harness/instrument/names.h"

namespace lh::host {

struct Linker::Binding {
  Linker* linker;
  const HostFunctionDef* def;
  engine::FuncPtr func;
};

struct Linker::UnknownImport {
  Linker* linker;
  std::string qualified;  // "ns::name"
  engine::FuncPtr func;
};

namespace {

wasm_valtype_vec_t valtypes(const std::vector<wasm_valkind_t>& kinds) {
  wasm_valtype_vec_t vec;
  wasm_valtype_vec_new_uninitialized(&vec, kinds.size());
  for (size_t i = 0; i < kinds.size(); ++i) vec.data[i] = wasm_valtype_new(kinds[i]);
  return vec;
}

bool same_kinds(const wasm_valtype_vec_t* types, const std::vector<wasm_valkind_t>& kinds) {
  if (types->size != kinds.size()) return false;
  for (size_t i = 0; i < kinds.size(); ++i)
    if (wasm_valtype_kind(types->data[i]) != kinds[i]) return false;
  return true;
}

std::string_view view(const wasm_name_t* name) { return {name->data, name->size}; }

}  // namespace

Linker::Linker(wasm_store_t* store, ModuleLoader& loader, sim::World& world,
               UnknownImports unknown_imports)
    : store_(store), loader_(loader), world_(world), unknown_imports_(unknown_imports) {
  for (const auto& def : all_host_functions()) {
    auto binding = std::make_unique<Binding>(Binding{this, &def, nullptr});
    auto params = valtypes(def.params);
    auto results = valtypes(def.results);
    engine::FuncTypePtr type(wasm_functype_new(&params, &results));
    binding->func.reset(
        wasm_func_new_with_env(store_, type.get(), dispatch, binding.get(), nullptr));
    bindings_.push_back(std::move(binding));
  }
}

Linker::~Linker() = default;

wasm_trap_t* Linker::dispatch(void* env, const wasm_val_vec_t* args, wasm_val_vec_t* results) {
  auto* binding = static_cast<Binding*>(env);
  Linker& linker = *binding->linker;
  sim::World& world = linker.world_;
  sim::Process* process = world.current();
  if (!process) {
    std::string text = fmt::format("{}::{} called with no current process", binding->def->module,
                                   binding->def->name);
    linker.faults_.push_back(text);
    return engine::make_trap(linker.store_, "harness fault: " + text);
  }
  bool resumed = false;
  if (process->guest.rewinding()) {
    // A suspended lunatic::trap::catch on the way down goes on rewinding its nested call;
    // the blocked call at the bottom (never a catch) ends the rewind.
    if (!binding->def->reenters_guest || process->catches_suspended == 0)
      process->guest.stop_rewind();
    resumed = true;
  }
  HostCall call(world, *process, linker.loader_, resumed, args, results, linker.unknown_imports_);
  HostResult result = call_host_function(*binding->def, call);
  switch (result.kind) {
    case HostResult::Kind::Ok: return nullptr;
    case HostResult::Kind::Trap: return engine::make_trap(linker.store_, result.message);
    case HostResult::Kind::Suspend: {
      // A catch passing on the suspension of its nested call: the unwind has begun.
      if (process->guest.unwinding()) return nullptr;
      // A suspension the harness cannot make ends the process, even inside a catch.
      if (!process->in_entry) {
        process->trap_uncatchable = true;
        return engine::make_trap(linker.store_, std::string(trap_text(TrapId::CannotSuspend)) +
                                                    ": not inside the entry function");
      }
      // The guest's frames use the native stack from where the entry call began to here.
      auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
      uint64_t depth = process->entry_stack_top > here ? process->entry_stack_top - here : 0;
      if (Status started = process->guest.start_unwind(depth); !started.ok()) {
        process->trap_uncatchable = true;
        return engine::make_trap(linker.store_, started.message());
      }
      return nullptr;  // the results are dummies while the stack unwinds
    }
    case HostResult::Kind::Fault:
      process->trap_uncatchable = true;
      linker.faults_.push_back(result.message);
      return engine::make_trap(linker.store_, "harness fault: " + result.message);
  }
  return nullptr;
}

namespace {

// What an import resolves to: the harness's memory, a host function, a trapping function
// (an unknown function import under UnknownImports::Trap), or why none.
struct ImportMatch {
  bool harness_memory = false;
  const HostFunctionDef* def = nullptr;
  const wasm_functype_t* unknown = nullptr;  // the unknown function import's type
  std::optional<std::string> error;
};

ImportMatch match_import(const wasm_importtype_t* import, UnknownImports unknown_imports) {
  auto ns = view(wasm_importtype_module(import));
  auto name = view(wasm_importtype_name(import));
  const wasm_externtype_t* type = wasm_importtype_type(import);
  if (ns == instrument::kHarnessModule &&
      (name == instrument::kMemoryImport || name == instrument::kUnwindMemoryImport) &&
      wasm_externtype_kind(type) == WASM_EXTERN_MEMORY)
    return {true, nullptr, nullptr, std::nullopt};
  const HostFunctionDef* found = nullptr;
  for (const auto& def : all_host_functions())
    if (def.module == ns && def.name == name) found = &def;
  const wasm_functype_t* functype = wasm_externtype_as_functype_const(type);
  if (!found && functype && unknown_imports == UnknownImports::Trap)
    return {false, nullptr, functype, std::nullopt};
  if (!found)
    return {false, nullptr, nullptr,
            fmt::format("module imports `{}::{}`, which the harness does not provide", ns, name)};
  if (!functype || !same_kinds(wasm_functype_params(functype), found->params) ||
      !same_kinds(wasm_functype_results(functype), found->results))
    return {false, nullptr, nullptr,
            fmt::format("import `{}::{}` has a different type from the harness's", ns, name)};
  return {false, found, nullptr, std::nullopt};
}

}  // namespace

Status Linker::resolve(const wasm_module_t* module, sim::Process& process,
                       std::vector<wasm_extern_t*>& out) {
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  std::optional<std::string> error;
  for (size_t i = 0; i < imports.size && !error; ++i) {
    ImportMatch match = match_import(imports.data[i], unknown_imports_);
    if (match.error) {
      error = match.error;
    } else if (match.unknown) {
      std::string qualified = fmt::format("{}::{}", view(wasm_importtype_module(imports.data[i])),
                                          view(wasm_importtype_name(imports.data[i])));
      out.push_back(wasm_func_as_extern(unknown_import_func(qualified, match.unknown)));
    } else if (match.harness_memory) {
      if (process.guest.harness_memory())
        out.push_back(wasm_memory_as_extern(process.guest.harness_memory()));
      else
        error = "the harness made no memory for this process";
    } else {
      size_t index = static_cast<size_t>(match.def - all_host_functions().data());
      out.push_back(wasm_func_as_extern(bindings_[index]->func.get()));
    }
  }
  wasm_importtype_vec_delete(&imports);
  return error ? Status::error(*error) : Status();
}

wasm_func_t* Linker::unknown_import_func(const std::string& qualified,
                                         const wasm_functype_t* type) {
  std::string key = qualified;
  for (const auto* list : {wasm_functype_params(type), wasm_functype_results(type)}) {
    key += '|';
    for (size_t i = 0; i < list->size; ++i)
      key += std::to_string(static_cast<int>(wasm_valtype_kind(list->data[i]))) + ",";
  }
  auto& slot = unknown_[key];
  if (!slot) {
    slot = std::make_unique<UnknownImport>(UnknownImport{this, qualified, nullptr});
    slot->func.reset(
        wasm_func_new_with_env(store_, type, unknown_import_called, slot.get(), nullptr));
  }
  return slot->func.get();
}

wasm_trap_t* Linker::unknown_import_called(void* env, const wasm_val_vec_t*, wasm_val_vec_t*) {
  auto* unknown = static_cast<UnknownImport*>(env);
  return engine::make_trap(
      unknown->linker->store_,
      HostResult::trap_filled(TrapId::UnknownImport, unknown->qualified).message);
}

Status check_imports(const wasm_module_t* module, UnknownImports unknown_imports) {
  wasm_importtype_vec_t imports;
  wasm_module_imports(module, &imports);
  std::optional<std::string> error;
  for (size_t i = 0; i < imports.size && !error; ++i)
    error = match_import(imports.data[i], unknown_imports).error;
  wasm_importtype_vec_delete(&imports);
  return error ? Status::error(*error) : Status();
}

}  // namespace lh::host
