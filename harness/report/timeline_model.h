// The timeline of one scenario run, ready to draw: a lane per process (spawn order) with
// run and wait segments, arrows between lanes (spawns, messages, kills, link deaths, links)
// and point markers (deaths, traps, exits, output). Bounded: at most `max_lanes` lanes and
// `max_items` drawn items, the rest counted as hidden. Pure function of the events.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness/sim/trace.h"

namespace lh::report {

struct TimelineOptions {
  size_t max_lanes = 40;    // lanes drawn (the scenario lane, when present, counts)
  size_t max_items = 1500;  // segments + arrows + markers drawn
  int width = 960;          // SVG width in pixels
  bool standalone = false;  // a complete .svg file (xmlns, prolog, own style, legend)
};

struct TimelineLane {
  uint64_t pid = 0;   // 0 = the scenario (injections)
  std::string label;  // "3 chain"
  uint64_t born_ns = 0;
  uint64_t end_ns = 0;       // death, or the end of the run
  std::string death_reason;  // empty while alive at the end
};

struct TimelineSegment {
  size_t lane = 0;
  uint64_t start_ns = 0, end_ns = 0;
  bool run = true;   // false: waiting
  std::string wait;  // sleep | receive | yield | ...
};

struct TimelineArrow {
  enum class Kind { Spawn, Message, Kill, LinkDied, Link } kind = Kind::Spawn;
  size_t from_lane = 0, to_lane = 0;
  uint64_t from_ns = 0, to_ns = 0;
  std::string title;
};

struct TimelineMarker {
  enum class Kind { Death, Trap, Exit, Output, Note } kind = Kind::Note;
  size_t lane = 0;
  uint64_t time_ns = 0;
  std::string label;   // short text drawn beside it (may be empty)
  std::string title;   // full text on hover
  std::string reason;  // deaths: normal | failure | no_process
};

struct TimelineModel {
  std::vector<TimelineLane> lanes;
  std::vector<TimelineSegment> segments;
  std::vector<TimelineArrow> arrows;
  std::vector<TimelineMarker> markers;
  uint64_t end_ns = 0;      // the time axis spans [0, end_ns]
  size_t processes = 0;     // processes in the trace (drawn or not)
  size_t hidden_lanes = 0;  // processes beyond max_lanes
  size_t hidden_items = 0;  // items beyond max_items, or on hidden lanes
};

[[nodiscard]] TimelineModel build_timeline(const std::vector<sim::TraceEvent>& events,
                                           uint64_t end_time_ns,
                                           const TimelineOptions& options = {});

}  // namespace lh::report
