// Deterministic fault injection: each kind of fault happens at its rate, decided by a PRNG
// stream of its own seeded from the run's seed (so the same seed injects the same faults,
// and enabling faults does not reorder the schedule's own random choices). Every injected
// fault is a `fault` trace event naming its kind; what a fault does is the world's part:
//   kill             a Kill signal to the process about to run (never the root): it dies
//                    at the suspension point it was resuming from
//   spawn_failure    a spawn (not the root's) fails at instantiation, as a real failure
//                    does: spawn returns 1 with an error id
//   fuel_exhaustion  at a fuel check in the entry function, the process traps as if its
//                    max_fuel were used up ("all fuel consumed")
//   timer_delay      a sleep or receive timeout fires 1..max_timer_delay_ms later than asked
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "harness/sim/prng.h"

namespace lh::sim {

enum class FaultKind { Kill, SpawnFailure, FuelExhaustion, TimerDelay };
inline constexpr std::array<FaultKind, 4> kFaultKinds = {
    FaultKind::Kill, FaultKind::SpawnFailure, FaultKind::FuelExhaustion, FaultKind::TimerDelay};
[[nodiscard]] std::string_view fault_name(FaultKind kind);
[[nodiscard]] std::optional<FaultKind> fault_from_name(std::string_view name);

// Rates in parts per million of the chances each kind has (decisions, spawns, fuel checks,
// timers); 0 never, 1,000,000 always.
struct FaultRates {
  std::array<uint32_t, kFaultKinds.size()> ppm{};
  uint64_t max_timer_delay_ms = 100;

  [[nodiscard]] uint32_t& of(FaultKind kind) { return ppm[static_cast<size_t>(kind)]; }
  [[nodiscard]] uint32_t of(FaultKind kind) const { return ppm[static_cast<size_t>(kind)]; }
  [[nodiscard]] bool any() const;
  bool operator==(const FaultRates&) const = default;
};

// "kill=0.01,timer_delay=0.1,max_timer_delay_ms=50" (rates as probabilities 0..1); the
// text back from faults_text. An error names the part that is wrong.
struct ParsedFaults {
  std::optional<FaultRates> rates;
  std::string error;
};
[[nodiscard]] ParsedFaults parse_faults(std::string_view text);
[[nodiscard]] std::string faults_text(const FaultRates& rates);

class FaultPlan {
 public:
  FaultPlan(const FaultRates& rates, uint64_t seed)
      : rates_(rates), prng_(seed ^ 0x6661756c74733a31ull /* "faults:1" */) {}

  // Whether a fault of `kind` happens at this chance (draws nothing when its rate is 0).
  [[nodiscard]] bool roll(FaultKind kind) {
    uint32_t rate = rates_.of(kind);
    return rate != 0 && prng_.below(1'000'000) < rate;
  }
  // A timer delay in nanoseconds, 1..max_timer_delay_ms milliseconds.
  [[nodiscard]] uint64_t timer_delay_ns() {
    return (1 + prng_.below(std::max<uint64_t>(rates_.max_timer_delay_ms, 1))) * 1'000'000;
  }

 private:
  FaultRates rates_;
  Prng prng_;
};

}  // namespace lh::sim
