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
//   timer_delay      a sleep or receive timeout fires 1..max_delay_ms later than asked
//   message_delay    a message (and whatever its sender sends the same receiver after it,
//                    so that one sender's signals never overtake each other) reaches its
//                    receiver 1..max_delay_ms later; other senders' messages may overtake it
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "harness/sim/prng.h"
#include "harness/sim/replay.h"

namespace lh::sim {

enum class FaultKind { Kill, SpawnFailure, FuelExhaustion, TimerDelay, MessageDelay };
inline constexpr std::array<FaultKind, 5> kFaultKinds = {
    FaultKind::Kill, FaultKind::SpawnFailure, FaultKind::FuelExhaustion, FaultKind::TimerDelay,
    FaultKind::MessageDelay};
[[nodiscard]] std::string_view fault_name(FaultKind kind);
[[nodiscard]] std::optional<FaultKind> fault_from_name(std::string_view name);

// Rates in parts per million of the chances each kind has (decisions, spawns, fuel checks,
// timers); 0 never, 1,000,000 always.
struct FaultRates {
  std::array<uint32_t, kFaultKinds.size()> ppm{};
  uint64_t max_delay_ms = 100;

  [[nodiscard]] uint32_t& of(FaultKind kind) { return ppm[static_cast<size_t>(kind)]; }
  [[nodiscard]] uint32_t of(FaultKind kind) const { return ppm[static_cast<size_t>(kind)]; }
  [[nodiscard]] bool any() const;
  bool operator==(const FaultRates&) const = default;
};

// "kill=0.01,timer_delay=0.1,max_delay_ms=50" (rates as probabilities 0..1); the
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
      : rates_(rates), seed_(seed), prng_(seed ^ 0x6661756c74733a31ull /* "faults:1" */) {}

  // Whether a fault of `kind` happens at this chance (draws nothing when its rate is 0).
  // Replaying, exactly the recorded chances fire.
  [[nodiscard]] bool roll(FaultKind kind) {
    uint64_t chance = ++chances_[static_cast<size_t>(kind)];
    bool fires = replay_ ? replay_->count({kind, chance}) > 0
                         : rates_.of(kind) != 0 && prng_.below(1'000'000) < rates_.of(kind);
    if (fires) fired_.insert({kind, chance});
    return fires;
  }
  void replay(std::set<std::pair<FaultKind, uint64_t>> faults) { replay_ = std::move(faults); }
  // The chances at which a fault fired so far (Replay::faults).
  [[nodiscard]] const std::set<std::pair<FaultKind, uint64_t>>& fired() const { return fired_; }
  // The delay of the timer_delay or message_delay fault of `kind` that just fired, in
  // nanoseconds: 1..max_delay_ms milliseconds, a function of the seed, the kind and the
  // chance alone (so a replay delays alike).
  [[nodiscard]] uint64_t delay_ns(FaultKind kind) const {
    const uint64_t chance = chances_[static_cast<size_t>(kind)];
    Prng draw(seed_ ^ (chance * 0x9e3779b97f4a7c15ull) ^ (static_cast<uint64_t>(kind) << 56));
    return (1 + draw.below(std::max<uint64_t>(rates_.max_delay_ms, 1))) * 1'000'000;
  }

 private:
  FaultRates rates_;
  uint64_t seed_;
  Prng prng_;
  std::array<uint64_t, kFaultKinds.size()> chances_{};
  std::optional<std::set<std::pair<FaultKind, uint64_t>>> replay_;
  std::set<std::pair<FaultKind, uint64_t>> fired_;
};

}  // namespace lh::sim
