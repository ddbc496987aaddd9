// libFuzzer entry point for guest preparation: arbitrary bytes go through the module
// decoder, the code decoder (every located body, and the input as one body) and
// instrument::prepare with the default validator (our decoder + wabt, not V8). Bad input
// must give an error, never a crash, a hang or a sanitizer report; a prepared module must
// validate again and preparation must be deterministic. Binaryen runs in its worker
// process, so what it does to an input is an error like any other; to hunt for inputs that
// make Binaryen exit, crash or run away, set LH_FUZZ_BINARYEN_FAILURES=abort and libFuzzer
// saves each as a crash (see README.md). Binaryen's CPU limit per input is
// LH_FUZZ_BINARYEN_CPU_MS (2000 by default). The same function is the entry of the corpus
// replay driver (harness/testing/fuzz_replay_main.cc) in the normal build.
//
//   CC=clang-14 CXX=clang++-14 cmake -B build-fuzz -G Ninja -DLH_FUZZ=ON -DBUILD_TESTING=OFF
//   ninja -C build-fuzz lh_prepare_fuzzer
//   build-fuzz/harness/instrument/lh_prepare_fuzzer -runs=1000000 -max_len=4096
//       NEW_DIR harness/instrument/fuzz/corpus   (one command)
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>

#include "harness/binary/code.h"
#include "harness/binary/module_info.h"
#include "harness/binary/reader.h"
#include "harness/instrument/binaryen_worker.h"
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

// Options read once from the environment (see the top of the file).
bool abort_on_binaryen_failure() {
  static const bool abort = [] {
    const char* value = std::getenv("LH_FUZZ_BINARYEN_FAILURES");
    return value && std::string_view(value) == "abort";
  }();
  return abort;
}

void configure_binaryen_once() {
  static const bool configured = [] {
    lh::instrument::BinaryenWorkerOptions options;
    const char* cpu_ms = std::getenv("LH_FUZZ_BINARYEN_CPU_MS");
    options.cpu_limit = std::chrono::milliseconds(cpu_ms ? std::atoll(cpu_ms) : 2000);
    lh::instrument::shared_binaryen_worker().set_options(options);
    return true;
  }();
  (void)configured;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  configure_binaryen_once();
  std::span<const uint8_t> bytes(data, size);
  decode(bytes);

  lh::instrument::PrepareOptions options;  // default validator, every stage
  options.asyncify_options.imports = {"env.sleep", "wasi_snapshot_preview1.poll_oneoff"};
  auto prepared = lh::instrument::prepare(bytes, options);
  if (!prepared.ok()) {
    if (!prepared.bytes.empty()) invariant_failed();
    if (prepared.binaryen_failed) {
      if (!std::string_view(prepared.error).starts_with("guest preparation: ")) invariant_failed();
      if (abort_on_binaryen_failure()) {
        std::fprintf(stderr, "%s\n", prepared.error.c_str());
        std::abort();  // libFuzzer saves the input
      }
    }
    return 0;
  }
  // A module that validated must come out valid, decodable and the same every time.
  if (auto why = lh::instrument::default_validate(prepared.bytes)) invariant_failed();
  decode(prepared.bytes);
  if (size <= 4096) {  // what the fuzzer generates; the large seed guests once is enough
    auto again = lh::instrument::prepare(bytes, options);
    // (a time-out depends on the machine's load, not on the input alone)
    if (!again.binaryen_failed && (!again.ok() || again.bytes != prepared.bytes))
      invariant_failed();
  }
  // The cheaper stages alone (no Binaryen) must also succeed on it.
  options.asyncify = false;
  auto metered = lh::instrument::prepare(bytes, options);
  if (!metered.ok() || lh::instrument::default_validate(metered.bytes)) invariant_failed();
  return 0;
}
