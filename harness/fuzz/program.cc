#include "harness/fuzz/program.h"

#include <fmt/format.h>

#include <map>
#include <utility>

namespace lh::fuzz {
namespace {

using binary::Bytes;
using binary::ValType;
using binary::Writer;

// The opcodes the encoder emits (binary/opcodes.def names them all; these are the bytes).
namespace op {
constexpr uint8_t kUnreachable = 0x00, kBlock = 0x02, kLoop = 0x03, kIf = 0x04, kEnd = 0x0b,
                  kBr = 0x0c, kBrIf = 0x0d, kReturn = 0x0f, kCall = 0x10, kDrop = 0x1a,
                  kLocalGet = 0x20, kLocalSet = 0x21, kI64Load = 0x29, kI64Store = 0x37,
                  kI32Store8 = 0x3a, kMemoryGrow = 0x40, kI32Const = 0x41, kI64Const = 0x42,
                  kF32Const = 0x43, kF64Const = 0x44, kI32Eqz = 0x45, kI32GeU = 0x4f,
                  kI64Eqz = 0x50, kI32Add = 0x6a, kI32Sub = 0x6b, kI32Mul = 0x6c, kI32And = 0x71,
                  kI64Sub = 0x7d, kI32WrapI64 = 0xa7, kI64ExtendI32S = 0xac, kI64ExtendI32U = 0xad;
constexpr uint8_t kVoid = 0x40;
}  // namespace op

constexpr uint8_t kTypeSection = 1, kImportSection = 2, kFunctionSection = 3, kMemorySection = 5,
                  kExportSection = 7, kCodeSection = 10;

using Signature = std::pair<std::vector<ValType>, std::vector<ValType>>;

class Types {
 public:
  uint32_t index(const Signature& sig) {
    auto [it, added] = indices_.emplace(sig, static_cast<uint32_t>(order_.size()));
    if (added) order_.push_back(sig);
    return it->second;
  }
  Bytes section() const {
    Bytes out;
    Writer w(out);
    w.varu32(static_cast<uint32_t>(order_.size()));
    for (const auto& [params, results] : order_) {
      w.u8(0x60);
      w.varu32(static_cast<uint32_t>(params.size()));
      for (ValType t : params) w.u8(static_cast<uint8_t>(t));
      w.varu32(static_cast<uint32_t>(results.size()));
      for (ValType t : results) w.u8(static_cast<uint8_t>(t));
    }
    return out;
  }

 private:
  std::map<Signature, uint32_t> indices_;
  std::vector<Signature> order_;
};

// Emits one function body's instructions.
class Code {
 public:
  explicit Code(Bytes& out) : w_(out) {}
  Writer& w() { return w_; }
  void op(uint8_t byte) { w_.u8(byte); }
  void i32(uint64_t v) {
    w_.u8(op::kI32Const);
    w_.vars32(static_cast<int32_t>(static_cast<uint32_t>(v)));
  }
  void i64(uint64_t v) {
    w_.u8(op::kI64Const);
    w_.vars64(static_cast<int64_t>(v));
  }
  void get(uint32_t local) {
    w_.u8(op::kLocalGet);
    w_.varu32(local);
  }
  void set(uint32_t local) {
    w_.u8(op::kLocalSet);
    w_.varu32(local);
  }
  void call(uint32_t function) {
    w_.u8(op::kCall);
    w_.varu32(function);
  }
  void memarg(uint8_t opcode) {  // align 0, offset 0: any address is allowed
    w_.u8(opcode);
    w_.varu32(0);
    w_.varu32(0);
  }
  void block(uint8_t opcode) {
    w_.u8(opcode);
    w_.u8(op::kVoid);
  }

