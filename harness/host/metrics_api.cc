// lunatic::version and lunatic::metrics. version returns lunatic-version-api's own version at
// the reference commit (0.12.0). The metrics functions have no effect a guest can see; each
// call is recorded as a `metric` trace event, which scenarios can expect
// (spec/lunatic-metrics-version.md).
#include <fmt/format.h>

#include "harness/host/registry.h"

namespace lh::host {
namespace {

HostResult major(HostCall& call) {
  call.return_i32(0);
  return HostResult::ok();
}
HostResult minor(HostCall& call) {
  call.return_i32(12);
  return HostResult::ok();
}
HostResult patch(HostCall& call) {
  call.return_i32(0);
  return HostResult::ok();
}

// Reads the metric's name (memory, range, UTF-8) and records the call: kind, name and the
// value as text (a counter's u64 in decimal, an f64 in its shortest round-trip form).
HostResult metric(HostCall& call, std::string_view kind, TrapId out_of_bounds, TrapId not_utf8,
                  std::string value) {
  std::string name;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(0), call.u32(1), &name, out_of_bounds, not_utf8));
  call.world.record(sim::EventKind::Metric, call.process.id,
                    {{"kind", std::string(kind)}, {"name", name}, {"value", std::move(value)}});
  return HostResult::ok();
}

std::string f64_text(double value) { return fmt::format("{}", value); }

HostResult counter(HostCall& call) {
  return metric(call, "counter", TrapId::MetricsCounterName, TrapId::MetricsCounterUtf8,
                std::to_string(call.u64(2)));
}
HostResult increment_counter(HostCall& call) {
  return metric(call, "increment_counter", TrapId::MetricsIncrementCounterName,
                TrapId::MetricsIncrementCounterUtf8, "1");
}
HostResult gauge(HostCall& call) {
  return metric(call, "gauge", TrapId::MetricsGaugeName, TrapId::MetricsGaugeUtf8,
                f64_text(call.f64(2)));
}
HostResult increment_gauge(HostCall& call) {
  return metric(call, "increment_gauge", TrapId::MetricsIncrementGaugeName,
                TrapId::MetricsIncrementGaugeUtf8, f64_text(call.f64(2)));
}
HostResult decrement_gauge(HostCall& call) {
  return metric(call, "decrement_gauge", TrapId::MetricsDecrementGaugeName,
                TrapId::MetricsDecrementGaugeUtf8, f64_text(call.f64(2)));
}
HostResult histogram(HostCall& call) {
  return metric(call, "histogram", TrapId::MetricsHistogramName, TrapId::MetricsHistogramUtf8,
                f64_text(call.f64(2)));
}

}  // namespace

void add_version_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::version";
  out.push_back({ns, "major", {}, {WASM_I32}, major});
  out.push_back({ns, "minor", {}, {WASM_I32}, minor});
  out.push_back({ns, "patch", {}, {WASM_I32}, patch});
}

void add_metrics_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::metrics";
  out.push_back({ns, "counter", {WASM_I32, WASM_I32, WASM_I64}, {}, counter});
  out.push_back({ns, "increment_counter", {WASM_I32, WASM_I32}, {}, increment_counter});
  out.push_back({ns, "gauge", {WASM_I32, WASM_I32, WASM_F64}, {}, gauge});
  out.push_back({ns, "increment_gauge", {WASM_I32, WASM_I32, WASM_F64}, {}, increment_gauge});
  out.push_back({ns, "decrement_gauge", {WASM_I32, WASM_I32, WASM_F64}, {}, decrement_gauge});
  out.push_back({ns, "histogram", {WASM_I32, WASM_I32, WASM_F64}, {}, histogram});
}

}  // namespace lh::host
