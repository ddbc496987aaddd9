// The names the harness's instrumentation adds to a guest module, in one place: the import
// module, the imported memory, the out-of-fuel hook, the exported fuel counter and
// asyncify's exported state. The sim and host layers bind the same constants.
#pragma once

#include <string>
#include <string_view>

namespace lh::instrument {

inline constexpr const char* kHarnessModule = "lunatic_harness";
inline constexpr const char* kMemoryImport = "memory";
// The memory added to a module that has none, for its unwind data (memory_import.h).
inline constexpr const char* kUnwindMemoryImport = "unwind_memory";
inline constexpr const char* kOutOfFuelImport = "out_of_fuel";
inline constexpr const char* kFuelExport = "lunatic_harness_fuel";
inline constexpr const char* kStartExport = "lunatic_harness_start";
// Sets every mutable global the module defines back to its initial value (instance_reset.h).
inline constexpr const char* kResetExport = "lunatic_harness_reset";
// Asyncify's state (0 normal, 1 unwinding, 2 rewinding) and data-structure address globals.
inline constexpr const char* kAsyncifyStateExport = "lunatic_harness_asyncify_state";
inline constexpr const char* kAsyncifyDataExport = "lunatic_harness_asyncify_data";
// An export taking v128 params is also exported, with each v128 split into two i64s, under
// this prefix + its name (v128_trampoline.h).
inline constexpr const char* kV128TrampolinePrefix = "lunatic_harness_v128_";

// Whether `name` is one the harness reserves (its exports and imports all start so).
[[nodiscard]] inline bool is_harness_name(std::string_view name) {
  return name.substr(0, 15) == "lunatic_harness";
}

// The export of the trampoline of export `export_name` (v128_trampoline.h).
[[nodiscard]] inline std::string v128_trampoline_name(std::string_view export_name) {
  return std::string(kV128TrampolinePrefix) + std::string(export_name);
}

}  // namespace lh::instrument
