#include "harness/instrument/asyncify.h"

#include <binaryen-c.h>
#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <string_view>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/binary/reader.h"
#include "harness/binary/writer.h"

namespace lh::instrument {

using namespace lh::binary;

namespace {

constexpr const char* kFeatureNames[] = {
    "mutable-globals", "sign-ext",   "nontrapping-fptoint", "bulk-memory",        "simd128",
    "reference-types", "multivalue", "tail-call",           "exception-handling", "atomics"};
constexpr const char* kTargetFeatures = "target_features";

// Custom sections Binaryen 108 interprets, and may exit on: a "name" section with newer
// subsections (e.g. tag names, id 11) makes it fail with "unexpected end of input"; dylink
// would make it treat the module as a shared library.
constexpr const char* kStrippedCustomSections[] = {"name", "dylink", "dylink.0", kTargetFeatures};
// DWARF sections (".debug_info" and the rest) go too: Binaryen 108 rewrites them when it
// writes the module and crashes on malformed ones (fuzz/corpus/binaryen_debug_info.wasm).
// Nothing in the harness reads them, and the prepared code no longer matches them anyway.
constexpr std::string_view kDwarfPrefix = ".debug_";

// Binaryen 108 reads with the features of a target_features section (MVP without one) and
// exits on anything else, so the input gets one naming our features, first of all sections.
Bytes with_target_features(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  ModuleBuilder builder(wasm, info);
  for (const char* name : kStrippedCustomSections) builder.remove_custom_section(name);
  for (const Section& section : info.sections) {
    if (section.id == kCustomSection && section.custom_name.starts_with(kDwarfPrefix))
      builder.remove_custom_section(section.custom_name);
  }
  Bytes rest = builder.finish();
  Bytes payload;
  Writer pw(payload);
  pw.varu32(static_cast<uint32_t>(std::size(kFeatureNames)));
  for (const char* name : kFeatureNames) {
    pw.u8('+');
    pw.name(name);
  }
  Bytes out(rest.begin(), rest.begin() + 8);
  Writer(out).custom_section(kTargetFeatures, payload);
  out.insert(out.end(), rest.begin() + 8, rest.end());
  return out;
}

// Drops the target_features section Binaryen echoes back.
Bytes without_target_features(Bytes out) {
  auto decoded = decode_module_info(out);
  if (!decoded.info) return out;
  ModuleBuilder builder(out, *decoded.info);
  builder.remove_custom_section(kTargetFeatures);
  return builder.finish();
}

// Why Binaryen 108 would exit or abort on this body; `for_asyncify` adds what only the
// asyncify pass cannot handle.
std::optional<std::string> screen_body(std::span<const uint8_t> wasm, const ModuleInfo& info,
                                       const CodeBody& located, bool for_asyncify) {
  auto decoded = decode_function_body(wasm.subspan(located.offset, located.size), located.offset);
  if (!decoded.ok()) return decoded.error;
  std::vector<Op> open;  // enclosing block openers, innermost last
  for (const Instr& instr : decoded.body.instrs) {
    bool opens =
        instr.op == Op::Block || instr.op == Op::Loop || instr.op == Op::If || instr.op == Op::Try;
    // Binaryen's IR has no block parameters: its reader exits ("Block requires more values
    // than are available").
    if (opens && instr.block_type >= 0 &&
        static_cast<uint64_t>(instr.block_type) < info.types.size() &&
        !info.types[static_cast<size_t>(instr.block_type)].params.empty()) {
      return fmt::format("{} at byte {} takes parameters, which Binaryen 108 cannot read",
                         op_info(instr.op).text, instr.offset);
    }
    switch (instr.op) {
      case Op::TableInit:
      case Op::ElemDrop:
      case Op::TableCopy:
      case Op::TableFill:
        return fmt::format("{} at byte {} is not supported by Binaryen 108 (asyncify)",
                           op_info(instr.op).text, instr.offset);
      case Op::ReturnCall:
      case Op::ReturnCallIndirect:
        if (for_asyncify) {  // Binaryen 108 exits: "tail calls not yet supported in asyncify"
          return fmt::format("{} at byte {}: Binaryen 108's asyncify does not support tail calls",
                             op_info(instr.op).text, instr.offset);
        }
        break;
      case Op::Try:
        if (for_asyncify) {
          return fmt::format(
              "try at byte {}: Binaryen 108's asyncify aborts on exception "
              "handling in functions that may suspend",
              instr.offset);
        }
        open.push_back(instr.op);
        break;
      case Op::Block:
      case Op::Loop:
      case Op::If: open.push_back(instr.op); break;
      case Op::End:
        if (!open.empty()) open.pop_back();
        break;
      case Op::Delegate: {
        open.pop_back();  // the try it closes (checked by the decoder)
        // label 0 is the block around the try; a label past all blocks is the function.
        if (instr.index < open.size() && open[open.size() - 1 - instr.index] != Op::Try) {
          return fmt::format(
              "delegate at byte {} targets a non-try block, which Binaryen 108 "
              "cannot handle",
              instr.offset);
        }
        break;
      }
      default: break;
    }
  }
  return std::nullopt;
}

}  // namespace

uint32_t binaryen_features() {
  return BinaryenFeatureMutableGlobals() | BinaryenFeatureSignExt() |
         BinaryenFeatureNontrappingFPToInt() | BinaryenFeatureBulkMemory() |
         BinaryenFeatureSIMD128() | BinaryenFeatureReferenceTypes() | BinaryenFeatureMultivalue() |
         BinaryenFeatureTailCall() | BinaryenFeatureExceptionHandling() | BinaryenFeatureAtomics();
}

namespace {

bool has_nul(const std::string& name) { return name.find('\0') != std::string::npos; }

constexpr std::string_view kAsyncifyControlExports[] = {
    "asyncify_start_unwind", "asyncify_stop_unwind", "asyncify_start_rewind",
    "asyncify_stop_rewind", "asyncify_get_state"};

// Binaryen 108 reads element segments given as expressions only with a function reference
// type; it exits on an externref one ("Invalid type for a usesExpressions element segment").
std::optional<std::string> elements_binaryen_cannot_read(std::span<const uint8_t> wasm,
                                                         const Section& section) {
  Reader r(wasm.subspan(section.payload_offset, section.payload_size), section.payload_offset);
  uint32_t count = r.varu32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    uint32_t flags = r.varu32();
    if (flags > 7) return std::nullopt;  // the decoder and validator judge the rest
    bool active = (flags & 1) == 0, explicit_table = (flags & 2) != 0, exprs = (flags & 4) != 0;
    if (active && explicit_table) (void)r.varu32();
    if (active) (void)read_const_expr(r);
    uint8_t type = !active || explicit_table ? r.u8() : uint8_t{0x70};
    if (exprs && type != static_cast<uint8_t>(ValType::FuncRef)) {
      return fmt::format(
          "element segment {} holds {} expressions, which Binaryen 108 cannot read", i,
          is_valtype_byte(type) ? valtype_name(static_cast<ValType>(type)) : "non-function");
    }
    uint32_t length = r.varu32();
    for (uint32_t k = 0; k < length && r.ok(); ++k) {
      if (exprs)
        (void)read_const_expr(r);
      else
        (void)r.varu32();
    }
  }
  return std::nullopt;
}

std::optional<std::string> screen(std::span<const uint8_t> wasm, bool for_asyncify) {
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) return decoded.error;
  // Binaryen 108 reads import, export and custom section names as C strings and exits on a
  // NUL byte ("inline string contains NULL").
  for (const Import& import : decoded.info->imports) {
    if (has_nul(import.module) || has_nul(import.name))
      return "an import name contains a NUL byte, which Binaryen 108 cannot read";
  }
  for (const Export& exported : decoded.info->exports) {
    if (has_nul(exported.name))
      return "an export name contains a NUL byte, which Binaryen 108 cannot read";
    // The pass adds these exports and exits when one exists ("Module::addExport: ... already
    // exists").
    if (for_asyncify &&
        std::find(std::begin(kAsyncifyControlExports), std::end(kAsyncifyControlExports),
                  exported.name) != std::end(kAsyncifyControlExports)) {
      return fmt::format("the module exports \"{}\", a name Binaryen's asyncify pass adds",
                         exported.name);
    }
  }
  if (const Section* elements = decoded.info->find_section(kElementSection)) {
    if (auto why = elements_binaryen_cannot_read(wasm, *elements)) return why;
  }
  for (const Section& section : decoded.info->sections) {
    if (section.id == kCustomSection && has_nul(section.custom_name))
      return "a custom section name contains a NUL byte, which Binaryen 108 cannot read";
  }
  if (decoded.info->memories.size() + decoded.info->imported_count(ExternKind::Memory) > 0) {
    auto memory = decoded.info->memory_type_of(0);
    if (memory && memory->limits.memory64) return "memory64 is not supported by the pipeline";
  }
  for (const CodeBody& located : decoded.info->code) {
    if (auto why = screen_body(wasm, *decoded.info, located, for_asyncify)) return why;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> binaryen_cannot_read(std::span<const uint8_t> wasm) {
  return screen(wasm, false);
}

std::optional<std::string> binaryen_cannot_asyncify(std::span<const uint8_t> wasm) {
  return screen(wasm, true);
}

namespace {

// The value of a constant expression that is exactly `i32.const v; end`, as unsigned.
std::optional<uint64_t> const_i32_offset(Reader& reader) {
  std::vector<Instr> expr = read_const_expr(reader);
  if (!reader.ok() || expr.size() != 2 || expr[0].op != Op::I32Const) return std::nullopt;
  return static_cast<uint32_t>(expr[0].value);
}

std::optional<std::string> data_out_of_bounds(Reader r, const ModuleInfo& info) {
  auto memory = info.memory_type_of(0);
  uint64_t size = memory ? memory->limits.min * 65536 : 0;
  uint32_t count = r.varu32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    uint32_t flags = r.varu32();
    std::optional<uint64_t> offset;
    bool active = flags == 0 || flags == 2;
    if (flags == 2 && r.varu32() != 0) return std::nullopt;  // another memory: not judged
    if (active) offset = const_i32_offset(r);
    uint32_t length = r.varu32();
    (void)r.take(length);
    if (active && offset && r.ok() && *offset + length > size) {
      return fmt::format(
          "data segment {} at offset {} with {} bytes lies outside the initial "
          "memory of {} bytes",
          i, *offset, length, size);
    }
  }
  return std::nullopt;
}

std::optional<std::string> elements_out_of_bounds(Reader r, const ModuleInfo& info) {
  uint32_t count = r.varu32();
  for (uint32_t i = 0; i < count && r.ok(); ++i) {
    uint32_t flags = r.varu32();
    if (flags > 7) return std::nullopt;
    bool active = (flags & 1) == 0, explicit_table = (flags & 2) != 0, exprs = (flags & 4) != 0;
    uint32_t table = active && explicit_table ? r.varu32() : 0;
    std::optional<uint64_t> offset;
    if (active) offset = const_i32_offset(r);
    if (!active || explicit_table) (void)r.u8();  // elemkind or reftype
    uint32_t length = r.varu32();
    for (uint32_t k = 0; k < length && r.ok(); ++k) {
      if (exprs)
        (void)read_const_expr(r);
      else
        (void)r.varu32();
    }
    auto type = info.table_type_of(table);
    if (active && offset && r.ok() && type && *offset + length > type->limits.min) {
      return fmt::format(
          "element segment {} at offset {} with {} entries lies outside the "
          "initial table {} of {} entries",
          i, *offset, length, table, type->limits.min);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> segment_out_of_bounds(std::span<const uint8_t> wasm) {
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) return std::nullopt;
  const ModuleInfo& info = *decoded.info;
  auto payload = [&](const Section& s) {
    return Reader(wasm.subspan(s.payload_offset, s.payload_size), s.payload_offset);
  };
  if (const Section* elements = info.find_section(kElementSection))
    if (auto why = elements_out_of_bounds(payload(*elements), info)) return why;
  if (const Section* data = info.find_section(kDataSection))
    if (auto why = data_out_of_bounds(payload(*data), info)) return why;
  return std::nullopt;
}

std::optional<std::string> binaryen_validate(std::span<const uint8_t> wasm,
                                             const BinaryenRunner& runner) {
  if (auto why = binaryen_cannot_read(wasm)) return why;
  auto decoded = decode_module_info(wasm);
  BinaryenJob job;
  job.kind = BinaryenJob::Kind::kValidate;
  job.wasm = with_target_features(wasm, *decoded.info);
  job.features = binaryen_features();
  BinaryenOutcome outcome = run_binaryen_job(job, runner);
  if (!outcome.bytes.ok()) return outcome.bytes.message();
  return std::nullopt;
}

AsyncifyResult run_asyncify(std::span<const uint8_t> wasm, const AsyncifyOptions& options) {
  AsyncifyResult result;
  if (auto why = binaryen_cannot_asyncify(wasm)) {
    result.error = *why;
    return result;
  }
  auto decoded = decode_module_info(wasm);
  BinaryenJob job;
  job.kind = BinaryenJob::Kind::kAsyncify;
  for (const std::string& name : options.imports) {
    if (name.find(',') != std::string::npos || name.find('.') == std::string::npos) {
      result.error = fmt::format("asyncify import \"{}\" is not of the form module.name", name);
      return result;
    }
    job.asyncify_imports += (job.asyncify_imports.empty() ? "" : ",") + name;
  }
  job.wasm = with_target_features(wasm, *decoded.info);
  job.features = binaryen_features();
  job.optimize_level = options.optimize_level;
  job.optimize_after = options.optimize_after;
  BinaryenOutcome outcome = run_binaryen_job(job, options.runner);
  if (!outcome.bytes.ok()) {
    result.error = outcome.bytes.message();
    result.binaryen_failed = outcome.binaryen_failed;
    return result;
  }
  result.bytes = without_target_features(std::move(outcome.bytes).value());
  return result;
}

}  // namespace lh::instrument
