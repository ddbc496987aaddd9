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
  bool needed = false;
  for (const auto& table : info.tables) {
    if (table.limits.min > kMaxTableElements) {
      result.error = fmt::format("a table of {} elements exceeds the limit of {}", table.limits.min,
                                 kMaxTableElements);
      return result;
    }
    needed |= !table.limits.max || *table.limits.max > kMaxTableElements;
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
    w.varu64(table.limits.min);
    w.varu64(max);
  }
  ModuleBuilder builder(wasm, info);
  builder.set_section(kTableSection, std::move(payload));
  result.bytes = builder.finish();
  result.rewritten = true;
  return result;
}

}  // namespace lh::instrument
