// Function-body decoder: walks every instruction V8 10.2 accepts (table in opcodes.def) and
// yields its opcode, byte range and the immediates a rewriter needs. Structural checks only
// (known opcodes, well-formed immediates, balanced blocks); typing is the engine's job.
// Never reads out of bounds; an unknown opcode is an error naming its byte offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "harness/binary/reader.h"

namespace lh::binary {

// What follows an opcode in the binary.
enum class Imm : uint8_t {
  None,
  BlockType,
  Label,
  LabelTable,
  Func,
  CallIndirect,
  Local,
  Global,
  Table,
  TablePair,
  MemArg,
  MemArgLane,
  Memory,
  MemoryPair,
  I32,
  I64,
  F32,
  F64,
  V128,
  Shuffle,
  Lane,
  SelectTypes,
  HeapType,
  Tag,
  Data,
  DataMemory,
  Elem,
  ElemTable,
  Zero,
};

// An opcode: the byte itself, or (prefix << 16) | sub-opcode for 0xFC/0xFD/0xFE.
[[nodiscard]] constexpr uint32_t opcode_key(uint8_t prefix, uint32_t code) {
  return prefix == 0 ? code : (uint32_t{prefix} << 16) | code;
}

enum class Op : uint32_t {
#define LH_OPCODE(name, prefix, code, imm, text) name = opcode_key(prefix, code),
#include "harness/binary/opcodes.def"
};

struct OpInfo {
  Op op;
  uint8_t prefix;
  uint32_t code;
  Imm imm;
  const char* text;
};

// The table entry for (prefix, code), or nullptr when no such instruction exists.
[[nodiscard]] const OpInfo* find_op(uint8_t prefix, uint32_t code);
[[nodiscard]] const OpInfo& op_info(Op op);  // `op` must come from the table
[[nodiscard]] std::span<const OpInfo> all_ops();
// Control instructions: block structure, branches, calls, returns, throws.
[[nodiscard]] bool is_control(Op op);

struct Instr {
  Op op = Op::Nop;
  size_t offset = 0;  // absolute offset of the first opcode byte
  size_t end = 0;     // absolute offset one past the last immediate byte
  // The first index immediate (function for call/return_call/ref.func, global, local,
  // label, type for call_indirect, tag, table, data, elem), with the byte range of its
  // LEB128 so a rewriter can replace it.
  uint32_t index = 0;
  size_t index_offset = 0;
  size_t index_end = 0;
  uint32_t index2 = 0;       // second index: call_indirect table, table.copy source, ...
  int64_t block_type = -64;  // block/loop/if/try: -64 empty, other negative = value type,
                             // >= 0 = type index (multi-value)
  uint64_t value = 0;        // i32/i64 const (sign-extended bits), f32/f64 bits, memarg offset
  uint32_t lane = 0;         // lane immediate
};

// Reads instructions one at a time from an expression (function body or constant
// expression). Tracks block depth; the expression ends with the `end` closing depth 0.
class CodeReader {
 public:
  explicit CodeReader(std::span<const uint8_t> bytes, size_t base_offset = 0)
      : reader_(bytes, base_offset) {}
  explicit CodeReader(const Reader& positioned) : reader_(positioned) {}

  // Reads the next instruction into `out`. False when the expression is complete (the
  // final `end` has been returned) or on error; then check ok().
  bool next(Instr& out);
  [[nodiscard]] bool ok() const { return reader_.ok(); }
  [[nodiscard]] const std::string& error() const { return reader_.error(); }
  [[nodiscard]] bool done() const { return done_; }
  [[nodiscard]] uint32_t depth() const { return static_cast<uint32_t>(blocks_.size()); }
  Reader& reader() { return reader_; }

 private:
  void read_immediates(const OpInfo& info, Instr& out);
  void track_structure(const Instr& in);

  Reader reader_;
  std::vector<Op> blocks_;  // opener of each open block (function level not included)
  bool done_ = false;
};

struct LocalDecl {
  uint32_t count = 0;
  uint8_t type = 0;  // value-type byte
};

struct FunctionBody {
  std::vector<LocalDecl> locals;
  size_t code_offset = 0;  // absolute offset of the first instruction
  std::vector<Instr> instrs;
};

struct BodyResult {
  FunctionBody body;
  std::string error;  // empty on success
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// Decodes one function body (the bytes after its size prefix; `base_offset` is their
// absolute offset). The final `end` must be the body's last byte.
[[nodiscard]] BodyResult decode_function_body(std::span<const uint8_t> body,
                                              size_t base_offset = 0);

// Reads a constant expression at `reader` up to and including its `end`, allowing only
// constant instructions. Returns the instructions (end included); errors go to `reader`.
std::vector<Instr> read_const_expr(Reader& reader);

}  // namespace lh::binary
