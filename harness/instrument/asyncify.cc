#include "harness/instrument/asyncify.h"

#include <binaryen-c.h>
#include <fmt/format.h>

#include <cstdlib>
#include <memory>
#include <mutex>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/binary/writer.h"

namespace lh::instrument {

using namespace lh::binary;

namespace {

// Binaryen keeps pass arguments and optimisation levels in process-global state.
std::mutex& binaryen_mutex() {
  static std::mutex mutex;
  return mutex;
}

constexpr const char* kFeatureNames[] = {
    "mutable-globals", "sign-ext",  "nontrapping-fptoint", "bulk-memory", "simd128",
    "reference-types", "multivalue", "tail-call",          "exception-handling", "atomics"};
constexpr const char* kTargetFeatures = "target_features";

// Custom sections Binaryen 108 interprets, and may exit on: a "name" section with newer
// subsections (e.g. tag names, id 11) makes it fail with "unexpected end of input"; dylink
// would make it treat the module as a shared library.
constexpr const char* kStrippedCustomSections[] = {"name", "dylink", "dylink.0", kTargetFeatures};

// Binaryen 108 reads with the features of a target_features section (MVP without one) and
// exits on anything else, so the input gets one naming our features, first of all sections.
Bytes with_target_features(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  ModuleBuilder builder(wasm, info);
  for (const char* name : kStrippedCustomSections) builder.remove_custom_section(name);
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

struct ModuleDeleter {
  void operator()(BinaryenModuleRef module) const { BinaryenModuleDispose(module); }
};
using BinaryenModule = std::unique_ptr<std::remove_pointer_t<BinaryenModuleRef>, ModuleDeleter>;

// Reads `wasm` into Binaryen; the caller holds the mutex and has screened the input.
BinaryenModule read_module(std::span<const uint8_t> wasm, const ModuleInfo& info) {
  Bytes input = with_target_features(wasm, info);
  BinaryenModule module(BinaryenModuleRead(reinterpret_cast<char*>(input.data()), input.size()));
  BinaryenModuleSetFeatures(module.get(), binaryen_features());
  return module;
}

Bytes write_module(BinaryenModuleRef module) {
  BinaryenModuleAllocateAndWriteResult written = BinaryenModuleAllocateAndWrite(module, nullptr);
  const auto* data = static_cast<const uint8_t*>(written.binary);
  Bytes out(data, data + written.binaryBytes);
  std::free(written.binary);
  std::free(written.sourceMap);
  // Drop the target_features section Binaryen echoes back.
  auto decoded = decode_module_info(out);
  if (!decoded.info) return out;
  ModuleBuilder builder(out, *decoded.info);
  builder.remove_custom_section(kTargetFeatures);
  return builder.finish();
}

// Why Binaryen 108 would exit or abort on this body; `for_asyncify` adds what only the
// asyncify pass cannot handle.
std::optional<std::string> screen_body(std::span<const uint8_t> wasm, const CodeBody& located,
                                       bool for_asyncify) {
  auto decoded = decode_function_body(wasm.subspan(located.offset, located.size), located.offset);
  if (!decoded.ok()) return decoded.error;
  std::vector<Op> open;  // enclosing block openers, innermost last
  for (const Instr& instr : decoded.body.instrs) {
    switch (instr.op) {
      case Op::TableInit: case Op::ElemDrop: case Op::TableCopy: case Op::TableFill:
        return fmt::format("{} at byte {} is not supported by Binaryen 108 (asyncify)",
                           op_info(instr.op).text, instr.offset);
      case Op::Try:
        if (for_asyncify) {
          return fmt::format("try at byte {}: Binaryen 108's asyncify aborts on exception "
                             "handling in functions that may suspend", instr.offset);
        }
        open.push_back(instr.op);
        break;
      case Op::Block: case Op::Loop: case Op::If:
        open.push_back(instr.op);
        break;
      case Op::End:
        if (!open.empty()) open.pop_back();
        break;
      case Op::Delegate: {
        open.pop_back();  // the try it closes (checked by the decoder)
        // label 0 is the block around the try; a label past all blocks is the function.
        if (instr.index < open.size() && open[open.size() - 1 - instr.index] != Op::Try) {
          return fmt::format("delegate at byte {} targets a non-try block, which Binaryen 108 "
                             "cannot handle", instr.offset);
        }
        break;
      }
      default:
        break;
    }
  }
  return std::nullopt;
}

}  // namespace

uint32_t binaryen_features() {
  return BinaryenFeatureMutableGlobals() | BinaryenFeatureSignExt() |
         BinaryenFeatureNontrappingFPToInt() | BinaryenFeatureBulkMemory() |
         BinaryenFeatureSIMD128() | BinaryenFeatureReferenceTypes() |
         BinaryenFeatureMultivalue() | BinaryenFeatureTailCall() |
         BinaryenFeatureExceptionHandling() | BinaryenFeatureAtomics();
}

namespace {

std::optional<std::string> screen(std::span<const uint8_t> wasm, bool for_asyncify) {
  auto decoded = decode_module_info(wasm);
  if (!decoded.info) return decoded.error;
  if (decoded.info->memories.size() + decoded.info->imported_count(ExternKind::Memory) > 0) {
    auto memory = decoded.info->memory_type_of(0);
    if (memory && memory->limits.memory64) return "memory64 is not supported by the pipeline";
  }
  for (const CodeBody& located : decoded.info->code) {
    if (auto why = screen_body(wasm, located, for_asyncify)) return why;
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

std::optional<std::string> binaryen_validate(std::span<const uint8_t> wasm) {
  if (auto why = binaryen_cannot_read(wasm)) return why;
  auto decoded = decode_module_info(wasm);
  std::lock_guard lock(binaryen_mutex());
  BinaryenModule module = read_module(wasm, *decoded.info);
  if (!BinaryenModuleValidate(module.get())) return std::string("Binaryen validation failed");
  return std::nullopt;
}

AsyncifyResult run_asyncify(std::span<const uint8_t> wasm, const AsyncifyOptions& options) {
  AsyncifyResult result;
  if (auto why = binaryen_cannot_asyncify(wasm)) {
    result.error = *why;
    return result;
  }
  auto decoded = decode_module_info(wasm);
  std::string imports;
  for (const std::string& name : options.imports) {
    if (name.find(',') != std::string::npos || name.find('.') == std::string::npos) {
      result.error = fmt::format("asyncify import \"{}\" is not of the form module.name", name);
      return result;
    }
    imports += (imports.empty() ? "" : ",") + name;
  }
  std::lock_guard lock(binaryen_mutex());
  BinaryenModule module = read_module(wasm, *decoded.info);
  if (!BinaryenModuleValidate(module.get())) {
    result.error = "Binaryen validation failed before asyncify";
    return result;
  }
  // Global settings: set every call, other Binaryen users may have changed them.
  BinaryenClearPassArguments();
  BinaryenSetPassArgument("asyncify-imports", imports.c_str());
  BinaryenSetOptimizeLevel(options.optimize_level);
  BinaryenSetShrinkLevel(0);
  BinaryenSetDebugInfo(false);
  const char* passes[] = {"asyncify"};
  BinaryenModuleRunPasses(module.get(), passes, 1);
  if (options.optimize_after && options.optimize_level > 0) BinaryenModuleOptimize(module.get());
  BinaryenClearPassArguments();
  result.bytes = write_module(module.get());
  return result;
}

}  // namespace lh::instrument
