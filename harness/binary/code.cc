#include "harness/binary/code.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "harness/binary/module_info.h"

namespace lh::binary {
namespace {

constexpr OpInfo kOps[] = {
#define LH_OPCODE(name, prefix, code, imm, text) {Op::name, prefix, code, Imm::imm, text},
#include "harness/binary/opcodes.def"
};

// Locals per function, V8's limit (kV8MaxWasmFunctionLocals).
constexpr uint64_t kMaxLocals = 50000;

// Dense lookup: one 256-entry row for single-byte opcodes, one per prefix.
struct OpIndex {
  std::array<const OpInfo*, 256> single{};
  std::array<std::array<const OpInfo*, 256>, 3> prefixed{};  // 0xFC, 0xFD, 0xFE
};

int prefix_row(uint8_t prefix) {
  switch (prefix) {
    case 0xfc: return 0;
    case 0xfd: return 1;
    case 0xfe: return 2;
    default: return -1;
  }
}

const OpIndex& op_index() {
  static const OpIndex index = [] {
    OpIndex built;
    for (const OpInfo& info : kOps) {
      if (info.prefix == 0) {
        built.single[info.code] = &info;
      } else {
        built.prefixed[prefix_row(info.prefix)][info.code] = &info;
      }
    }
    return built;
  }();
  return index;
}

bool is_block_opener(Op op) {
  return op == Op::Block || op == Op::Loop || op == Op::If || op == Op::Try;
}

}  // namespace

const OpInfo* find_op(uint8_t prefix, uint32_t code) {
  if (code > 0xff) return nullptr;
  if (prefix == 0) return op_index().single[code];
  int row = prefix_row(prefix);
  return row < 0 ? nullptr : op_index().prefixed[row][code];
}

const OpInfo& op_info(Op op) {
  auto key = static_cast<uint32_t>(op);
  return *find_op(static_cast<uint8_t>(key >> 16), key & 0xffff);
}

std::span<const OpInfo> all_ops() { return kOps; }

bool is_control(Op op) {
  switch (op) {
    case Op::Unreachable:
    case Op::Nop:
    case Op::Block:
    case Op::Loop:
    case Op::If:
    case Op::Else:
    case Op::Try:
    case Op::Catch:
    case Op::Throw:
    case Op::Rethrow:
    case Op::End:
    case Op::Br:
    case Op::BrIf:
    case Op::BrTable:
    case Op::Return:
    case Op::Call:
    case Op::CallIndirect:
    case Op::ReturnCall:
    case Op::ReturnCallIndirect:
    case Op::Delegate:
    case Op::CatchAll: return true;
    default: return false;
  }
}

void CodeReader::read_immediates(const OpInfo& info, Instr& out) {
  Reader& r = reader_;
  auto index = [&](uint32_t& slot, bool primary) {
    size_t start = r.offset();
    slot = r.varu32();
    if (primary) {
      out.index_offset = start;
      out.index_end = r.offset();
    }
  };
  auto memarg = [&] {
    uint32_t align = r.varu32();
    if (align & 0x40) out.index2 = r.varu32();  // multi-memory index (rejected by V8 10.2)
    out.value = r.varu64();
  };
  switch (info.imm) {
    case Imm::None: break;
    case Imm::BlockType: {
      out.block_type = r.vars33();
      if (r.ok() && out.block_type < 0 && out.block_type != -64 &&
          !is_valtype_byte(static_cast<uint8_t>(out.block_type & 0x7f))) {
        r.fail_at(out.offset, fmt::format("invalid block type 0x{:02x}", out.block_type & 0x7f));
      }
      break;
    }
    case Imm::Label:
    case Imm::Func:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Tag:
    case Imm::Data:
    case Imm::Elem:
    case Imm::Memory: index(out.index, true); break;
    case Imm::LabelTable: {
      index(out.index, true);  // target count
      for (uint64_t i = 0; i <= out.index && r.ok(); ++i) (void)r.varu32();
      break;
    }
    case Imm::CallIndirect:
    case Imm::TablePair:
    case Imm::MemoryPair:
    case Imm::DataMemory:
    case Imm::ElemTable:
      index(out.index, true);
      index(out.index2, false);
      break;
    case Imm::MemArg: memarg(); break;
    case Imm::MemArgLane:
      memarg();
      out.lane = r.u8();
      break;
    case Imm::I32: out.value = static_cast<uint64_t>(static_cast<int64_t>(r.vars32())); break;
    case Imm::I64: out.value = static_cast<uint64_t>(r.vars64()); break;
    case Imm::F32: out.value = r.u32_fixed(); break;
    case Imm::F64: out.value = r.u64_fixed(); break;
    case Imm::V128:
    case Imm::Shuffle: (void)r.take(16); break;
    case Imm::Lane: out.lane = r.u8(); break;
    case Imm::SelectTypes: {
      uint32_t count = r.varu32();
      for (uint32_t i = 0; i < count && r.ok(); ++i) (void)read_valtype(r);
      break;
    }
    case Imm::HeapType: out.block_type = r.vars33(); break;
    case Imm::Zero:
      if (r.u8() != 0 && r.ok())
        r.fail_at(out.offset, fmt::format("{} expects a zero byte", info.text));
      break;
  }
}

void CodeReader::track_structure(const Instr& in) {
  auto top_is = [&](std::initializer_list<Op> ops) {
    return !blocks_.empty() && std::find(ops.begin(), ops.end(), blocks_.back()) != ops.end();
  };
  auto misplaced = [&] {
    reader_.fail_at(in.offset, fmt::format("{} outside a matching block", op_info(in.op).text));
  };
  if (is_block_opener(in.op)) {
    blocks_.push_back(in.op);
    return;
  }
  switch (in.op) {
    case Op::Else:
      if (!top_is({Op::If})) return misplaced();
      blocks_.back() = Op::Else;
      break;
    case Op::Catch:
      if (!top_is({Op::Try, Op::Catch})) return misplaced();
      blocks_.back() = Op::Catch;
      break;
    case Op::CatchAll:
      if (!top_is({Op::Try, Op::Catch})) return misplaced();
      blocks_.back() = Op::CatchAll;
      break;
    case Op::Delegate:
      if (!top_is({Op::Try})) return misplaced();
      blocks_.pop_back();
      break;
    case Op::End:
      if (blocks_.empty()) {
        done_ = true;
      } else {
        blocks_.pop_back();
      }
      break;
    default: break;
  }
}

bool CodeReader::next(Instr& out) {
  if (done_ || !reader_.ok()) return false;
  if (reader_.at_end()) {
    reader_.fail("expression ends before its final end");
    return false;
  }
  out = Instr{};
  out.offset = reader_.offset();
  uint8_t first = reader_.u8();
  uint32_t code = first;
  uint8_t prefix = 0;
  if (prefix_row(first) >= 0) {
    prefix = first;
    code = reader_.varu32();
    if (!reader_.ok()) return false;
  }
  const OpInfo* info = find_op(prefix, code);
  if (info == nullptr) {
    if (prefix == 0) {
      reader_.fail_verbatim(fmt::format("unknown opcode 0x{:02x} at byte {}", first, out.offset));
    } else {
      reader_.fail_verbatim(
          fmt::format("unknown opcode 0x{:02x} 0x{:x} at byte {}", prefix, code, out.offset));
    }
    return false;
  }
  out.op = info->op;
  read_immediates(*info, out);
  if (!reader_.ok()) return false;
  out.end = reader_.offset();
  track_structure(out);
  return reader_.ok();
}

BodyResult decode_function_body(std::span<const uint8_t> body, size_t base_offset) {
  BodyResult result;
  Reader r(body, base_offset);
  uint32_t groups = r.varu32();
  uint64_t total = 0;
  for (uint32_t i = 0; i < groups && r.ok(); ++i) {
    LocalDecl decl;
    decl.count = r.varu32();
    decl.type = static_cast<uint8_t>(read_valtype(r));
    total += decl.count;
    if (r.ok() && total > kMaxLocals) r.fail(fmt::format("more than {} locals", kMaxLocals));
    result.body.locals.push_back(decl);
  }
  if (!r.ok()) {
    result.error = r.error();
    return result;
  }
  result.body.code_offset = r.offset();
  CodeReader code(r);
  Instr instr;
  while (code.next(instr)) result.body.instrs.push_back(instr);
  if (!code.ok()) {
    result.error = code.error();
  } else if (!code.reader().at_end()) {
    result.error =
        fmt::format("at byte {}: bytes after the function's final end", code.reader().offset());
  }
  return result;
}

std::vector<Instr> read_const_expr(Reader& reader) {
  std::vector<Instr> instrs;
  CodeReader code(reader);
  Instr instr;
  while (code.next(instr)) {
    switch (instr.op) {
      case Op::I32Const:
      case Op::I64Const:
      case Op::F32Const:
      case Op::F64Const:
      case Op::V128Const:
      case Op::RefNull:
      case Op::RefFunc:
      case Op::GlobalGet:
      case Op::End: instrs.push_back(instr); break;
      default:
        code.reader().fail_at(
            instr.offset,
            fmt::format("{} is not allowed in a constant expression", op_info(instr.op).text));
        break;
    }
  }
  reader = code.reader();
  return instrs;
}

}  // namespace lh::binary
