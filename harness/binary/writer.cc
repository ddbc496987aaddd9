#include "harness/binary/writer.h"

#include <algorithm>

#include "harness/binary/reader.h"

namespace lh::binary {

void Writer::varu64(uint64_t value) {
  do {
    uint8_t byte = value & 0x7f;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out_.push_back(byte);
  } while (value != 0);
}

void Writer::vars64(int64_t value) {
  while (true) {
    uint8_t byte = static_cast<uint8_t>(value & 0x7f);
    value >>= 7;  // arithmetic shift
    bool done = (value == 0 && !(byte & 0x40)) || (value == -1 && (byte & 0x40));
    if (!done) byte |= 0x80;
    out_.push_back(byte);
    if (done) return;
  }
}

void Writer::name(std::string_view text) {
  varu32(static_cast<uint32_t>(text.size()));
  out_.insert(out_.end(), text.begin(), text.end());
}

void Writer::section(uint8_t id, std::span<const uint8_t> payload) {
  u8(id);
  varu32(static_cast<uint32_t>(payload.size()));
  bytes(payload);
}

void Writer::custom_section(std::string_view section_name, std::span<const uint8_t> payload) {
  Bytes inner;
  Writer(inner).name(section_name);
  inner.insert(inner.end(), payload.begin(), payload.end());
  section(kCustomSection, inner);
}

size_t varu64_size(uint64_t value) {
  size_t size = 1;
  while (value >>= 7) ++size;
  return size;
}

Bytes encode_varu32(uint32_t value) {
  Bytes out;
  Writer(out).varu32(value);
  return out;
}

ModuleBuilder::ModuleBuilder(std::span<const uint8_t> original, const ModuleInfo& info) {
  for (const Section& section : info.sections) {
    size_t end = section.payload_offset + section.payload_size;
    entries_.push_back(Entry{section.id, section.custom_name,
                             original.subspan(section.offset, end - section.offset), std::nullopt,
                             original.subspan(section.payload_offset, section.payload_size)});
  }
}

void ModuleBuilder::set_section(uint8_t id, Bytes payload) {
  for (Entry& entry : entries_) {
    if (entry.id == id) {
      entry.replaced = std::move(payload);
      return;
    }
  }
  // Insert after the last known section that ranks before `id`.
  auto position = entries_.begin();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->id != kCustomSection && section_rank(it->id) < section_rank(id)) position = it + 1;
  }
  if (position == entries_.begin()) {
    // Nothing ranks before it: go before the first known section (after leading customs).
    position = std::find_if(entries_.begin(), entries_.end(),
                            [](const Entry& e) { return e.id != kCustomSection; });
  }
  entries_.insert(position, Entry{id, {}, {}, std::move(payload), {}});
}

void ModuleBuilder::remove_section(uint8_t id) {
  std::erase_if(entries_, [&](const Entry& e) { return e.id == id && id != kCustomSection; });
}

void ModuleBuilder::remove_custom_section(std::string_view name) {
  std::erase_if(entries_,
                [&](const Entry& e) { return e.id == kCustomSection && e.custom_name == name; });
}

std::optional<std::span<const uint8_t>> ModuleBuilder::payload(uint8_t id) const {
  for (const Entry& entry : entries_) {
    if (entry.id != id) continue;
    if (entry.replaced) return std::span<const uint8_t>(*entry.replaced);
    return entry.original_payload;
  }
  return std::nullopt;
}

Bytes ModuleBuilder::finish() const {
  Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  Writer writer(out);
  for (const Entry& entry : entries_) {
    if (entry.replaced) {
      writer.section(entry.id, *entry.replaced);
    } else {
      writer.bytes(entry.original);
    }
  }
  return out;
}

Bytes append_to_vector(std::span<const uint8_t> payload, uint32_t extra_count,
                       std::span<const uint8_t> extra) {
  uint32_t count = 0;
  size_t items_at = 0;
  if (!payload.empty()) {
    Reader reader(payload);
    count = reader.varu32();
    items_at = reader.position();
  }
  Bytes out;
  Writer writer(out);
  writer.varu32(count + extra_count);
  writer.bytes(payload.subspan(items_at));
  writer.bytes(extra);
  return out;
}

namespace {

void write_value_types(Writer& w, const std::vector<ValType>& types) {
  w.varu32(static_cast<uint32_t>(types.size()));
  for (ValType type : types) w.u8(static_cast<uint8_t>(type));
}

}  // namespace

Bytes append_exported_functions(std::span<const uint8_t> original, const ModuleInfo& info,
                                const std::vector<ExportedFunction>& added) {
  Bytes types, functions, code, exports;
  auto next_type = static_cast<uint32_t>(info.types.size());
  uint32_t next_func = info.func_count();
  for (const ExportedFunction& function : added) {
    Writer t(types);
    t.u8(0x60);  // func type
    write_value_types(t, function.type.params);
    write_value_types(t, function.type.results);
    Writer(functions).varu32(next_type++);
    Writer c(code);
    c.varu32(static_cast<uint32_t>(function.body.size()));
    c.bytes(function.body);
    Writer e(exports);
    e.name(function.name);
    e.u8(static_cast<uint8_t>(ExternKind::Func));
    e.varu32(next_func++);
  }
  ModuleBuilder builder(original, info);
  auto count = static_cast<uint32_t>(added.size());
  for (auto [section, items] : {std::pair<uint8_t, const Bytes*>{kTypeSection, &types},
                                {kFunctionSection, &functions},
                                {kCodeSection, &code},
                                {kExportSection, &exports}}) {
    auto payload = builder.payload(section).value_or(std::span<const uint8_t>{});
    builder.set_section(section, append_to_vector(payload, count, *items));
  }
  return builder.finish();
}

}  // namespace lh::binary
