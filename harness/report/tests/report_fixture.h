// Test support for the report layer: scenario results built from hand-written trace
// events (no engine needed), a small outcome catalogue, and a checker for the Chrome
// trace event format rules that Perfetto and chrome://tracing rely on.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "harness/scenario/catalog.h"
#include "harness/scenario/runner.h"
#include "harness/scenario/scenario.h"

namespace lh::report::testing {

// Appends events to a trace; fields are given as (name, value) pairs.
class TraceBuilder {
 public:
  TraceBuilder& add(uint64_t time_ns, sim::EventKind kind, uint64_t pid,
                    std::vector<sim::Field> fields = {});
  [[nodiscard]] const std::vector<sim::TraceEvent>& events() const { return trace_.events(); }

 private:
  sim::Trace trace_;
};

// Root 1 spawns linked child 2, sends it a message and waits; 2 answers, traps and dies;
// the link takes 1 down. Ends at 30 ns.
[[nodiscard]] std::vector<sim::TraceEvent> two_process_events();

[[nodiscard]] scenario::ScenarioResult result(std::string name,
                                              scenario::ScenarioResult::Status status,
                                              std::vector<sim::TraceEvent> events = {},
                                              std::vector<std::string> failures = {});

// lunatic::process::{spawn (3 outcomes), kill (2)}, lunatic::message::send (1).
[[nodiscard]] scenario::Catalog small_catalog();
[[nodiscard]] scenario::Scenario scenario_covering(std::string name,
                                                   std::vector<std::string> covers);

// Every rule broken by `trace` (empty when it follows the trace event format): event
// shapes, X slices with ts/dur >= 0 nesting per thread, s/f flows paired by id, M
// metadata naming, and a thread_name for every thread that has events.
[[nodiscard]] std::vector<std::string> trace_format_problems(const nlohmann::json& trace);

}  // namespace lh::report::testing
