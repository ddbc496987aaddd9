#include "harness/instrument/table_limit.h"

#include <fmt/format.h>

#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"

namespace lh::instrument {

using namespace lh::binary;

TableLimitResult limit_tables(std::span<const uint8_t> wasm) {
  TableLimitResult result;
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) {
    result.error = decoded.error;
    return result;
  }
  const ModuleInfo& info = *decoded.info;
  if (info.tables.size() > 1)
    result.refusals.count =
        fmt::format("resource limit exceeded: table count too high at {}", info.tables.size());
  bool needed = false;
  for (const auto& table : info.tables) {
    if (table.limits.min > kMaxTableElements && !result.refusals.size)
      result.refusals.size =
          fmt::format("table minimum size of {} elements exceeds table limits", table.limits.min);
    needed |= !table.limits.max || *table.limits.max > kMaxTableElements ||
              table.limits.min > kMaxTableElements;
  }
  if (!needed) {
    result.bytes.assign(wasm.begin(), wasm.end());
    return result;
  }
  Bytes payload;
  Writer w(payload);
  w.varu32(static_cast<uint32_t>(info.tables.size()));
  for (const auto& table : info.tables) {
    uint64_t max =
        std::min<uint64_t>(table.limits.max.value_or(kMaxTableElements), kMaxTableElements);
    w.u8(static_cast<uint8_t>(table.element));
    w.u8(0x01);  // limits with a maximum
    w.varu64(std::min(table.limits.min, max));
    w.varu64(max);
  }
  ModuleBuilder builder(wasm, info);
  builder.set_section(kTableSection, std::move(payload));
  result.bytes = builder.finish();
  result.rewritten = true;
  return result;
}

}  // namespace lh::instrument
