// libFuzzer entry point for guest preparation: arbitrary bytes go through the module
// decoder, the code decoder (every located body, and the input as one body) and
// instrument::prepare with the default validator (our decoder + wabt, not V8). Bad input
// must give an error, never a crash, a hang or a sanitizer report; a prepared module must
// validate again and preparation must be deterministic. The same function is the entry of
// the corpus replay driver (replay_main.cc) in the normal build.
//
//   CC=clang-14 CXX=clang++-14 cmake -B build-fuzz -G Ninja -DLH_FUZZ=ON -DBUILD_TESTING=OFF
//   ninja -C build-fuzz lh_prepare_fuzzer
//   LH_FUZZ_LAST_VALID=/tmp/last.wasm build-fuzz/harness/instrument/lh_prepare_fuzzer
//       -runs=1000000 -max_len=4096 NEW_DIR harness/instrument/fuzz/corpus   (one command)
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/binary/reader.h"
#include "harness/instrument/pipeline.h"
#include "harness/instrument/validate.h"

namespace {

// A broken invariant: report it as a crash (libFuzzer saves the input).
[[noreturn]] void invariant_failed() { std::abort(); }

void decode(std::span<const uint8_t> bytes) {
  auto decoded = lh::binary::decode_module_info(bytes);
  if (decoded.info) {
    for (const auto& body : decoded.info->code) {
      if (body.offset > bytes.size() || body.size > bytes.size() - body.offset) invariant_failed();
      (void)lh::binary::decode_function_body(bytes.subspan(body.offset, body.size), body.offset);
    }
  } else if (decoded.error.empty()) {
    invariant_failed();  // no info must come with a reason
  }
  // The input as a function body, and as a constant expression.
  (void)lh::binary::decode_function_body(bytes);
  lh::binary::Reader reader(bytes);
  (void)lh::binary::read_const_expr(reader);
}

// Binaryen 108 leaves with _Exit() on some input (no crash for libFuzzer to catch), so
// with LH_FUZZ_LAST_VALID=path every input that validates, i.e. may reach Binaryen, is
// written there first: after such an exit, that file is the culprit.
void note_valid_input(std::span<const uint8_t> bytes) {
  static const char* path = std::getenv("LH_FUZZ_LAST_VALID");
  if (!path) return;
  if (std::FILE* f = std::fopen(path, "wb")) {
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  decode(bytes);
  if (std::getenv("LH_FUZZ_LAST_VALID") && !lh::instrument::default_validate(bytes))
    note_valid_input(bytes);

  lh::instrument::PrepareOptions options;  // default validator, every stage
  options.asyncify_options.imports = {"env.sleep", "wasi_snapshot_preview1.poll_oneoff"};
  auto prepared = lh::instrument::prepare(bytes, options);
  if (!prepared.ok()) {
    if (!prepared.bytes.empty()) invariant_failed();
    return 0;
  }
  // A module that validated must come out valid, decodable and the same every time.
  if (auto why = lh::instrument::default_validate(prepared.bytes)) invariant_failed();
  decode(prepared.bytes);
  if (size <= 4096) {  // what the fuzzer generates; the large seed guests once is enough
    auto again = lh::instrument::prepare(bytes, options);
    if (!again.ok() || again.bytes != prepared.bytes) invariant_failed();
  }
  // The cheaper stages alone (no Binaryen) must also succeed on it.
  options.asyncify = false;
  auto metered = lh::instrument::prepare(bytes, options);
  if (!metered.ok() || lh::instrument::default_validate(metered.bytes)) invariant_failed();
  return 0;
}
