#include "harness/report/metrics_summary.h"

#include <fmt/format.h>

#include <charconv>
#include <map>
#include <utility>

#include "harness/report/event_fields.h"

namespace lh::report {
namespace {

double parse_f64(const std::string& text) {
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

uint64_t parse_u64(const std::string& text) {
  uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

const char* metric_type_name(MetricSummary::Type type) {
  switch (type) {
    case MetricSummary::Type::Counter: return "counter";
    case MetricSummary::Type::Gauge: return "gauge";
    case MetricSummary::Type::Histogram: return "histogram";
  }
  return "?";
}

std::vector<MetricSummary> summarize_metrics(const std::vector<sim::TraceEvent>& events) {
  using Type = MetricSummary::Type;
  std::map<std::pair<Type, std::string>, MetricSummary> metrics;
  for (const auto& event : events) {
    if (event.kind != sim::EventKind::Metric) continue;
    std::string kind = field_text(event, "kind");
    std::string value = field_text(event, "value");
    Type type = kind == "counter" || kind == "increment_counter" ? Type::Counter
                : kind == "histogram"                            ? Type::Histogram
                                                                 : Type::Gauge;
    std::string name = field_text(event, "name");
    MetricSummary& metric = metrics[{type, name}];
    metric.type = type;
    metric.name = name;
    ++metric.calls;
    if (kind == "counter") {
      metric.counter += parse_u64(value);
    } else if (kind == "increment_counter") {
      metric.counter += 1;
    } else if (kind == "gauge") {
      metric.gauge = parse_f64(value);
    } else if (kind == "increment_gauge") {
      metric.gauge += parse_f64(value);
    } else if (kind == "decrement_gauge") {
      metric.gauge -= parse_f64(value);
    } else {
      double v = parse_f64(value);
      metric.min = metric.count == 0 ? v : std::min(metric.min, v);
      metric.max = metric.count == 0 ? v : std::max(metric.max, v);
      metric.sum += v;
      ++metric.count;
    }
  }
  std::vector<MetricSummary> out;
  for (auto& [key, metric] : metrics) out.push_back(std::move(metric));
  return out;
}

std::string metric_value_text(const MetricSummary& metric) {
  switch (metric.type) {
    case MetricSummary::Type::Counter: return std::to_string(metric.counter);
    case MetricSummary::Type::Gauge: return fmt::format("{}", metric.gauge);
    case MetricSummary::Type::Histogram:
      return fmt::format("count {}, sum {}, min {}, max {}", metric.count, metric.sum, metric.min,
                         metric.max);
  }
  return {};
}

}  // namespace lh::report
