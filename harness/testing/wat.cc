#include "harness/testing/wat.h"

#include <gtest/gtest.h>
#include <wabt/binary-writer.h>
#include <wabt/error-formatter.h>
#include <wabt/feature.h>
#include <wabt/ir.h>
#include <wabt/stream.h>
#include <wabt/wast-lexer.h>
#include <wabt/wast-parser.h>

#include <fstream>
#include <iterator>
#include <string>

namespace lh::testing {

std::vector<uint8_t> wat_to_wasm(std::string_view wat) {
  wabt::Errors errors;
  auto lexer = wabt::WastLexer::CreateBufferLexer("inline.wat", wat.data(), wat.size(), &errors);
  wabt::Features features;
  features.EnableAll();
  wabt::WastParseOptions parse_options(features);
  std::unique_ptr<wabt::Module> module;
  if (wabt::Failed(wabt::ParseWatModule(lexer.get(), &module, &errors, &parse_options))) {
    ADD_FAILURE() << "bad WAT:\n" << wabt::FormatErrorsToString(errors, wabt::Location::Type::Text);
    return {};
  }
  wabt::MemoryStream stream;
  wabt::WriteBinaryOptions write_options(features, false, false, true);
  if (wabt::Failed(wabt::WriteBinaryModule(&stream, module.get(), write_options))) {
    ADD_FAILURE() << "wabt could not write the module";
    return {};
  }
  const auto& data = stream.output_buffer().data;
  return {data.begin(), data.end()};
}

std::vector<uint8_t> read_guest(std::string_view name) {
  std::string path = std::string(LH_GUEST_DIR) + "/" + std::string(name) + ".wasm";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "guest not built: " << path;
    return {};
  }
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace lh::testing
