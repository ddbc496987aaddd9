// The shape of a wasm module read from its binary: types, imports, exports, functions,
// tables, memories, globals and the section layout. Code bodies are located, not decoded.
// Used by the engine for import/export reflection and by instrument for rewriting.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lh::binary {

enum class ValType : uint8_t {
  I32 = 0x7f,
  I64 = 0x7e,
  F32 = 0x7d,
  F64 = 0x7c,
  V128 = 0x7b,
  FuncRef = 0x70,
  ExternRef = 0x6f,
};
[[nodiscard]] bool is_valtype_byte(uint8_t byte);
[[nodiscard]] const char* valtype_name(ValType type);

enum class ExternKind : uint8_t { Func = 0, Table = 1, Memory = 2, Global = 3, Tag = 4 };

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;
  bool operator==(const FuncType&) const = default;
};
struct Limits {
  uint64_t min = 0;
  std::optional<uint64_t> max;
  bool shared = false;
  bool memory64 = false;
};
struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
};
struct MemoryType {
  Limits limits;
};
struct GlobalType {
  ValType type = ValType::I32;
  bool mutable_ = false;
};

struct Import {
  std::string module;
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t func_type = 0;  // kind == Func: index into types
  TableType table;
  MemoryType memory;
  GlobalType global;
  uint32_t tag_type = 0;  // kind == Tag: index into types
};
struct Export {
  std::string name;
  ExternKind kind = ExternKind::Func;
  uint32_t index = 0;  // in the kind's index space (imports first)
};
// Known section ids, in the order they must appear (tag sits between memory and global,
// data count between element and code).
enum SectionId : uint8_t {
  kCustomSection = 0,
  kTypeSection = 1,
  kImportSection = 2,
  kFunctionSection = 3,
  kTableSection = 4,
  kMemorySection = 5,
  kGlobalSection = 6,
  kExportSection = 7,
  kStartSection = 8,
  kElementSection = 9,
  kCodeSection = 10,
  kDataSection = 11,
  kDataCountSection = 12,
  kTagSection = 13,
};
// Position of a known section id in the required order (custom: 0); 0 for unknown ids.
[[nodiscard]] int section_rank(uint8_t id);

struct Section {
  uint8_t id = 0;           // 0 = custom
  std::string custom_name;  // id == 0 only
  size_t offset = 0;        // of the section id byte
  size_t payload_offset = 0;
  size_t payload_size = 0;
};

struct CodeBody {
  size_t offset = 0;  // absolute offset of the body (after its size prefix)
  size_t size = 0;
};
struct GlobalInfo {
  size_t init_offset = 0;  // absolute byte range of the init expression, `end` included
  size_t init_end = 0;
};

struct ModuleInfo {
  std::vector<FuncType> types;
  std::vector<Import> imports;
  std::vector<uint32_t> func_types;      // defined functions: type index each
  std::vector<TableType> tables;         // defined tables
  std::vector<MemoryType> memories;      // defined memories
  std::vector<GlobalType> globals;       // defined globals
  std::vector<GlobalInfo> global_inits;  // parallel to globals
  std::vector<uint32_t> tags;            // defined tags: type index each
  std::vector<Export> exports;
  std::optional<uint32_t> start;
  std::vector<Section> sections;  // in file order
  std::vector<CodeBody> code;     // parallel to func_types
  uint32_t element_segments = 0;
  uint32_t data_segments = 0;
  std::optional<uint32_t> data_count;  // from the data count section

  [[nodiscard]] uint32_t imported_count(ExternKind kind) const;
  // Type of function `index` in the function index space (imports first); nullptr if none.
  [[nodiscard]] const FuncType* func_type_of(uint32_t index) const;
  [[nodiscard]] std::optional<TableType> table_type_of(uint32_t index) const;
  [[nodiscard]] std::optional<MemoryType> memory_type_of(uint32_t index) const;
  [[nodiscard]] std::optional<GlobalType> global_type_of(uint32_t index) const;
  [[nodiscard]] const Export* find_export(std::string_view name) const;
  // First section with this id (for custom sections, also this name); nullptr if none.
  [[nodiscard]] const Section* find_section(uint8_t id, std::string_view custom_name = {}) const;
  [[nodiscard]] uint32_t func_count() const {  // imported + defined
    return imported_count(ExternKind::Func) + static_cast<uint32_t>(func_types.size());
  }
};

struct DecodeResult {
  std::optional<ModuleInfo> info;
  std::string error;  // set when info is empty
};

// Reads the module's header and sections (not the code). Never reads out of bounds; any
// malformation gives an error naming the byte offset. Not a full validator: the engine
// validates the code.
[[nodiscard]] DecodeResult decode_module_info(std::span<const uint8_t> bytes);

// Reads limits / a value type at the reader (shared by the module and code decoders).
class Reader;
Limits read_limits(Reader& reader, bool is_memory);
ValType read_valtype(Reader& reader);

}  // namespace lh::binary
