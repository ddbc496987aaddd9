// The names the harness's instrumentation adds to a guest module, in one place: the import
// module, the imported memory, the out-of-fuel hook, the exported fuel counter and
// asyncify's exported state. The sim and host layers bind the same constants.
#pragma once

#include <string_view>

namespace lh::instrument {

inline constexpr const char* kHarnessModule = "lunatic_harness";
inline constexpr const char* kMemoryImport = "memory";
// The memory added to a module that has none, for its unwind data (memory_import.h).
inline constexpr const char* kUnwindMemoryImport = "unwind_memory";
inline constexpr const char* kOutOfFuelImport = "out_of_fuel";
inline constexpr const char* kFuelExport = "lunatic_harness_fuel";
inline constexpr const char* kStartExport = "lunatic_harness_start";
// Asyncify's state (0 normal, 1 unwinding, 2 rewinding) and data-structure address globals.
inline constexpr const char* kAsyncifyStateExport = "lunatic_harness_asyncify_state";
inline constexpr const char* kAsyncifyDataExport = "lunatic_harness_asyncify_data";

// Whether `name` is one the harness reserves (its exports and imports all start so).
[[nodiscard]] inline bool is_harness_name(std::string_view name) {
  return name.substr(0, 15) == "lunatic_harness";
}

}  // namespace lh::instrument
