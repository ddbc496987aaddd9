// The generator of guest programs. From a source of numbers (a seed, or the bytes a
// coverage-guided fuzzer mutates) it builds a program whose entries call any host function
// of the registry (host::all_host_functions(), so namespaces added later are covered) with
// valid, boundary and wild arguments, and act out the patterns that broke the harness before:
// spawns with random configs and params, links, kills, messages with tags and timeouts,
// sleeps, compute that ends near a fuel-slice edge, recursion, memory growth, fd_write with
// iovec arrays over one region and bytes that are not UTF-8, traps and endless spins.
// Deterministic: the same numbers give the same program.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "harness/fuzz/program.h"
#include "harness/sim/prng.h"

namespace lh::fuzz {

// Where the generator's choices come from.
class Source {
 public:
  virtual ~Source() = default;
  virtual uint64_t next() = 0;

  // Uniform-ish in [0, bound) (bound > 0).
  uint64_t below(uint64_t bound) { return bound <= 1 ? 0 : next() % bound; }
  // In [lo, hi].
  uint64_t range(uint64_t lo, uint64_t hi) { return lo + below(hi - lo + 1); }
  // True with probability num/den.
  bool chance(uint64_t num, uint64_t den) { return below(den) < num; }
};

// Numbers from a seed (the plain driver: program i of a run with seed S).
class SeedSource final : public Source {
 public:
  explicit SeedSource(uint64_t seed) : prng_(seed) {}
  uint64_t next() override { return prng_.next(); }

 private:
  sim::Prng prng_;
};

// Numbers from bytes, 8 little-endian bytes each, zeros once they run out (libFuzzer).
class ByteSource final : public Source {
 public:
  explicit ByteSource(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  uint64_t next() override;

 private:
  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

// Passes another source's numbers on and keeps them, so that a seeded program can be
// written as bytes a ByteSource turns into the same program (corpus entries).
class RecordingSource final : public Source {
 public:
  explicit RecordingSource(Source& inner) : inner_(inner) {}
  uint64_t next() override;
  [[nodiscard]] std::vector<uint8_t> bytes() const;

 private:
  Source& inner_;
  std::vector<uint64_t> values_;
};

struct GeneratorOptions {
  size_t max_entries = 4;         // e0 .. e3
  size_t max_actions = 8;         // per entry; an action is a few ops (a call and its setup)
  uint64_t max_compute = 40'000;  // loop iterations of one compute op (about 3 slices)
};

// A program from `source`.
[[nodiscard]] Program generate(Source& source, const GeneratorOptions& options = {});

// The program of seed `seed` (a SeedSource).
[[nodiscard]] Program generate_from_seed(uint64_t seed, const GeneratorOptions& options = {});

// The libFuzzer input that builds the program of generator seed `seed` and runs it with
// schedule seed `schedule_seed` (the numbers the generator drew, then the schedule's).
[[nodiscard]] std::vector<uint8_t> corpus_entry(uint64_t seed, uint64_t schedule_seed,
                                                const GeneratorOptions& options = {});

}  // namespace lh::fuzz
