// Draws a scenario's timeline (timeline_model.h) as SVG: lanes over virtual time with a
// labelled axis (ns, µs or ms), run and wait bars, arrows and markers, each with a hover
// title. Deterministic text (fixed number formatting); never references the network.
#pragma once

#include <string>
#include <string_view>

#include "harness/report/timeline_model.h"

namespace lh::report {

// The picture; inline (for an HTML page using timeline_css()) unless options.standalone.
[[nodiscard]] std::string timeline_svg(const TimelineModel& model,
                                       const TimelineOptions& options = {});
// Events to picture in one call.
[[nodiscard]] std::string timeline_svg(const std::vector<sim::TraceEvent>& events,
                                       uint64_t end_time_ns, const TimelineOptions& options = {});
// The key to the colours and shapes, as a small inline SVG.
[[nodiscard]] std::string timeline_legend_svg(int width = 960);
// The style rules the inline pictures use (class names prefixed "tl").
[[nodiscard]] std::string_view timeline_css();

}  // namespace lh::report
