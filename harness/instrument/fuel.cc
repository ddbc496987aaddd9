#include "harness/instrument/fuel.h"

#include <fmt/format.h>

#include <stdexcept>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/binary/reader.h"
#include "harness/binary/writer.h"

namespace lh::instrument {

using namespace lh::binary;

namespace fuel_model {

uint32_t cost(uint32_t opcode_key) {
  switch (static_cast<Op>(opcode_key)) {
    case Op::Nop:
    case Op::Drop:
    case Op::Block:
    case Op::Loop:
    case Op::Unreachable:
    case Op::Return:
    case Op::Else:
    case Op::End: return 0;
    default: return 1;
  }
}

bool ends_segment(uint32_t opcode_key) {
  switch (static_cast<Op>(opcode_key)) {
    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Else:
    case Op::End:
    case Op::Br:
    case Op::BrIf:
    case Op::BrTable:
    case Op::Return:
    case Op::Call:
    case Op::CallIndirect:
    case Op::ReturnCall:
    case Op::ReturnCallIndirect:
    case Op::Unreachable:
    case Op::Try:
    case Op::Catch:
    case Op::CatchAll:
    case Op::Delegate:
    case Op::Throw:
    case Op::Rethrow: return true;
    default: return false;
  }
}

}  // namespace fuel_model

namespace {

// Malformed input found while rewriting; caught in add_fuel_metering.
struct RewriteError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bool takes_function_index(Op op) {
  return op == Op::Call || op == Op::ReturnCall || op == Op::RefFunc;
}

class FuelRewriter {
 public:
  FuelRewriter(std::span<const uint8_t> wasm, const ModuleInfo& info, const FuelOptions& options)
      : wasm_(wasm),
        info_(info),
        options_(options),
        first_defined_(info.imported_count(ExternKind::Func)) {}

  FuelResult run() {
    if (info_.find_export(options_.fuel_export)) {
      throw RewriteError(fmt::format("export \"{}\" already exists", options_.fuel_export));
    }
    ModuleBuilder builder(wasm_, info_);
    uint32_t void_type = add_void_type(builder);
    result_.out_of_fuel_func = first_defined_;
    result_.fuel_global =
        info_.imported_count(ExternKind::Global) + static_cast<uint32_t>(info_.globals.size());
    fuel_global_ = encode_varu32(result_.fuel_global);

    Bytes import;
    Writer iw(import);
    iw.name(options_.import_module);
    iw.name(options_.out_of_fuel_name);
    iw.u8(static_cast<uint8_t>(ExternKind::Func));
    iw.varu32(void_type);
    builder.set_section(kImportSection,
                        append_to_vector(current(builder, kImportSection), 1, import));

    builder.set_section(kGlobalSection, globals());
    builder.set_section(kExportSection, exports());
    if (info_.start) builder.set_section(kStartSection, encode_varu32(remap(*info_.start)));
    if (const Section* elements = info_.find_section(kElementSection)) {
      builder.set_section(kElementSection, element_section(*elements));
    }
    if (!info_.code.empty()) builder.set_section(kCodeSection, code_section());
    builder.remove_custom_section("name");
    result_.bytes = builder.finish();
    return std::move(result_);
  }

 private:
  uint32_t remap(uint32_t func) const { return func >= first_defined_ ? func + 1 : func; }

  static std::span<const uint8_t> current(const ModuleBuilder& builder, uint8_t id) {
    return builder.payload(id).value_or(std::span<const uint8_t>{});
  }

  uint32_t add_void_type(ModuleBuilder& builder) {
    for (size_t i = 0; i < info_.types.size(); ++i) {
      if (info_.types[i].params.empty() && info_.types[i].results.empty()) {
        return static_cast<uint32_t>(i);
      }
    }
    const Bytes type = {0x60, 0x00, 0x00};
    builder.set_section(kTypeSection, append_to_vector(current(builder, kTypeSection), 1, type));
    return static_cast<uint32_t>(info_.types.size());
  }

  // Copies wasm_[from, to) into `out`, re-encoding every function-index immediate of
  // `instrs` (which lie in that range) through remap().
  void copy_remapped(Writer& out, size_t from, size_t to, const Instr& instr) const {
    if (!takes_function_index(instr.op)) {
      out.bytes(wasm_.subspan(from, to - from));
      return;
    }
    out.bytes(wasm_.subspan(from, instr.index_offset - from));
    out.varu32(remap(instr.index));
    out.bytes(wasm_.subspan(instr.index_end, to - instr.index_end));
  }

  void const_expr(Reader& reader, Writer& out) const {
    size_t start = reader.offset();
    auto instrs = read_const_expr(reader);
    if (!reader.ok()) throw RewriteError(reader.error());
    size_t at = start;
    for (const Instr& instr : instrs) {
      copy_remapped(out, at, instr.end, instr);
      at = instr.end;
    }
  }

  Bytes globals() const {
    Bytes payload;
    Writer w(payload);
    w.varu32(static_cast<uint32_t>(info_.globals.size() + 1));
    if (const Section* section = info_.find_section(kGlobalSection)) {
      for (size_t i = 0; i < info_.globals.size(); ++i) {
        const GlobalInfo& init = info_.global_inits[i];
        // type (valtype byte + mutability byte) precedes the init expression
        w.bytes(wasm_.subspan(init.init_offset - 2, 2));
        Reader reader(wasm_.subspan(init.init_offset, init.init_end - init.init_offset),
                      init.init_offset);
        const_expr(reader, w);
      }
      (void)section;
    }
    w.u8(static_cast<uint8_t>(ValType::I64));
    w.u8(1);  // mutable
    w.u8(static_cast<uint8_t>(Op::I64Const));
    w.vars64(options_.initial_fuel);
    w.u8(static_cast<uint8_t>(Op::End));
    return payload;
  }

