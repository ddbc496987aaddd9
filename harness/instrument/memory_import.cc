#include "harness/instrument/memory_import.h"

#include <fmt/format.h>

#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"

namespace lh::instrument {

using namespace lh::binary;

const char* outcome_name(MemoryImportOutcome outcome) {
  switch (outcome) {
    case MemoryImportOutcome::Rewritten: return "rewritten";
    case MemoryImportOutcome::AlreadyImported: return "already imported";
    case MemoryImportOutcome::Added: return "private memory added";
  }
  return "?";
}

MemoryImportResult import_memory(std::span<const uint8_t> wasm,
                                 const MemoryImportOptions& options) {
  MemoryImportResult result;
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) {
    result.error = decoded.error;
    return result;
  }
  const ModuleInfo& info = *decoded.info;
  uint32_t imported = info.imported_count(ExternKind::Memory);
  size_t total = imported + info.memories.size();
  if (total > 1) {
    result.error = fmt::format("module has {} memories; only one is supported", total);
    return result;
  }
  if (imported) {
    result.outcome = MemoryImportOutcome::AlreadyImported;
    result.bytes.assign(wasm.begin(), wasm.end());
    return result;
  }
  // A module without memory gets one of the harness's, for its unwind data only: no
  // instruction of the module can touch it, so the guest cannot tell.
  const bool added = info.memories.empty();
  const Limits limits =
      added ? Limits{.min = 1, .max = std::nullopt, .shared = false, .memory64 = false}
            : info.memories[0].limits;
  Bytes entry;
  Writer w(entry);
  w.name(options.module);
  w.name(added ? kUnwindMemoryImport : options.name);
  w.u8(static_cast<uint8_t>(ExternKind::Memory));
  w.u8(static_cast<uint8_t>((limits.max ? 0x01 : 0) | (limits.shared ? 0x02 : 0) |
                            (limits.memory64 ? 0x04 : 0)));
  w.varu64(limits.min);
  if (limits.max) w.varu64(*limits.max);

  ModuleBuilder builder(wasm, info);
  auto imports = builder.payload(kImportSection).value_or(std::span<const uint8_t>{});
  builder.set_section(kImportSection, append_to_vector(imports, 1, entry));
  if (!added) builder.remove_section(kMemorySection);
  result.bytes = builder.finish();
  result.outcome = added ? MemoryImportOutcome::Added : MemoryImportOutcome::Rewritten;
  return result;
}

}  // namespace lh::instrument
