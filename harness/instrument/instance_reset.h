// Instance reset: what lets a dead process's instance serve the next spawn of the same
// module with no guest able to tell (sim/instance_pool.h). Preparation's last stage exports
// "lunatic_harness_reset", a function that sets every mutable global the module defines
// (the guest's, the fuel counter, Asyncify's state) back to its initial value, and says
// which modules cannot be reset that way: those that change a table (table.set, table.grow,
// table.fill, table.copy, table.init, elem.drop) or use a data segment after instantiation
// (memory.init, data.drop). Memory is reset by the host: zeroed, then the module's active
// data segments written again (initial_memory_data).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness/binary/module_info.h"
#include "harness/instrument/names.h"

namespace lh::instrument {

struct InstanceResetResult {
  std::vector<uint8_t> bytes;  // with the reset export, or the input when excluded
  // Why instances of this module must never be reused (then no export is added).
  std::optional<std::string> excluded;
  std::string error;  // set (and bytes empty) on malformed input or a name clash
  [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] InstanceResetResult export_instance_reset(std::span<const uint8_t> wasm);

// One active data segment of memory 0: written at `offset` when an instance is made.
struct DataInit {
  uint32_t offset = 0;
  std::vector<uint8_t> bytes;
};

// The active data segments of memory 0 of `wasm` (decoded as `info`) in the order
// instantiation applies them, or why they cannot be known without instantiating (an offset
// that is not an i32 constant).
struct MemoryDataResult {
  std::vector<DataInit> segments;
  std::optional<std::string> unknown;
};
[[nodiscard]] MemoryDataResult initial_memory_data(std::span<const uint8_t> wasm,
                                                   const binary::ModuleInfo& info);

}  // namespace lh::instrument