  Bytes exports() const {
    Bytes payload;
    Writer w(payload);
    w.varu32(static_cast<uint32_t>(info_.exports.size() + 1));
    for (const Export& exported : info_.exports) {
      w.name(exported.name);
      w.u8(static_cast<uint8_t>(exported.kind));
      w.varu32(exported.kind == ExternKind::Func ? remap(exported.index) : exported.index);
    }
    w.name(options_.fuel_export);
    w.u8(static_cast<uint8_t>(ExternKind::Global));
    w.varu32(result_.fuel_global);
    return payload;
  }

  Bytes element_section(const Section& section) const {
    Reader r(wasm_.subspan(section.payload_offset, section.payload_size), section.payload_offset);
    Bytes payload;
    Writer w(payload);
    uint32_t count = r.varu32();
    w.varu32(count);
    for (uint32_t s = 0; s < count && r.ok(); ++s) {
      uint32_t flags = r.varu32();
      w.varu32(flags);
      bool passive_or_declared = flags & 0x01;
      bool explicit_table = flags & 0x02;
      bool expressions = flags & 0x04;
      if (!passive_or_declared && explicit_table) w.varu32(r.varu32());
      if (!passive_or_declared) const_expr(r, w);
      if (passive_or_declared || explicit_table) w.u8(r.u8());  // element kind / ref type
      uint32_t items = r.varu32();
      w.varu32(items);
      for (uint32_t i = 0; i < items && r.ok(); ++i) {
        if (expressions) {
          const_expr(r, w);
        } else {
          w.varu32(remap(r.varu32()));
        }
      }
    }
    if (!r.ok()) throw RewriteError("element section: " + r.error());
    return payload;
  }

  void charge(Writer& w, uint64_t cost) {
    if (cost == 0) return;
    w.u8(static_cast<uint8_t>(Op::GlobalGet));
    w.bytes(fuel_global_);
    w.u8(static_cast<uint8_t>(Op::I64Const));
    w.vars64(static_cast<int64_t>(cost));
    w.u8(static_cast<uint8_t>(Op::I64Sub));
    w.u8(static_cast<uint8_t>(Op::GlobalSet));
    w.bytes(fuel_global_);
    ++result_.segments_charged;
  }

  void check(Writer& w) {
    w.u8(static_cast<uint8_t>(Op::GlobalGet));
    w.bytes(fuel_global_);
    w.u8(static_cast<uint8_t>(Op::I64Const));
    w.vars64(0);
    w.u8(static_cast<uint8_t>(Op::I64LtS));
    w.u8(static_cast<uint8_t>(Op::If));
    w.u8(0x40);
    w.u8(static_cast<uint8_t>(Op::Call));
    w.varu32(result_.out_of_fuel_func);
    w.u8(static_cast<uint8_t>(Op::End));
  }

  // Cost of the segment starting at instrs[first]: through the first op that ends one.
  static uint64_t segment_cost(const std::vector<Instr>& instrs, size_t first) {
    uint64_t total = 0;
    for (size_t i = first; i < instrs.size(); ++i) {
      auto key = static_cast<uint32_t>(instrs[i].op);
      total += fuel_model::cost(key);
      if (fuel_model::ends_segment(key)) break;
    }
    return total;
  }

  Bytes body(const CodeBody& located) {
    auto decoded =
        decode_function_body(wasm_.subspan(located.offset, located.size), located.offset);
    if (!decoded.ok()) throw RewriteError(decoded.error);
    const auto& instrs = decoded.body.instrs;
    Bytes out;
    Writer w(out);
    w.bytes(wasm_.subspan(located.offset, decoded.body.code_offset - located.offset));  // locals
    charge(w, 1);  // the call itself: F -= 1
    check(w);
    charge(w, segment_cost(instrs, 0));
    for (size_t i = 0; i < instrs.size(); ++i) {
      const Instr& instr = instrs[i];
      copy_remapped(w, instr.offset, instr.end, instr);
      if (i + 1 == instrs.size() || !fuel_model::ends_segment(static_cast<uint32_t>(instr.op))) {
        continue;
      }
      if (instr.op == Op::Loop) check(w);
      charge(w, segment_cost(instrs, i + 1));
    }
    --result_.segments_charged;  // the entry's F -= 1 is not a segment
    return out;
  }

  Bytes code_section() {
    Bytes payload;
    Writer w(payload);
    w.varu32(static_cast<uint32_t>(info_.code.size()));
    for (const CodeBody& located : info_.code) {
      Bytes rewritten = body(located);
      w.varu32(static_cast<uint32_t>(rewritten.size()));
      w.bytes(rewritten);
    }
    return payload;
  }

  std::span<const uint8_t> wasm_;
  const ModuleInfo& info_;
  const FuelOptions& options_;
  uint32_t first_defined_;
  Bytes fuel_global_;
  FuelResult result_;
};

}  // namespace

FuelResult add_fuel_metering(std::span<const uint8_t> wasm, const FuelOptions& options) {
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) return FuelResult{{}, decoded.error};
  try {
    return FuelRewriter(wasm, *decoded.info, options).run();
  } catch (const RewriteError& error) {
    return FuelResult{{}, error.what()};
  }
}

}  // namespace lh::instrument
