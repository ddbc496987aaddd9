#include "harness/binary/module_info.h"

#include <fmt/format.h>

#include <set>

#include "harness/binary/code.h"
#include "harness/binary/reader.h"

namespace lh::binary {

bool is_valtype_byte(uint8_t byte) {
  switch (byte) {
    case 0x7f:
    case 0x7e:
    case 0x7d:
    case 0x7c:
    case 0x7b:
    case 0x70:
    case 0x6f: return true;
    default: return false;
  }
}

const char* valtype_name(ValType type) {
  switch (type) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

ValType read_valtype(Reader& reader) {
  size_t at = reader.offset();
  uint8_t byte = reader.u8();
  if (!reader.ok()) return ValType::I32;
  if (!is_valtype_byte(byte)) {
    reader.fail_at(at, fmt::format("invalid value type 0x{:02x}", byte));
    return ValType::I32;
  }
  return static_cast<ValType>(byte);
}

Limits read_limits(Reader& reader, bool is_memory) {
  Limits limits;
  size_t at = reader.offset();
  uint8_t flags = reader.u8();
  uint8_t allowed = is_memory ? 0x07 : 0x01;
  if (!reader.ok()) return limits;
  if (flags & ~allowed) {
    reader.fail_at(at, fmt::format("invalid limits flags 0x{:02x}", flags));
    return limits;
  }
  limits.shared = flags & 0x02;
  limits.memory64 = flags & 0x04;
  auto value = [&]() -> uint64_t { return limits.memory64 ? reader.varu64() : reader.varu32(); };
  limits.min = value();
  if (flags & 0x01) limits.max = value();
  if (!reader.ok()) return limits;
  if (limits.max && *limits.max < limits.min) {
    reader.fail_at(at,
                   fmt::format("limits maximum {} is below minimum {}", *limits.max, limits.min));
  } else if (limits.shared && !limits.max) {
    reader.fail_at(at, "shared memory needs a maximum");
  }
  return limits;
}

int section_rank(uint8_t id) {
  // type import function table memory tag global export start element datacount code data
  static constexpr int kRank[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6};
  return id < std::size(kRank) ? kRank[id] : 0;
}

namespace {

const char* section_name(uint8_t id) {
  static constexpr const char* kNames[] = {"custom", "type",   "import",     "function", "table",
                                           "memory", "global", "export",     "start",    "element",
                                           "code",   "data",   "data count", "tag"};
  return id < std::size(kNames) ? kNames[id] : "unknown";
}

// Decodes one module; throws nothing, reports through Reader failures.
class ModuleDecoder {
 public:
  explicit ModuleDecoder(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  DecodeResult run() {
    Reader r(bytes_);
    if (r.u32_fixed() != 0x6d736100 || !r.ok())
      return fail("at byte 0: not a wasm module (bad magic)");
    if (r.u32_fixed() != 1 || !r.ok()) return fail("at byte 4: unsupported wasm version");
    int last_rank = 0;
    while (!r.at_end()) {
      Section section;
      section.offset = r.offset();
      section.id = r.u8();
      uint32_t size = r.varu32();
      section.payload_offset = r.offset();
      auto payload = r.take(size);
      if (!r.ok()) return fail(fmt::format("section at byte {}: {}", section.offset, r.error()));
      section.payload_size = size;
      if (section.id > kTagSection) {
        return fail(fmt::format("at byte {}: unknown section id {}", section.offset, section.id));
      }
      if (section.id != kCustomSection) {
        int rank = section_rank(section.id);
        if (rank <= last_rank) {
          return fail(fmt::format("at byte {}: {} section is duplicated or out of order",
                                  section.offset, section_name(section.id)));
        }
        last_rank = rank;
      }
      Reader body(payload, section.payload_offset);
      decode_section(section, body);
      if (body.ok() && !body.at_end()) body.fail("section has bytes past its contents");
      if (!body.ok()) {
        return fail(fmt::format("{} section: {}", section_name(section.id), body.error()));
      }
      info_.sections.push_back(std::move(section));
    }
    if (info_.code.size() != info_.func_types.size()) {
      return fail(fmt::format("function section declares {} functions but code has {} bodies",
                              info_.func_types.size(), info_.code.size()));
    }
    if (info_.data_count && *info_.data_count != info_.data_segments) {
      return fail(fmt::format("data count section says {} segments but data has {}",
                              *info_.data_count, info_.data_segments));
    }
    return DecodeResult{std::move(info_), {}};
  }

 private:
  static DecodeResult fail(std::string message) {
    return DecodeResult{std::nullopt, std::move(message)};
  }

  void check_index(Reader& r, uint32_t index, uint64_t bound, const char* what, size_t at) {
    if (r.ok() && index >= bound) {
      r.fail_at(at, fmt::format("{} index {} out of range (have {})", what, index, bound));
    }
  }
  uint32_t type_index(Reader& r) {
    size_t at = r.offset();
    uint32_t index = r.varu32();
    check_index(r, index, info_.types.size(), "type", at);
    return index;
  }
  uint32_t count_of(ExternKind kind) const {
    uint64_t defined = 0;
    switch (kind) {
      case ExternKind::Func: defined = info_.func_types.size(); break;
      case ExternKind::Table: defined = info_.tables.size(); break;
      case ExternKind::Memory: defined = info_.memories.size(); break;
      case ExternKind::Global: defined = info_.globals.size(); break;
      case ExternKind::Tag: defined = info_.tags.size(); break;
    }
    return static_cast<uint32_t>(info_.imported_count(kind) + defined);
  }
  ValType ref_type(Reader& r) {
    size_t at = r.offset();
    ValType type = read_valtype(r);
    if (r.ok() && type != ValType::FuncRef && type != ValType::ExternRef) {
      r.fail_at(at, "expected a reference type");
    }
    return type;
  }
  GlobalType global_type(Reader& r) {
    GlobalType type;
    type.type = read_valtype(r);
    size_t at = r.offset();
    uint8_t mut = r.u8();
    if (r.ok() && mut > 1) r.fail_at(at, fmt::format("invalid mutability {}", mut));
    type.mutable_ = mut == 1;
    return type;
  }

  void decode_section(Section& section, Reader& r) {
    switch (section.id) {
      case kCustomSection:
        section.custom_name = r.name();
        (void)r.take(r.remaining());
        break;
      case kTypeSection: types(r); break;
      case kImportSection: imports(r); break;
      case kFunctionSection: each(r, [&] { info_.func_types.push_back(type_index(r)); }); break;
      case kTableSection:
        each(r, [&] {
          TableType table;
          table.element = ref_type(r);
          table.limits = read_limits(r, false);
          info_.tables.push_back(table);
        });
        break;
      case kMemorySection:
        each(r, [&] { info_.memories.push_back(MemoryType{read_limits(r, true)}); });
        break;
      case kTagSection: each(r, [&] { info_.tags.push_back(tag_type(r)); }); break;
      case kGlobalSection:
        each(r, [&] {
          info_.globals.push_back(global_type(r));
          GlobalInfo init;
          init.init_offset = r.offset();
          (void)read_const_expr(r);
          init.init_end = r.offset();
          info_.global_inits.push_back(init);
        });
        break;
      case kExportSection: exports(r); break;
      case kStartSection: {
        size_t at = r.offset();
        info_.start = r.varu32();
        check_index(r, *info_.start, count_of(ExternKind::Func), "start function", at);
        break;
      }
      case kElementSection: info_.element_segments = each(r, [&] { element(r); }); break;
      case kDataCountSection: info_.data_count = r.varu32(); break;
      case kCodeSection:
        each(r, [&] {
          uint32_t size = r.varu32();
          CodeBody body{r.offset(), size};
          (void)r.take(size);
          info_.code.push_back(body);
        });
        break;
      case kDataSection: info_.data_segments = each(r, [&] { data(r); }); break;
      default: break;
    }
  }

  // Reads a vector count, then calls `item` that many times while the reader is good.
  template <typename F>
  uint32_t each(Reader& r, F item) {
    uint32_t count = r.varu32();
    for (uint32_t i = 0; i < count && r.ok(); ++i) item();
    return count;
  }

  void types(Reader& r) {
    each(r, [&] {
      size_t at = r.offset();
      uint8_t form = r.u8();
      if (r.ok() && form != 0x60) {
        r.fail_at(at, fmt::format("unsupported type form 0x{:02x}", form));
        return;
      }
      FuncType type;
      each(r, [&] { type.params.push_back(read_valtype(r)); });
      each(r, [&] { type.results.push_back(read_valtype(r)); });
      info_.types.push_back(std::move(type));
    });
  }

  uint32_t tag_type(Reader& r) {
    size_t at = r.offset();
    uint8_t attribute = r.u8();
    if (r.ok() && attribute != 0) r.fail_at(at, "invalid tag attribute");
    return type_index(r);
  }

  void imports(Reader& r) {
    each(r, [&] {
      Import import;
      import.module = r.name();
      import.name = r.name();
      size_t at = r.offset();
      uint8_t kind = r.u8();
      if (!r.ok()) return;
      switch (kind) {
        case 0: import.func_type = type_index(r); break;
        case 1:
          import.table.element = ref_type(r);
          import.table.limits = read_limits(r, false);
          break;
        case 2: import.memory.limits = read_limits(r, true); break;
        case 3: import.global = global_type(r); break;
        case 4: import.tag_type = tag_type(r); break;
        default: r.fail_at(at, fmt::format("invalid import kind {}", kind)); return;
      }
      import.kind = static_cast<ExternKind>(kind);
      info_.imports.push_back(std::move(import));
    });
  }

  void exports(Reader& r) {
    std::set<std::string, std::less<>> names;
    each(r, [&] {
      Export exported;
      size_t at = r.offset();
      exported.name = r.name();
      uint8_t kind = r.u8();
      size_t index_at = r.offset();
      exported.index = r.varu32();
      if (!r.ok()) return;
      if (kind > 4) return r.fail_at(at, fmt::format("invalid export kind {}", kind));
      exported.kind = static_cast<ExternKind>(kind);
      check_index(r, exported.index, count_of(exported.kind), "export", index_at);
      if (r.ok() && !names.insert(exported.name).second) {
        r.fail_at(at, fmt::format("duplicate export \"{}\"", exported.name));
      }
      info_.exports.push_back(std::move(exported));
    });
  }

  void element(Reader& r) {
    size_t at = r.offset();
    uint32_t flags = r.varu32();
    if (!r.ok()) return;
    if (flags > 7) return r.fail_at(at, fmt::format("invalid element segment flags {}", flags));
    bool passive_or_declared = flags & 0x01;
    bool explicit_table = flags & 0x02;
    bool expressions = flags & 0x04;
    if (!passive_or_declared && explicit_table) (void)r.varu32();  // table index
    if (!passive_or_declared) (void)read_const_expr(r);            // offset
    if (passive_or_declared || explicit_table) {
      if (expressions) {
        (void)ref_type(r);
      } else {
        size_t kind_at = r.offset();
        if (r.u8() != 0 && r.ok()) r.fail_at(kind_at, "invalid element kind");
      }
    }
    uint32_t funcs = count_of(ExternKind::Func);
    each(r, [&] {
      if (expressions) {
        (void)read_const_expr(r);
      } else {
        size_t index_at = r.offset();
        check_index(r, r.varu32(), funcs, "function", index_at);
      }
    });
  }

  void data(Reader& r) {
    size_t at = r.offset();
    uint32_t flags = r.varu32();
    if (!r.ok()) return;
    if (flags > 2) return r.fail_at(at, fmt::format("invalid data segment flags {}", flags));
    if (flags == 2) (void)r.varu32();  // memory index
    if (flags != 1) (void)read_const_expr(r);
    uint32_t size = r.varu32();
    (void)r.take(size);
  }

  std::span<const uint8_t> bytes_;
  ModuleInfo info_;
};

}  // namespace

uint32_t ModuleInfo::imported_count(ExternKind kind) const {
  uint32_t count = 0;
  for (const Import& import : imports) count += import.kind == kind;
  return count;
}

const FuncType* ModuleInfo::func_type_of(uint32_t index) const {
  uint32_t seen = 0;
  for (const Import& import : imports) {
    if (import.kind != ExternKind::Func) continue;
    if (seen++ == index)
      return import.func_type < types.size() ? &types[import.func_type] : nullptr;
  }
  uint64_t local = uint64_t{index} - seen;
  if (local >= func_types.size() || func_types[local] >= types.size()) return nullptr;
  return &types[func_types[local]];
}

namespace {
// The index-th entry of a kind's index space: imports of that kind first, then `defined`.
template <typename T, typename Pick>
std::optional<T> nth_of_kind(const ModuleInfo& info, ExternKind kind, uint32_t index,
                             const std::vector<T>& defined, Pick pick) {
  uint32_t seen = 0;
  for (const Import& import : info.imports) {
    if (import.kind != kind) continue;
    if (seen++ == index) return pick(import);
  }
  uint64_t local = uint64_t{index} - seen;
  if (local >= defined.size()) return std::nullopt;
  return defined[local];
}
}  // namespace

std::optional<TableType> ModuleInfo::table_type_of(uint32_t index) const {
  return nth_of_kind(*this, ExternKind::Table, index, tables,
                     [](const Import& i) { return i.table; });
}
std::optional<MemoryType> ModuleInfo::memory_type_of(uint32_t index) const {
  return nth_of_kind(*this, ExternKind::Memory, index, memories,
                     [](const Import& i) { return i.memory; });
}
std::optional<GlobalType> ModuleInfo::global_type_of(uint32_t index) const {
  return nth_of_kind(*this, ExternKind::Global, index, globals,
                     [](const Import& i) { return i.global; });
}

const Export* ModuleInfo::find_export(std::string_view name) const {
  for (const Export& exported : exports) {
    if (exported.name == name) return &exported;
  }
  return nullptr;
}

const Section* ModuleInfo::find_section(uint8_t id, std::string_view custom_name) const {
  for (const Section& section : sections) {
    if (section.id == id && (id != kCustomSection || section.custom_name == custom_name)) {
      return &section;
    }
  }
  return nullptr;
}

DecodeResult decode_module_info(std::span<const uint8_t> bytes) {
  return ModuleDecoder(bytes).run();
}

}  // namespace lh::binary
