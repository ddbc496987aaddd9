#include "harness/instrument/validate.h"

#include <wabt/binary-reader-ir.h>
#include <wabt/binary-reader.h>
#include <wabt/error-formatter.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/validator.h>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"

namespace lh::instrument {

namespace {

wabt::Features v8_10_2_features() {
  wabt::Features features;  // wabt's defaults: mutable globals, sat, sign-ext, simd,
                            // multi-value, bulk memory, reference types
  features.enable_exceptions();
  features.enable_threads();
  features.enable_tail_call();
  return features;
}

}  // namespace

std::optional<std::string> default_validate(std::span<const uint8_t> wasm) {
  auto decoded = binary::decode_module_info(wasm);
  if (!decoded.info) return decoded.error;
  for (const binary::CodeBody& body : decoded.info->code) {
    auto result = binary::decode_function_body(wasm.subspan(body.offset, body.size), body.offset);
    if (!result.ok()) return result.error;
  }
  wabt::Features features = v8_10_2_features();
  wabt::Errors errors;
  wabt::Module module;
  wabt::ReadBinaryOptions options(features, nullptr, false, true, false);
  if (wabt::Failed(
          wabt::ReadBinaryIr("guest.wasm", wasm.data(), wasm.size(), options, &errors, &module)) ||
      wabt::Failed(wabt::ValidateModule(&module, &errors, wabt::ValidateOptions(features)))) {
    std::string text = wabt::FormatErrorsToString(errors, wabt::Location::Type::Binary);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text.empty() ? std::string("invalid module") : text;
  }
  return std::nullopt;
}

}  // namespace lh::instrument
