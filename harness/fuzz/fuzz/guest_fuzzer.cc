// libFuzzer entry of the guest-program fuzzer: the input bytes are the generator's choices
// (fuzz::ByteSource, 8 bytes a number, zeros when they run out), so coverage of the harness
// guides which programs are built. Each program is checked as the plain driver checks it
// (harness/fuzz/driver.h: twice under the random policy, the fifo differential, faults,
// reasons, UTF-8, bounds); a violation prints its findings and aborts, so libFuzzer saves the
// input. The same function is the entry of the corpus replay (harness/testing/fuzz_replay_main.cc),
// a fast ctest.
//
// Debian's clang-14 links -fsanitize=fuzzer (libclang-rt-14-dev ships libFuzzer):
//   CC=clang-14 CXX=clang++-14 cmake -B build-fuzz -G Ninja -DLH_FUZZ=ON -DLH_SANITIZE=ON
//       -DLH_BUILD_TESTS=OFF   (one command)
//   cmake --build build-fuzz --target lh_guest_fuzzer
//   build-fuzz/harness/fuzz/lh_guest_fuzzer -max_len=2048 -detect_leaks=0 -timeout=60
//       -rss_limit_mb=4096 NEW_DIR harness/fuzz/corpus   (one command)
// -detect_leaks=0: V8 keeps per-isolate caches that LeakSanitizer reports as leaks of an
// input; the plain driver's heap check watches memory instead.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>

#include "harness/engine/handles.h"
#include "harness/fuzz/driver.h"
#include "harness/fuzz/generator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static lh::engine::EnginePtr engine(wasm_engine_new());
  lh::fuzz::ByteSource source(std::span<const uint8_t>(data, size));
  lh::fuzz::Program program = lh::fuzz::generate(source);
  const uint64_t seed = source.next();  // the schedule's seed: the next number of the input
  lh::fuzz::CheckOptions options;
  // libFuzzer's own RSS limit watches memory; the peak check needs a quiet process.
  options.max_peak_rss_growth = ~uint64_t{0};
  lh::fuzz::CheckResult result = lh::fuzz::check_program(engine.get(), program, seed, options);
  if (!result.ok()) {
    for (const auto& f : result.findings)
      std::fprintf(stderr, "guest fuzzer: %s: %s\n", lh::fuzz::violation_name(f.kind),
                   f.detail.c_str());
    std::fprintf(stderr, "seed %llu\n%s", static_cast<unsigned long long>(seed),
                 lh::fuzz::describe(program).c_str());
    std::abort();
  }
  return 0;
}
