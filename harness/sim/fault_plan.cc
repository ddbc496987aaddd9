#include "harness/sim/fault_plan.h"

#include <fmt/format.h>

#include <charconv>

namespace lh::sim {

std::string_view fault_name(FaultKind kind) {
  switch (kind) {
    case FaultKind::Kill: return "kill";
    case FaultKind::SpawnFailure: return "spawn_failure";
    case FaultKind::FuelExhaustion: return "fuel_exhaustion";
    case FaultKind::TimerDelay: return "timer_delay";
    case FaultKind::MessageDelay: return "message_delay";
  }
  return "?";
}

std::optional<FaultKind> fault_from_name(std::string_view name) {
  for (FaultKind kind : kFaultKinds)
    if (name == fault_name(kind)) return kind;
  return std::nullopt;
}

bool FaultRates::any() const {
  for (uint32_t rate : ppm)
    if (rate != 0) return true;
  return false;
}

namespace {

// A probability 0..1 with at most six decimals, as parts per million (exact: no float).
std::optional<uint32_t> parse_ppm(std::string_view text) {
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || fraction.size() > 6) return std::nullopt;
  uint64_t units = 0, part = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    units = units * 10 + static_cast<uint64_t>(c - '0');
    if (units > 1) return std::nullopt;
  }
  for (size_t i = 0; i < 6; ++i) {
    char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    part = part * 10 + static_cast<uint64_t>(c - '0');
  }
  uint64_t ppm = units * 1'000'000 + part;
  if (ppm > 1'000'000) return std::nullopt;
  return static_cast<uint32_t>(ppm);
}

std::string ppm_text(uint32_t ppm) {
  std::string text = fmt::format("{}.{:06}", ppm / 1'000'000, ppm % 1'000'000);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

ParsedFaults parse_faults(std::string_view text) {
  FaultRates rates;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view part = text.substr(0, comma);
    text = comma == std::string_view::npos ? "" : text.substr(comma + 1);
    size_t eq = part.find('=');
    if (eq == std::string_view::npos)
      return {std::nullopt, fmt::format("\"{}\": expected KIND=RATE", part)};
    std::string_view name = part.substr(0, eq), value = part.substr(eq + 1);
    if (name == "max_delay_ms") {
      uint64_t ms = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), ms);
      if (error != std::errc() || end != value.data() + value.size() || ms == 0 || ms > 3'600'000)
        return {std::nullopt, fmt::format("\"{}\": expected milliseconds from 1 to 3600000", part)};
      rates.max_delay_ms = ms;
      continue;
    }
    auto kind = fault_from_name(name);
    if (!kind)
      return {std::nullopt,
              fmt::format("\"{}\": unknown fault (kill, spawn_failure, fuel_exhaustion, "
                          "timer_delay, message_delay, max_delay_ms)",
                          name)};
    auto ppm = parse_ppm(value);
    if (!ppm)
      return {std::nullopt,
              fmt::format("\"{}\": expected a rate from 0 to 1 with at most six decimals", part)};
    rates.of(*kind) = *ppm;
  }
  return {rates, ""};
}

std::string faults_text(const FaultRates& rates) {
  std::string text;
  for (FaultKind kind : kFaultKinds)
    if (rates.of(kind) != 0)
      text += fmt::format("{}{}={}", text.empty() ? "" : ",", fault_name(kind),
                          ppm_text(rates.of(kind)));
  if (rates.of(FaultKind::TimerDelay) != 0 || rates.of(FaultKind::MessageDelay) != 0)
    text += fmt::format(",max_delay_ms={}", rates.max_delay_ms);
  return text;
}

}  // namespace lh::sim
