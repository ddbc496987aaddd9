// The simulation's only source of randomness: xoshiro256** seeded through splitmix64.
// Same seed, same sequence, on every platform.
#pragma once

#include <cstdint>

namespace lh::sim {

class Prng {
 public:
  explicit Prng(uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9e3779b97f4a7c15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      word = z ^ (z >> 31);
    }
  }

  uint64_t next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, bound) without modulo bias; bound > 0.
  uint64_t below(uint64_t bound) {
    const uint64_t limit = -bound % bound;  // 2^64 mod bound
    uint64_t x;
    do x = next();
    while (x < limit);
    return x % bound;
  }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

}  // namespace lh::sim