 private:
  Writer w_;
};

// Function indices of the module: imports first, then entries, `rec`, `malloc`.
struct Layout {
  uint32_t imports = 0;
  uint32_t entries = 0;
  [[nodiscard]] uint32_t entry(size_t i) const { return imports + static_cast<uint32_t>(i); }
  [[nodiscard]] uint32_t rec() const { return imports + entries; }
  [[nodiscard]] uint32_t malloc() const { return imports + entries + 1; }
  [[nodiscard]] uint32_t catch_trap() const { return imports + entries + 2; }
};

std::optional<uint32_t> sleep_import(const Program& program) {
  return program.find_import("lunatic::process", "sleep_ms");
}

// The body of entry `entry`: locals are its params, then 4 i64 registers and an i32 counter.
Bytes entry_body(const Program& program, const Entry& entry, const Layout& layout) {
  Bytes body;
  Code c(body);
  const auto nparams = static_cast<uint32_t>(entry.params.size());
  const uint32_t reg0 = nparams, counter = nparams + kRegisters;
  c.w().varu32(2);  // local groups
  c.w().varu32(kRegisters);
  c.op(static_cast<uint8_t>(ValType::I64));
  c.w().varu32(1);
  c.op(static_cast<uint8_t>(ValType::I32));
  // Params into registers.
  for (uint32_t i = 0; i < nparams && i < kRegisters; ++i) {
    c.get(i);
    if (entry.params[i] == ValType::I32) c.op(op::kI64ExtendI32U);
    c.set(reg0 + i);
  }
  auto reg = [&](int8_t r) { return reg0 + static_cast<uint32_t>(r % kRegisters); };
  auto push_value = [&](const Value& v, ValType type) {
    switch (type) {
      case ValType::I32:
        if (v.is_reg()) {
          c.get(reg(v.reg));
          c.op(op::kI32WrapI64);
        } else {
          c.i32(v.constant);
        }
        break;
      case ValType::I64:
        if (v.is_reg())
          c.get(reg(v.reg));
        else
          c.i64(v.constant);
        break;
      case ValType::F32:
        c.op(op::kF32Const);
        for (int i = 0; i < 4; ++i) c.op(static_cast<uint8_t>(v.constant >> (8 * i)));
        break;
      case ValType::F64:
        c.op(op::kF64Const);
        for (int i = 0; i < 8; ++i) c.op(static_cast<uint8_t>(v.constant >> (8 * i)));
        break;
      default: c.op(op::kUnreachable); break;  // no other kind is generated
    }
  };
  auto set_result = [&](ValType type, int8_t result) {
    if (result < 0) {
      c.op(op::kDrop);
      return;
    }
    if (type == ValType::I32) c.op(op::kI64ExtendI32U);
    if (type == ValType::I32 || type == ValType::I64) {
      c.set(reg(result));
    } else {
      c.op(op::kDrop);
    }
  };
  for (const Op& o : entry.ops) {
    switch (o.kind) {
      case Op::Kind::Call: {
        const Import& imp = program.imports.at(o.target);
        for (size_t i = 0; i < imp.params.size(); ++i)
          push_value(i < o.args.size() ? o.args[i] : Value{}, imp.params[i]);
        c.call(o.target);
        // Results: the last is on top; keep the first in `result`, drop the rest.
        for (size_t i = imp.results.size(); i-- > 0;)
          set_result(imp.results[i], i == 0 ? o.result : int8_t{-1});
        break;
      }
      case Op::Kind::Store:
        for (size_t i = 0; i < o.bytes.size(); ++i) {
          c.i32(uint64_t{o.addr} + i);
          c.i32(o.bytes[i]);
          c.memarg(op::kI32Store8);
        }
        break;
      case Op::Kind::StoreReg:
        c.i32(o.addr);
        c.get(reg(o.reg < 0 ? 0 : o.reg));
        c.memarg(op::kI64Store);
        break;
      case Op::Kind::Fill:
        if (o.count == 0) break;
        c.i32(0);
        c.set(counter);
        c.block(op::kBlock);
        c.block(op::kLoop);
        c.get(counter);
        c.i32(o.count);
        c.op(op::kI32GeU);
        c.op(op::kBrIf);
        c.w().varu32(1);
        c.get(counter);
        c.i32(8);
        c.op(op::kI32Mul);
        c.i32(o.addr);
        c.op(op::kI32Add);
        c.i64(o.pattern);
        c.memarg(op::kI64Store);
        c.get(counter);
        c.i32(1);
        c.op(op::kI32Add);
        c.set(counter);
        c.op(op::kBr);
        c.w().varu32(0);
        c.op(op::kEnd);
        c.op(op::kEnd);
        break;
      case Op::Kind::Load:
        c.i32(o.addr);
        c.memarg(op::kI64Load);
        if (o.result >= 0)
          c.set(reg(o.result));
        else
          c.op(op::kDrop);
        break;
      case Op::Kind::Compute:
        if (o.count == 0) break;
        c.i32(o.count);
        c.set(counter);
        c.block(op::kBlock);
        c.block(op::kLoop);
        c.get(counter);
        c.op(op::kI32Eqz);
        c.op(op::kBrIf);
        c.w().varu32(1);
        c.get(counter);
        c.i32(1);
        c.op(op::kI32Sub);
        c.set(counter);
        c.op(op::kBr);
        c.w().varu32(0);
        c.op(op::kEnd);
        c.op(op::kEnd);
        break;
      case Op::Kind::Recurse:
        c.i64(o.count);
        c.i32(o.pattern);
        c.call(layout.rec());
        break;
      case Op::Kind::Grow:
        c.i32(o.count);
        c.op(op::kMemoryGrow);
        c.op(0);
        if (o.result >= 0) {
          c.op(op::kI64ExtendI32S);
          c.set(reg(o.result));
        } else {
          c.op(op::kDrop);
        }
        break;
      case Op::Kind::Trap: c.op(op::kUnreachable); break;
      case Op::Kind::Spin:
        c.block(op::kLoop);
        if (auto sleep = sleep_import(program)) {
          c.i64(0);
          c.call(*sleep);
        }
        c.op(op::kBr);
        c.w().varu32(0);
        c.op(op::kEnd);
        break;
    }
  }
  c.op(op::kEnd);
  return body;
}

// rec(depth: i64, sleep: i32): recurses depth times; at the bottom sleeps `sleep` ms if > 0.
Bytes rec_body(const Program& program, const Layout& layout) {
  Bytes body;
  Code c(body);
  c.w().varu32(0);
  c.get(0);
  c.op(op::kI64Eqz);
  c.block(op::kIf);
  if (auto sleep = sleep_import(program)) {
    c.get(1);
    c.block(op::kIf);
    c.get(1);
    c.op(op::kI64ExtendI32U);
    c.call(*sleep);
    c.op(op::kEnd);
  }
  c.op(op::kReturn);
  c.op(op::kEnd);
  c.get(0);
  c.i64(1);
  c.op(op::kI64Sub);
  c.get(1);
  c.call(layout.rec());
  c.op(op::kEnd);
  return body;
}

// malloc(size: i32) -> i32: burns `cost` loop iterations, then returns the middle of the
// initial memory (0, i.e. NULL, when there is none).
Bytes malloc_body(const Program& program) {
  Bytes body;
  Code c(body);
  c.w().varu32(1);
  c.w().varu32(1);
  c.op(static_cast<uint8_t>(ValType::I32));
  c.i32(program.malloc_cost);
  c.set(1);
  c.block(op::kBlock);
  c.block(op::kLoop);
  c.get(1);
  c.op(op::kI32Eqz);
  c.op(op::kBrIf);
  c.w().varu32(1);
  c.get(1);
  c.i32(1);
  c.op(op::kI32Sub);
  c.set(1);
  c.op(op::kBr);
  c.w().varu32(0);
  c.op(op::kEnd);
  c.op(op::kEnd);
  c.i32(uint64_t{program.memory_pages} * 65536 / 2);
  c.op(op::kEnd);
  return body;
}

// _lunatic_catch_trap(f: i32, p: i32) -> i32: rec(f % 16, p % 8); unreachable when p & 8;
// returns f.
Bytes catch_trap_body(const Layout& layout) {
  Bytes body;
  Code c(body);
  c.w().varu32(0);
  c.get(0);
  c.i32(15);
  c.op(op::kI32And);
  c.op(op::kI64ExtendI32U);
  c.get(1);
  c.i32(7);
  c.op(op::kI32And);
  c.call(layout.rec());
  c.get(1);
  c.i32(8);
  c.op(op::kI32And);
  c.block(op::kIf);
  c.op(op::kUnreachable);
  c.op(op::kEnd);
  c.get(0);
  c.op(op::kEnd);
  return body;
}

std::string value_text(const Value& v) {
  return v.is_reg() ? fmt::format("r{}", v.reg) : fmt::format("{:#x}", v.constant);
}

}  // namespace

std::optional<uint32_t> Program::find_import(std::string_view module, std::string_view name) const {
  for (size_t i = 0; i < imports.size(); ++i)
    if (imports[i].module == module && imports[i].name == name) return static_cast<uint32_t>(i);
  return std::nullopt;
}

std::string entry_name(size_t index) { return fmt::format("e{}", index); }

binary::Bytes encode(const Program& program) {
  Types types;
  Layout layout{static_cast<uint32_t>(program.imports.size()),
                static_cast<uint32_t>(program.entries.size())};

  Bytes imports;
  {
    Writer w(imports);
    w.varu32(static_cast<uint32_t>(program.imports.size()));
    for (const Import& imp : program.imports) {
      w.name(imp.module);
      w.name(imp.name);
      w.u8(0x00);  // function
      w.varu32(types.index({imp.params, imp.results}));
    }
  }
  Bytes functions;
  {
    Writer w(functions);
    w.varu32(layout.entries + 3);
    for (const Entry& e : program.entries) w.varu32(types.index({e.params, {}}));
    w.varu32(types.index({{ValType::I64, ValType::I32}, {}}));
    w.varu32(types.index({{ValType::I32}, {ValType::I32}}));
    w.varu32(types.index({{ValType::I32, ValType::I32}, {ValType::I32}}));
  }
  Bytes memory;
  {
    Writer w(memory);
    w.varu32(1);
    if (program.memory_max_pages) {
      w.u8(0x01);
      w.varu32(program.memory_pages);
      w.varu32(*program.memory_max_pages);
    } else {
      w.u8(0x00);
      w.varu32(program.memory_pages);
    }
  }
  Bytes exports;
  {
    Writer w(exports);
    uint32_t count = 1 + layout.entries + (program.exports_malloc ? 2 : 0) +
                     (program.exports_catch_trap ? 1 : 0);
    w.varu32(count);
    w.name("memory");
    w.u8(0x02);
    w.varu32(0);
    for (size_t i = 0; i < program.entries.size(); ++i) {
      w.name(entry_name(i));
      w.u8(0x00);
      w.varu32(layout.entry(i));
    }
    if (program.exports_malloc) {
      for (const char* name : {"malloc", "lunatic_alloc"}) {
        w.name(name);
        w.u8(0x00);
        w.varu32(layout.malloc());
      }
    }
    if (program.exports_catch_trap) {
      w.name("_lunatic_catch_trap");
      w.u8(0x00);
      w.varu32(layout.catch_trap());
    }
  }
  Bytes code;
  {
    Writer w(code);
    w.varu32(layout.entries + 3);
    auto add = [&](const Bytes& body) {
      w.varu32(static_cast<uint32_t>(body.size()));
      w.bytes(body);
    };
    for (const Entry& e : program.entries) add(entry_body(program, e, layout));
    add(rec_body(program, layout));
    add(malloc_body(program));
    add(catch_trap_body(layout));
  }

  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  Writer w(out);
  w.section(kTypeSection, types.section());
  if (!program.imports.empty()) w.section(kImportSection, imports);
  w.section(kFunctionSection, functions);
  w.section(kMemorySection, memory);
  w.section(kExportSection, exports);
  w.section(kCodeSection, code);
  return out;
}

size_t call_count(const Program& program) {
  size_t n = 0;
  for (const Entry& e : program.entries)
    for (const Op& o : e.ops) n += o.kind == Op::Kind::Call;
  return n;
}

size_t op_count(const Program& program) {
  size_t n = 0;
  for (const Entry& e : program.entries) n += e.ops.size();
  return n;
}

Expectations expectations(const Program& program) {
  // Values a structured sleep or timeout stays under (ms): far below the virtual hour.
  constexpr uint64_t kBoundedMs = 1'000'000;
  Expectations out;
  for (const Entry& e : program.entries) {
    for (const Op& o : e.ops) {
      if (o.kind == Op::Kind::Spin) out.may_reach_step_limit = out.may_reach_time_limit = true;
      if (o.kind == Op::Kind::Recurse && o.pattern > kBoundedMs) out.may_reach_time_limit = true;
      if (o.kind != Op::Kind::Call) continue;
      const Import& imp = program.imports.at(o.target);
      if (imp.module == "wasi_snapshot_preview1" && imp.name == "random_get")
        out.schedule_free_inputs = false;
      if (!imp.may_suspend) continue;
      // poll_oneoff reads its timeouts from memory: unbounded.
      if (imp.name == "poll_oneoff") out.may_reach_time_limit = true;
      // receive and spawn take pointers and lengths that do not make them wait longer.
      const bool known_pointers = imp.name == "receive" || imp.name == "spawn";
      for (size_t i = 0; i < imp.params.size(); ++i) {
        Value v = i < o.args.size() ? o.args[i] : Value{};
        if (v.is_reg()) out.may_reach_time_limit = true;
        if (imp.params[i] == ValType::I64 && v.constant > kBoundedMs)
          out.may_reach_time_limit = true;
        if (imp.params[i] == ValType::I32 && !known_pointers && v.constant != 0)
          out.may_reach_time_limit = true;
      }
    }
  }
  return out;
}

ReviewShapes review_shapes(const Program& program) {
  ReviewShapes out;
  for (const Entry& e : program.entries) {
    bool suspended = false;
    for (size_t i = 0; i < e.ops.size(); ++i) {
      const Op& o = e.ops[i];
      if (o.kind == Op::Kind::Spin) out.r4 = true;
      if (o.kind == Op::Kind::Fill && o.count == 8192 && (o.pattern >> 32) == 65536) out.r2 = true;
      if (o.kind == Op::Kind::Store && o.bytes.size() == 2 && o.bytes[0] == 0xc3 &&
          o.bytes[1] == 0xa9 && o.addr >= 4096 + 4093 && o.addr <= 4096 + 4096)
        out.r3 = true;
      if (o.kind == Op::Kind::Compute && !suspended && i + 1 < e.ops.size()) {
        const Op& next = e.ops[i + 1];
        const uint64_t fuel = o.count * 8, to_edge = (100'000 - fuel % 100'000) % 100'000;
        if (next.kind == Op::Kind::Call && program.imports.at(next.target).may_suspend &&
            fuel >= 100'000 - 6'000 && to_edge <= 6'000)
          out.r1 = true;
      }
      if (o.kind == Op::Kind::Call && program.imports.at(o.target).may_suspend) suspended = true;
      if (o.kind == Op::Kind::Recurse && o.pattern) suspended = true;
    }
  }
  return out;
}

std::string describe(const Program& program) {
  std::string out = fmt::format("memory {} pages", program.memory_pages);
  if (program.memory_max_pages) out += fmt::format(" (max {})", *program.memory_max_pages);
  if (program.exports_malloc)
    out += fmt::format(", malloc costing {} iterations", program.malloc_cost);
  if (program.exports_catch_trap) out += ", exports _lunatic_catch_trap";
  out += "\n";
  for (size_t i = 0; i < program.entries.size(); ++i) {
    const Entry& e = program.entries[i];
    out += fmt::format("{}({} params):\n", entry_name(i), e.params.size());
    for (const Op& o : e.ops) {
      switch (o.kind) {
        case Op::Kind::Call: {
          const Import& imp = program.imports.at(o.target);
          std::string args;
          for (const Value& v : o.args) args += (args.empty() ? "" : ", ") + value_text(v);
          out +=
              fmt::format("  {}{}::{}({})\n", o.result >= 0 ? fmt::format("r{} = ", o.result) : "",
                          imp.module, imp.name, args);
          break;
        }
        case Op::Kind::Store:
          out += fmt::format("  store {} bytes at {:#x}\n", o.bytes.size(), o.addr);
          break;
        case Op::Kind::StoreReg: out += fmt::format("  store r{} at {:#x}\n", o.reg, o.addr); break;
        case Op::Kind::Fill:
          out += fmt::format("  fill {} x {:#018x} at {:#x}\n", o.count, o.pattern, o.addr);
          break;
        case Op::Kind::Load: out += fmt::format("  r{} = load {:#x}\n", o.result, o.addr); break;
        case Op::Kind::Compute: out += fmt::format("  compute {} iterations\n", o.count); break;
        case Op::Kind::Recurse:
          out += fmt::format("  recurse {} deep, then sleep {} ms\n", o.count, o.pattern);
          break;
        case Op::Kind::Grow:
          out += fmt::format("  r{} = memory.grow {}\n", o.result, o.count);
          break;
        case Op::Kind::Trap: out += "  unreachable\n"; break;
        case Op::Kind::Spin: out += "  spin forever (sleep_ms(0) each turn)\n"; break;
      }
    }
  }
  return out;
}

}  // namespace lh::fuzz
