#include "harness/instrument/instance_reset.h"

#include <fmt/format.h>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/binary/reader.h"
#include "harness/binary/writer.h"

namespace lh::instrument {

using namespace lh::binary;

namespace {

// The first instruction of any body that makes an instance impossible to reset, or why the
// code cannot be read.
std::optional<std::string> mutation_in_code(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  for (const CodeBody& code : info.code) {
    auto decoded = decode_function_body(wasm.subspan(code.offset, code.size), code.offset);
    if (!decoded.ok()) return fmt::format("its code cannot be read ({})", decoded.error);
    for (const Instr& instr : decoded.body.instrs) {
      switch (instr.op) {
        case Op::TableSet:
        case Op::TableGrow:
        case Op::TableFill:
        case Op::TableCopy:
        case Op::TableInit:
        case Op::ElemDrop:
          return fmt::format("it changes a table ({} at byte {})", op_info(instr.op).text,
                             instr.offset);
        case Op::MemoryInit:
        case Op::DataDrop:
          return fmt::format("it uses a data segment after instantiation ({} at byte {})",
                             op_info(instr.op).text, instr.offset);
        default: break;
      }
    }
  }
  return std::nullopt;
}

// Body of the reset function: each defined mutable global := its init expression.
Bytes reset_body(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  Bytes body;
  Writer w(body);
  w.varu32(0);  // no locals
  const uint32_t imported = info.imported_count(ExternKind::Global);
  for (size_t i = 0; i < info.globals.size(); ++i) {
    if (!info.globals[i].mutable_) continue;
    const GlobalInfo& init = info.global_inits[i];
    w.bytes(wasm.subspan(init.init_offset, init.init_end - init.init_offset - 1));  // no `end`
    w.u8(0x24);                                                                     // global.set
    w.varu32(imported + static_cast<uint32_t>(i));
  }
  w.u8(0x0b);
  return body;
}

}  // namespace

InstanceResetResult export_instance_reset(std::span<const uint8_t> wasm) {
  InstanceResetResult result;
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) {
    result.error = decoded.error;
    return result;
  }
  const ModuleInfo& info = *decoded.info;
  if (info.find_export(kResetExport)) {
    result.error = fmt::format("the module already exports \"{}\"", kResetExport);
    return result;
  }
  result.excluded = mutation_in_code(wasm, info);
  if (!result.excluded) result.excluded = initial_memory_data(wasm, info).unknown;
  if (result.excluded) {
    result.bytes.assign(wasm.begin(), wasm.end());
    return result;
  }
  result.bytes = append_exported_functions(
      wasm, info, {{FuncType{}, reset_body(wasm, info), std::string(kResetExport)}});
  return result;
}

MemoryDataResult initial_memory_data(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  MemoryDataResult result;
  const Section* section = info.find_section(kDataSection);
  if (!section) return result;
  Reader r(wasm.subspan(section->payload_offset, section->payload_size), section->payload_offset);
  uint32_t count = r.varu32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    uint32_t flags = r.varu32();
    uint32_t memory = flags == 2 ? r.varu32() : 0;
    std::vector<Instr> offset;
    if (flags != 1) offset = read_const_expr(r);
    uint32_t size = r.varu32();
    auto data = r.take(size);
    if (!r.ok()) break;
    if (flags == 1) continue;  // passive: never written by instantiation
    if (memory != 0 || offset.size() != 2 || offset[0].op != Op::I32Const) {
      result.unknown = fmt::format("data segment {} has an offset that is not an i32 constant", i);
      return result;
    }
    result.segments.push_back(
        {static_cast<uint32_t>(offset[0].value), std::vector<uint8_t>(data.begin(), data.end())});
  }
  if (!r.ok()) result.unknown = "its data section cannot be read: " + r.error();
  return result;
}

}  // namespace lh::instrument
