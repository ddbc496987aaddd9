// Table limit: lunatic's resource limiter allows one table per process and refuses tables of
// 100,000 elements or more (lunatic src/state.rs: tables() = 1, table_growing). Every defined
// table gets a maximum of at most 99,999 (table.grow past it returns -1 in the guest). A
// module over the limits still compiles, as in lunatic (compile_module returns 0); its
// instantiation fails with wasmtime 4's text (TableRefusals), so a spawn returns 1. Such a
// table's minimum is lowered in the bytes so that V8 compiles it: the module never runs.
// Pure bytes in, bytes out; deterministic.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace lh::instrument {

inline constexpr uint64_t kMaxTableElements = 99'999;

// Why every instantiation of a module will fail, in wasmtime 4's words and order: the
// resource count is checked before memories are created (Store::bump_resource_counts), a
// table's size after (Table::limit_new).
struct TableRefusals {
  std::optional<std::string> count;  // "resource limit exceeded: table count too high at N"
  std::optional<std::string> size;   // "table minimum size of N elements exceeds table limits"
  bool operator==(const TableRefusals&) const = default;
};

struct TableLimitResult {
  std::vector<uint8_t> bytes;  // the input unchanged when every table already fits
  bool rewritten = false;
  TableRefusals refusals;
  std::string error;
  [[nodiscard]] bool ok() const { return error.empty(); }
};

[[nodiscard]] TableLimitResult limit_tables(std::span<const uint8_t> wasm);

}  // namespace lh::instrument
