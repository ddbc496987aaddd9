// A guest program for the fuzzer: a few entry functions, each a straight list of operations
// (host calls with chosen arguments, stores into memory, compute loops, recursion, memory
// growth, traps, endless spins), kept as data so it can be shrunk, and encoded to wasm with
// the harness's own binary writer. Every process of a program runs the same module.
// Pure data and byte work: deterministic, no engine, no global state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"

namespace lh::fuzz {

// An argument: a constant, or the value of one of the entry's four i64 registers.
struct Value {
  uint64_t constant = 0;
  int8_t reg = -1;  // 0..3: read register `reg` (wrapped to i32 where an i32 is wanted)

  static Value of(uint64_t v) { return {v, -1}; }
  static Value from(int8_t r) { return {0, r}; }
  [[nodiscard]] bool is_reg() const { return reg >= 0; }
};

inline constexpr int kRegisters = 4;

struct Op {
  enum class Kind : uint8_t {
    Call,      // target: import index; args; result: register for the first result (or -1)
    Store,     // bytes at addr
    StoreReg,  // register `reg` as 8 little-endian bytes at addr
    Fill,      // `count` copies of the 8-byte `pattern` from addr on (iovec arrays, text)
    Load,      // 8 bytes at addr into register `result`
    Compute,   // a loop of `count` iterations (about 8 fuel units each)
    Recurse,   // recursion `count` deep; at the bottom sleep_ms(`pattern`) if pattern != 0
    Grow,      // memory.grow(`count` pages), the result into register `result` (or dropped)
    Trap,      // unreachable
    Spin,      // loops forever, yielding each turn (sleep_ms(0)): the program never ends
  };
  Kind kind = Kind::Call;
  uint32_t target = 0;
  std::vector<Value> args;
  int8_t result = -1;
  int8_t reg = -1;
  uint32_t addr = 0;
  uint64_t count = 0;
  uint64_t pattern = 0;
  std::vector<uint8_t> bytes;
};

// A host function the program imports (a copy of the registry's row, so a program encodes
// alone).
struct Import {
  std::string module;
  std::string name;
  std::vector<binary::ValType> params;
  std::vector<binary::ValType> results;
  bool may_suspend = false;
};

// An exported function `e<index>` that processes of the program run.
struct Entry {
  std::vector<binary::ValType> params;  // i32/i64 only; copied into registers 0.. on entry
  std::vector<Op> ops;
};

struct Program {
  uint32_t memory_pages = 1;
  std::optional<uint32_t> memory_max_pages;
  // Exports `malloc` (and `lunatic_alloc`) costing about 8 * malloc_cost fuel: the allocator
  // a harness that calls the guest's allocator to suspend would use (review R1).
  bool exports_malloc = false;
  uint32_t malloc_cost = 0;
  // Exports `_lunatic_catch_trap(f, p) -> i32`, the export lunatic::trap::catch calls: it
  // recurses f % 16 deep, sleeps p % 8 ms at the bottom (when the program imports sleep_ms),
  // traps when p & 8, and returns f. Without it, catch traps (no export).
  bool exports_catch_trap = false;
  std::vector<Import> imports;
  std::vector<Entry> entries;  // entries[0] is the root's entry, `e0`, with no params

  // The index of import (module, name), or nullopt.
  [[nodiscard]] std::optional<uint32_t> find_import(std::string_view module,
                                                    std::string_view name) const;
};

// The export name of entry `index`.
[[nodiscard]] std::string entry_name(size_t index);

// The wasm module of `program` (always valid wasm for any well-formed program: calls whose
// argument count matches their import, registers 0..3, entries' params i32/i64).
[[nodiscard]] binary::Bytes encode(const Program& program);

// Host calls in `program` (the number of Call ops).
[[nodiscard]] size_t call_count(const Program& program);
// The total number of ops.
[[nodiscard]] size_t op_count(const Program& program);

// What the run of `program` may end with besides quiescence. A Spin never ends (the step
// limit); a suspending host call with arguments the generator did not bound (a register, a
// large constant, a pointer to anything) may wait past the time limit.
struct Expectations {
  bool may_reach_step_limit = false;
  bool may_reach_time_limit = false;
  // False when a process's observable behaviour may depend on the PRNG that the random
  // policy also draws from (WASI random_get shares it: review 1.5).
  bool schedule_free_inputs = true;
};
[[nodiscard]] Expectations expectations(const Program& program);

// The shapes of the review's four failures (README, reliability), as a program shows them:
//   R1  an entry's first suspending call right after compute ending within 6,000 fuel units
//       of a slice edge (100,000 units)
//   R2  fd_write over 8,192 iovecs of 64 KiB each, all over one region
//   R3  fd_write of bytes that split a 2-byte character at the trace's 4,096-byte cut
//   R4  a process that never ends (a Spin)
struct ReviewShapes {
  bool r1 = false, r2 = false, r3 = false, r4 = false;
  [[nodiscard]] bool any() const { return r1 || r2 || r3 || r4; }
};
[[nodiscard]] ReviewShapes review_shapes(const Program& program);

// A one-line-per-op listing, for reports.
[[nodiscard]] std::string describe(const Program& program);

}  // namespace lh::fuzz
