// The Chrome trace event format (opens in Perfetto and chrome://tracing): each scenario is
// a trace process, each lunatic process a thread; runs and waits are slices, events are
// instants, and signals (messages, links, kills, deaths) are flow arrows from their sender.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "harness/scenario/runner.h"

namespace lh::report {

[[nodiscard]] nlohmann::json chrome_trace(const std::vector<scenario::ScenarioResult>& results);

}  // namespace lh::report
