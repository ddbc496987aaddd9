// Reading trace event fields for the reports: a field as display text or as a number,
// with a neutral value (empty, 0) when the event lacks it.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <variant>

#include "harness/sim/trace.h"

namespace lh::report {

[[nodiscard]] inline std::string field_text(const sim::TraceEvent& event, const char* name) {
  const sim::FieldValue* value = event.field(name);
  if (!value) return {};
  return std::visit(
      [](const auto& v) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
          return v;
        else
          return std::to_string(v);
      },
      *value);
}

[[nodiscard]] inline uint64_t field_u64(const sim::TraceEvent& event, const char* name) {
  const sim::FieldValue* value = event.field(name);
  if (!value) return 0;
  if (auto* u = std::get_if<uint64_t>(value)) return *u;
  if (auto* i = std::get_if<int64_t>(value)) return static_cast<uint64_t>(*i);
  return 0;
}

}  // namespace lh::report
