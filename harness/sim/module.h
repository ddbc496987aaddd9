// A compiled guest module shared by every process spawned from it, with the facts the
// simulator needs computed once: export indices by name and the limits of the memory the
// harness must provide (when preparation turned the module's memory into an import).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/base/result.h"
#include "harness/binary/module_info.h"
#include "harness/engine/handles.h"
#include "harness/instrument/instance_reset.h"
#include "harness/instrument/table_limit.h"

namespace lh::sim {

struct Module {
  engine::ModulePtr compiled;
  std::string name;                                    // for messages and the trace
  std::map<std::string, size_t, std::less<>> exports;  // name -> index in instance exports
  std::vector<std::string> function_exports;           // the guest's own, in export order
  std::map<std::string, binary::FuncType, std::less<>> export_types;  // of exported functions
  std::optional<wasm_limits_t> harness_memory;  // pages, when imported from us
  bool harness_memory_is_private = false;       // added for unwind data: the guest has no memory
  bool asyncified = false;                      // has asyncify's state exports
  bool fuel_metered = false;                    // has the fuel global
  // Why every instantiation fails although the module compiled (lunatic's limiter).
  instrument::TableRefusals table_refusals;
  // Why a dead process's instance of this module may not serve another spawn (then every
  // spawn event of it says so); when unset, the memory's initial contents beyond zeros.
  std::optional<std::string> reset_excluded;
  std::vector<instrument::DataInit> initial_data;

  [[nodiscard]] std::optional<size_t> export_index(std::string_view export_name) const {
    auto it = exports.find(export_name);
    return it == exports.end() ? std::nullopt : std::optional<size_t>(it->second);
  }
  // The wasm type of exported function `export_name` (v128 included), or nullptr.
  [[nodiscard]] const binary::FuncType* export_type(std::string_view export_name) const {
    auto it = export_types.find(export_name);
    return it == export_types.end() ? nullptr : &it->second;
  }
  [[nodiscard]] bool exports_function(std::string_view export_name) const {
    for (const auto& name : function_exports)
      if (name == export_name) return true;
    return false;
  }
};

// Compiles prepared bytes into a Module; on failure the engine's reason. `reset_excluded`
// is preparation's verdict on reuse (instance_reset.h); bytes without the reset export are
// excluded whatever it says.
[[nodiscard]] Result<std::shared_ptr<const Module>> compile_module(
    wasm_store_t* store, std::span<const uint8_t> bytes, std::string name,
    instrument::TableRefusals table_refusals = {},
    std::optional<std::string> reset_excluded = std::nullopt);

}  // namespace lh::sim
