// Test support: runs a module on wabt's interpreter with the harness imports supplied, so
// tests can check exact fuel totals. C++17-clean (wabt's interpreter headers need it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lh::instrument::testing {

// Runs a module on wabt's interpreter. Imports: "lunatic_harness" "out_of_fuel" counts its
// calls; any memory import gets a fresh memory of its minimum size; other function imports
// return zeros.
class Runner {
 public:
  Runner(const uint8_t* data, size_t size);
  explicit Runner(const std::vector<uint8_t>& wasm) : Runner(wasm.data(), wasm.size()) {}
  ~Runner();
  [[nodiscard]] const std::string& error() const;  // empty when instantiated
  // Calls an export with i32 arguments; returns its first result widened to i64 (0 if
  // none), or nullopt on a trap (see error()).
  std::optional<int64_t> call(const std::string& name, std::vector<int32_t> args = {});
  [[nodiscard]] int64_t fuel() const;
  void set_fuel(int64_t fuel);
  [[nodiscard]] uint32_t out_of_fuel_calls() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace lh::instrument::testing
