// Encoding helpers for emitting wasm: LEB128, names, sections, and a section-level module
// builder that keeps the original sections (custom ones in place) while passes replace,
// insert or drop some. Pure byte work; the output is as valid as what the caller puts in.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "harness/binary/module_info.h"

namespace lh::binary {

using Bytes = std::vector<uint8_t>;

// Appends encodings to a byte vector it does not own.
class Writer {
 public:
  explicit Writer(Bytes& out) : out_(out) {}

  void u8(uint8_t byte) { out_.push_back(byte); }
  void varu32(uint32_t value) { varu64(value); }
  void varu64(uint64_t value);
  void vars32(int32_t value) { vars64(value); }
  void vars64(int64_t value);
  void bytes(std::span<const uint8_t> data) { out_.insert(out_.end(), data.begin(), data.end()); }
  void name(std::string_view text);  // length-prefixed
  // A section: id, payload size, payload.
  void section(uint8_t id, std::span<const uint8_t> payload);
  // A custom section: id 0, size, name, payload.
  void custom_section(std::string_view name, std::span<const uint8_t> payload);

 private:
  Bytes& out_;
};

// Encoded lengths, for size prefixes computed up front.
[[nodiscard]] size_t varu64_size(uint64_t value);
[[nodiscard]] Bytes encode_varu32(uint32_t value);

// Rebuilds a module section by section. Starts from the input's sections in file order;
// untouched sections are copied byte for byte.
class ModuleBuilder {
 public:
  ModuleBuilder(std::span<const uint8_t> original, const ModuleInfo& info);

  // Replaces the payload of known section `id`, inserting it in its required position
  // (after the last section that must precede it) when the input has none.
  void set_section(uint8_t id, Bytes payload);
  // Drops known section `id` (no-op if absent).
  void remove_section(uint8_t id);
  // Drops every custom section named `name`.
  void remove_custom_section(std::string_view name);
  // The payload of known section `id` as it currently stands (empty if absent).
  [[nodiscard]] std::optional<std::span<const uint8_t>> payload(uint8_t id) const;
  [[nodiscard]] Bytes finish() const;

 private:
  struct Entry {
    uint8_t id;
    std::string custom_name;
    std::span<const uint8_t> original;  // whole section as in the input, when unchanged
    std::optional<Bytes> replaced;      // payload, when replaced or inserted
    std::span<const uint8_t> original_payload;
  };
  std::vector<Entry> entries_;
};

// Re-encodes a vector section payload: the original items (bytes after the count) followed
// by `extra` items already encoded, with the count raised by `extra_count`.
[[nodiscard]] Bytes append_to_vector(std::span<const uint8_t> payload, uint32_t extra_count,
                                     std::span<const uint8_t> extra);

// A function to add to a module and export: its type (appended to the type section), its
// body (locals and code, without the size prefix) and its export name.
struct ExportedFunction {
  FuncType type;
  Bytes body;
  std::string name;
};
// `original` (decoded as `info`) with `added` appended after its own functions, in order:
// the first gets function index info.func_count(), the next one more, and so on.
[[nodiscard]] Bytes append_exported_functions(std::span<const uint8_t> original,
                                              const ModuleInfo& info,
                                              const std::vector<ExportedFunction>& added);

}  // namespace lh::binary
