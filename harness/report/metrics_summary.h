// The metrics of one run: the `metric` trace events (one per lunatic::metrics call) folded
// the way the reference's recorder folds them. lunatic-metrics-api calls the `metrics`
// crate's macros (lunatic:crates/lunatic-metrics-api/src/lib.rs): `counter!(name, v)` and
// `increment_counter!` add to a counter, `gauge!` sets a gauge, `increment_gauge!` and
// `decrement_gauge!` add to or subtract from it, `histogram!` records a value. Counters,
// gauges and histograms are separate: a name may be one of each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/sim/trace.h"

namespace lh::report {

struct MetricSummary {
  enum class Type { Counter, Gauge, Histogram };
  Type type = Type::Counter;
  std::string name;
  uint64_t calls = 0;
  uint64_t counter = 0;  // a counter's total (u64, wrapping as the recorder's does)
  double gauge = 0;      // a gauge's value after its last call (from 0)
  // A histogram's recorded values.
  uint64_t count = 0;
  double sum = 0, min = 0, max = 0;
};

[[nodiscard]] const char* metric_type_name(MetricSummary::Type type);

// One entry per (type, name), by type (counters, gauges, histograms) then name.
[[nodiscard]] std::vector<MetricSummary> summarize_metrics(
    const std::vector<sim::TraceEvent>& events);

// The value as text: a counter's total, a gauge's value, a histogram's
// "count N, sum S, min A, max B" (f64 in their shortest round-trip form).
[[nodiscard]] std::string metric_value_text(const MetricSummary& metric);

}  // namespace lh::report
