// The function-body decoder: the opcode table against wabt's, every opcode with its
// immediates, a corpus of real modules, rewriting offsets, and malformed bodies.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"
#include "harness/testing/wat.h"

namespace lh::binary {
namespace {

using B = std::vector<uint8_t>;

struct WabtOp {
  uint8_t prefix;
  uint32_t code;
  std::string text;
};

std::vector<WabtOp> wabt_ops() {
  std::vector<WabtOp> ops;
#define WABT_OPCODE(rtype, type1, type2, type3, mem_size, prefix, code, Name, text, decomp) \
  ops.push_back({static_cast<uint8_t>(prefix), static_cast<uint32_t>(code), text});
#include <wabt/opcode.def>
#undef WABT_OPCODE
  return ops;
}

// Opcodes wabt knows that V8 10.2 does not accept without flags: typed function
// references (call_ref, return_call_ref, br_on_null...), relaxed SIMD (0xFD 0x100+), GC,
// and wabt's interpreter-internal opcodes (single bytes 0xe0..0xe6).
bool outside_v8_10_2(const WabtOp& op) {
  if (op.prefix == 0xfd && op.code >= 0x100) return true;
  if (op.prefix == 0xfb || (op.prefix == 0 && op.code >= 0xe0 && op.code <= 0xe6)) return true;
  static const std::set<std::string> excluded = {"call_ref", "return_call_ref", "br_on_null",
                                                 "br_on_non_null", "ref.as_non_null"};
  return excluded.count(op.text) > 0 || op.text.empty();
}

TEST(CodeTable, MatchesWabtOpcodesForV8Features) {
  std::set<std::pair<uint8_t, uint32_t>> wabt_known;
  for (const WabtOp& op : wabt_ops()) {
    if (outside_v8_10_2(op)) continue;
    wabt_known.insert({op.prefix, op.code});
    const OpInfo* mine = find_op(op.prefix, op.code);
    ASSERT_NE(mine, nullptr) << "missing " << op.text;
    if (mine->op != Op::SelectT) {
      EXPECT_EQ(std::string(mine->text), op.text);
    }
  }
  for (const OpInfo& info : all_ops()) {
    if (info.op == Op::SelectT) continue;  // wabt folds it into select's entry
    EXPECT_TRUE(wabt_known.count({info.prefix, info.code})) << "not in wabt: " << info.text;
  }
}

// Encodes `info` with well-formed immediates; `imm_size` gets the immediates' length.
B encode_with_immediates(const OpInfo& info) {
  B out;
  Writer w(out);
  if (info.prefix) {
    w.u8(info.prefix);
    w.varu32(info.code);
  } else {
    w.u8(static_cast<uint8_t>(info.code));
  }
  switch (info.imm) {
    case Imm::None: break;
    case Imm::BlockType: w.u8(0x40); break;
    case Imm::Label:
    case Imm::Func:
    case Imm::Local:
    case Imm::Global:
    case Imm::Table:
    case Imm::Tag:
    case Imm::Data:
    case Imm::Elem:
    case Imm::Memory: w.varu32(300); break;
    case Imm::LabelTable:
      w.varu32(2);
      w.varu32(0);
      w.varu32(1);
      w.varu32(0);
      break;
    case Imm::CallIndirect:
    case Imm::TablePair:
    case Imm::MemoryPair:
    case Imm::DataMemory:
    case Imm::ElemTable:
      w.varu32(300);
      w.varu32(0);
      break;
    case Imm::MemArg:
      w.varu32(2);
      w.varu32(1000);
      break;
    case Imm::MemArgLane:
      w.varu32(0);
      w.varu32(1000);
      w.u8(1);
      break;
    case Imm::I32: w.vars32(-5); break;
    case Imm::I64: w.vars64(-5); break;
    case Imm::F32: w.bytes(B(4, 0x3f)); break;
    case Imm::F64: w.bytes(B(8, 0x3f)); break;
    case Imm::V128:
    case Imm::Shuffle: w.bytes(B(16, 1)); break;
    case Imm::Lane: w.u8(3); break;
    case Imm::SelectTypes:
      w.varu32(1);
      w.u8(0x7f);
      break;
    case Imm::HeapType: w.u8(0x70); break;
    case Imm::Zero: w.u8(0); break;
  }
  return out;
}

TEST(CodeReader, DecodesEveryOpcodeWithItsImmediates) {
  const B try_empty = {0x06, 0x40};
  const B if_empty = {0x04, 0x40};
  for (const OpInfo& info : all_ops()) {
    B instr = encode_with_immediates(info);
    B expr;
    // Give structural instructions the context they need.
    switch (info.op) {
      case Op::Else: expr = if_empty; break;
      case Op::Catch:
      case Op::CatchAll:
      case Op::Delegate: expr = try_empty; break;
      default: break;
    }
    size_t at = expr.size();
    expr.insert(expr.end(), instr.begin(), instr.end());
    bool opener =
        info.op == Op::Block || info.op == Op::Loop || info.op == Op::If || info.op == Op::Try;
    bool closes_try = info.op == Op::Delegate;
    if (opener || info.op == Op::Else || info.op == Op::Catch || info.op == Op::CatchAll) {
      expr.push_back(0x0b);
    }
    if (info.op != Op::End || closes_try) expr.push_back(0x0b);
    (void)closes_try;
    CodeReader reader(expr, 1000);
    Instr decoded;
    bool found = false;
    while (reader.next(decoded)) {
      if (decoded.op == info.op && decoded.offset == 1000 + at) {
        found = true;
        EXPECT_EQ(decoded.end - decoded.offset, instr.size()) << info.text;
      }
    }
    EXPECT_TRUE(reader.ok()) << info.text << ": " << reader.error();
    EXPECT_TRUE(reader.done()) << info.text;
    EXPECT_TRUE(found) << info.text;
  }
}

B body_of(B code, B locals = {0x00}) {
  locals.insert(locals.end(), code.begin(), code.end());
  return locals;
}

TEST(CodeReader, UnknownOpcodeNamesItsByte) {
  auto result = decode_function_body(body_of({0x01, 0xff, 0x0b}), 50);
  EXPECT_EQ(result.error, "unknown opcode 0xff at byte 52");
  auto simd = decode_function_body(body_of({0xfd, 0x9a, 0x01, 0x0b}), 0);
  EXPECT_NE(simd.error.find("unknown opcode 0xfd 0x9a at byte 1"), std::string::npos) << simd.error;
  auto relaxed = decode_function_body(body_of({0xfd, 0x80, 0x02, 0x0b}), 0);  // 0x100
  EXPECT_NE(relaxed.error.find("unknown opcode 0xfd 0x100"), std::string::npos) << relaxed.error;
  auto gc = decode_function_body(body_of({0xfb, 0x01, 0x0b}), 0);
  EXPECT_NE(gc.error.find("unknown opcode 0xfb"), std::string::npos) << gc.error;
}

TEST(CodeReader, MalformedBodiesAreErrors) {
  EXPECT_NE(decode_function_body(body_of({0x01}), 0).error.find("before its final end"),
            std::string::npos);
  EXPECT_NE(decode_function_body(body_of({0x0b, 0x01}), 0).error.find("after the function"),
            std::string::npos);
  EXPECT_NE(decode_function_body(body_of({0x05, 0x0b}), 0).error.find("outside a matching"),
            std::string::npos);
  EXPECT_NE(decode_function_body(body_of({0x41}), 0).error.find("end of data"), std::string::npos);
  EXPECT_NE(decode_function_body(body_of({0x02, 0x55, 0x0b, 0x0b}), 0).error.find("block type"),
            std::string::npos);
  EXPECT_NE(decode_function_body(B{0x01, 0xff, 0xff, 0x03, 0x7f, 0x0b}, 0).error.find("locals"),
            std::string::npos);
  // catch after catch_all, delegate after catch
  EXPECT_FALSE(decode_function_body(body_of({0x06, 0x40, 0x19, 0x19, 0x0b, 0x0b}), 0).ok());
  EXPECT_FALSE(decode_function_body(body_of({0x06, 0x40, 0x19, 0x18, 0x00, 0x0b}), 0).ok());
}

TEST(CodeReader, RecordsIndexRangesForRewriting) {
  // call 200 (2-byte LEB), ref.func 3, global.get 1, return_call 129
  B code = {0x10, 0xc8, 0x01, 0xd2, 0x03, 0x1a, 0x23, 0x01, 0x1a, 0x12, 0x81, 0x01, 0x0b};
  auto result = decode_function_body(body_of(code), 10);
  ASSERT_TRUE(result.ok()) << result.error;
  const auto& instrs = result.body.instrs;
  ASSERT_EQ(instrs.size(), 7u);
  EXPECT_EQ(instrs[0].op, Op::Call);
  EXPECT_EQ(instrs[0].index, 200u);
  EXPECT_EQ(instrs[0].index_offset, 12u);
  EXPECT_EQ(instrs[0].index_end, 14u);
  EXPECT_EQ(instrs[1].op, Op::RefFunc);
  EXPECT_EQ(instrs[1].index, 3u);
  EXPECT_EQ(instrs[3].op, Op::GlobalGet);
  EXPECT_EQ(instrs[3].index, 1u);
  EXPECT_EQ(instrs[5].op, Op::ReturnCall);
  EXPECT_EQ(instrs[5].index, 129u);
  EXPECT_TRUE(is_control(Op::ReturnCall));
  EXPECT_FALSE(is_control(Op::GlobalGet));
}

TEST(CodeReader, LaneAndMemargImmediates) {
  // v128.load8_lane align=0 offset=3 lane 15; i8x16.extract_lane_u 7
  B code = {0x41, 0x00, 0xfd, 0x0c};
  code.insert(code.end(), 16, 0);
  B rest = {0xfd, 0x54, 0x00, 0x03, 0x0f, 0xfd, 0x16, 0x07, 0x1a, 0x0b};
  B full = {0x41, 0x00};
  full.insert(full.end(), code.begin(), code.end());
  full.insert(full.end(), rest.begin(), rest.end());
  auto result = decode_function_body(body_of(full), 0);
  ASSERT_TRUE(result.ok()) << result.error;
  const auto& instrs = result.body.instrs;
  ASSERT_EQ(instrs.size(), 7u);
  EXPECT_EQ(instrs[3].op, Op::V128Load8Lane);
  EXPECT_EQ(instrs[3].value, 3u);
  EXPECT_EQ(instrs[3].lane, 15u);
  EXPECT_EQ(instrs[4].op, Op::I8x16ExtractLaneU);
  EXPECT_EQ(instrs[4].lane, 7u);
}

B read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string s = text.str();
  return B(s.begin(), s.end());
}

TEST(CodeCorpus, EveryFunctionOfEveryCorpusModuleDecodes) {
  std::set<Op> seen;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(LH_CORPUS_DIR)) {
    if (entry.path().extension() != ".wat") continue;
    ++files;
    B wat = read_file(entry.path());
    B wasm = testing::wat_to_wasm(
        std::string_view(reinterpret_cast<const char*>(wat.data()), wat.size()));
    auto decoded = decode_module_info(wasm);
    ASSERT_TRUE(decoded.info) << entry.path() << ": " << decoded.error;
    for (const CodeBody& body : decoded.info->code) {
      auto result =
          decode_function_body(std::span(wasm).subspan(body.offset, body.size), body.offset);
      ASSERT_TRUE(result.ok()) << entry.path() << ": " << result.error;
      size_t expect_at = result.body.code_offset;
      for (const Instr& instr : result.body.instrs) {
        EXPECT_EQ(instr.offset, expect_at);  // contiguous, no gaps
        expect_at = instr.end;
        seen.insert(instr.op);
      }
      EXPECT_EQ(expect_at, body.offset + body.size);
    }
  }
  EXPECT_GE(files, 5);
  for (Op op : {Op::BrTable,
                Op::CallIndirect,
                Op::ReturnCall,
                Op::ReturnCallIndirect,
                Op::Try,
                Op::Catch,
                Op::CatchAll,
                Op::Delegate,
                Op::Rethrow,
                Op::Throw,
                Op::I8x16Shuffle,
                Op::V128Load8Lane,
                Op::V128Store64Lane,
                Op::V128Const,
                Op::AtomicFence,
                Op::MemoryAtomicWait64,
                Op::MemoryInit,
                Op::TableCopy,
                Op::SelectT,
                Op::RefFunc,
                Op::RefNull,
                Op::I32Extend8S,
                Op::I64TruncSatF32S}) {
    EXPECT_TRUE(seen.count(op)) << op_info(op).text << " not exercised by the corpus";
  }
}

TEST(CodeCorpus, CorruptedBodiesNeverCrash) {
  B wat = read_file(std::filesystem::path(LH_CORPUS_DIR) / "simd.wat");
  B wasm =
      testing::wat_to_wasm(std::string_view(reinterpret_cast<const char*>(wat.data()), wat.size()));
  auto decoded = decode_module_info(wasm);
  ASSERT_TRUE(decoded.info);
  const CodeBody body = decoded.info->code.at(0);
  std::mt19937 rng(7);
  for (int round = 0; round < 5000; ++round) {
    B copy(wasm.begin() + body.offset, wasm.begin() + body.offset + body.size);
    copy[rng() % copy.size()] = static_cast<uint8_t>(rng());
    size_t cut = copy.size() - rng() % 3;
    auto result = decode_function_body(std::span(copy).first(cut), 0);
    if (!result.ok()) {
      EXPECT_NE(result.error.find("byte"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace lh::binary
