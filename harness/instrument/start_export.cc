#include "harness/instrument/start_export.h"

#include <fmt/format.h>

#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"

namespace lh::instrument {

using namespace lh::binary;

StartExportResult export_start(std::span<const uint8_t> wasm) {
  StartExportResult result;
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) {
    result.error = decoded.error;
    return result;
  }
  const ModuleInfo& info = *decoded.info;
  if (!info.start) {
    result.bytes.assign(wasm.begin(), wasm.end());
    return result;
  }
  if (info.find_export(kStartExport)) {
    result.error = fmt::format("the module already exports \"{}\"", kStartExport);
    return result;
  }
  Bytes entry;
  Writer w(entry);
  w.name(kStartExport);
  w.u8(static_cast<uint8_t>(ExternKind::Func));
  w.varu32(*info.start);
  ModuleBuilder builder(wasm, info);
  auto exports = builder.payload(kExportSection).value_or(std::span<const uint8_t>{});
  builder.set_section(kExportSection, append_to_vector(exports, 1, entry));
  builder.remove_section(kStartSection);
  result.bytes = builder.finish();
  result.rewritten = true;
  return result;
}

}  // namespace lh::instrument
