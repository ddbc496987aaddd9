// The names the harness's instrumentation adds to a guest module, in one place: the import
// module, the imported memory, the out-of-fuel hook and the exported fuel counter. The
// engine's host side binds the same constants.
#pragma once

namespace lh::instrument {

inline constexpr const char* kHarnessModule = "lunatic_harness";
inline constexpr const char* kMemoryImport = "memory";
inline constexpr const char* kOutOfFuelImport = "out_of_fuel";
inline constexpr const char* kFuelExport = "lunatic_harness_fuel";
inline constexpr const char* kStartExport = "lunatic_harness_start";

}  // namespace lh::instrument
