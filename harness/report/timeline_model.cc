#include "harness/report/timeline_model.h"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "harness/report/event_fields.h"

namespace lh::report {
namespace {

using K = sim::EventKind;
using Arrow = TimelineArrow;
using Marker = TimelineMarker;

// At most `max` bytes of `text` on one line, cut at a UTF-8 character boundary.
std::string shorten(std::string text, size_t max) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  if (text.size() <= max) return text;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "…";
}

class Builder {
 public:
  Builder(const std::vector<sim::TraceEvent>& events, uint64_t end_time_ns,
          const TimelineOptions& options)
      : events_(events), options_(options) {
    model_.end_ns = end_time_ns;
    for (const auto& e : events) model_.end_ns = std::max(model_.end_ns, e.time_ns);
    make_lanes();
  }

  TimelineModel build() {
    for (const auto& e : events_) on_event(e);
    for (size_t lane = 0; lane < open_.size(); ++lane) close(lane, model_.end_ns);
    for (const auto& [key, times] : kills_)
      for (uint64_t t : times)
        arrow(Arrow::Kind::Kill, key.first, key.second, t, t,
              "kill " + std::to_string(key.second) + " (not delivered)");
    for (auto& lane : segments_)
      for (auto& s : lane) model_.segments.push_back(std::move(s));
    return std::move(model_);
  }

 private:
  void make_lanes() {
    std::set<uint64_t> pids;
    bool injections = false;
    for (const auto& e : events_) {
      if (e.pid != 0) pids.insert(e.pid);
      if (e.kind == K::Spawn) {
        uint64_t child = field_u64(e, "id");
        pids.insert(child);
        std::string entry = field_text(e, "entry");
        labels_[child] = std::to_string(child) + (entry.empty() ? "" : " " + entry);
      }
      injections |= e.kind == K::Inject;
    }
    model_.processes = pids.size();
    std::vector<uint64_t> order;
    if (injections) order.push_back(0);
    order.insert(order.end(), pids.begin(), pids.end());
    for (uint64_t pid : order) {
      if (model_.lanes.size() >= options_.max_lanes) {
        ++model_.hidden_lanes;
        continue;
      }
      lane_of_[pid] = model_.lanes.size();
      TimelineLane lane;
      lane.pid = pid;
      lane.label = pid == 0 ? "scenario" : labels_.count(pid) ? labels_[pid] : std::to_string(pid);
      lane.end_ns = model_.end_ns;
      model_.lanes.push_back(std::move(lane));
    }
    segments_.resize(model_.lanes.size());
    open_.resize(model_.lanes.size());
  }

  std::optional<size_t> lane(uint64_t pid) const {
    auto it = lane_of_.find(pid);
    if (it == lane_of_.end()) return std::nullopt;
    return it->second;
  }

  bool take() {
    if (items_ >= options_.max_items) {
      ++model_.hidden_items;
      return false;
    }
    ++items_;
    return true;
  }

  void close(size_t lane, uint64_t t) {
    auto& open = open_[lane];
    if (!open) return;
    open->end_ns = std::max(t, open->start_ns);
    // A wait that ends as it begins (a yield resumed at once) is not drawn: the runs on
    // both sides of it merge into one.
    if (!(open->run == false && open->end_ns == open->start_ns) && take())
      segments_[lane].push_back(std::move(*open));
    open.reset();
  }

  void open_run(size_t lane, uint64_t t) {
    close(lane, t);
    auto& list = segments_[lane];
    if (!list.empty() && list.back().run && list.back().end_ns == t) {
      open_[lane] = std::move(list.back());
      list.pop_back();
      --items_;
      return;
    }
    open_[lane] = TimelineSegment{lane, t, t, true, {}};
  }

  void open_wait(size_t lane, uint64_t t, std::string wait) {
    close(lane, t);
    open_[lane] = TimelineSegment{lane, t, t, false, std::move(wait)};
  }

  void arrow(Arrow::Kind kind, uint64_t from, uint64_t to, uint64_t t0, uint64_t t1,
             std::string title) {
    auto a = lane(from), b = lane(to);
    if (!a || !b) {
      ++model_.hidden_items;
      return;
    }
    if (take()) model_.arrows.push_back({kind, *a, *b, t0, t1, std::move(title)});
  }

  void marker(Marker::Kind kind, size_t lane, uint64_t t, std::string label, std::string title,
              std::string reason = {}) {
    if (take())
      model_.markers.push_back(
          {kind, lane, t, std::move(label), std::move(title), std::move(reason)});
  }

  void on_signal(const sim::TraceEvent& e, size_t at) {
    std::string signal = field_text(e, "signal");
    uint64_t from = field_u64(e, "from");
    std::string pid = std::to_string(e.pid);
    if (signal == "message") {
      auto& queue = sends_[{from, e.pid}];
      uint64_t t0 = e.time_ns;
      std::string title = "message " + std::to_string(from) + " → " + pid;
      if (!queue.empty()) {
        t0 = queue.front().first;
        title += queue.front().second;
        queue.pop_front();
      }
      if (from != e.pid) arrow(Arrow::Kind::Message, from, e.pid, t0, e.time_ns, title);
    } else if (signal == "kill") {
      auto& queue = kills_[{from, e.pid}];
      uint64_t t0 = e.time_ns;
      if (!queue.empty()) {
        t0 = queue.front();
        queue.pop_front();
      }
      arrow(Arrow::Kind::Kill, from, e.pid, t0, e.time_ns,
            "kill " + std::to_string(from) + " → " + pid);
    } else if (signal == "link_died") {
      std::string reason = field_text(e, "reason");
      std::string other = field_text(e, "other");
      if (from != e.pid && lane(from)) {
        uint64_t t0 = deaths_.count(from) ? deaths_[from] : e.time_ns;
        arrow(Arrow::Kind::LinkDied, from, e.pid, t0, e.time_ns,
              "linked process " + std::to_string(from) + " died (" + reason + ") → " + pid);
      } else {
        marker(Marker::Kind::Note, at, e.time_ns, "link " + other + " died",
               "link to " + other + " died (" + reason + ")");
      }
    }
  }

  void on_event(const sim::TraceEvent& e) {
    if (e.kind == K::Spawn)
      if (auto child = lane(field_u64(e, "id"))) model_.lanes[*child].born_ns = e.time_ns;
    auto at_lane = lane(e.pid);
    if (!at_lane) {
      if (e.pid != 0) ++model_.hidden_items;  // the scenario's own root spawn is no loss
      if (e.kind == K::Send) sends_[{e.pid, field_u64(e, "to")}].push_back({e.time_ns, ""});
      if (e.kind == K::Kill) kills_[{e.pid, field_u64(e, "target")}].push_back(e.time_ns);
      if (e.kind == K::Death) deaths_[e.pid] = e.time_ns;
      return;
    }
    size_t at = *at_lane;
    uint64_t t = e.time_ns;
    switch (e.kind) {
      case K::Spawn: {
        uint64_t child = field_u64(e, "id");
        size_t before = model_.arrows.size();
        arrow(Arrow::Kind::Spawn, e.pid, child, t, t,
              "spawn " + std::to_string(child) + " (" + field_text(e, "entry") + ")");
        if (model_.arrows.size() > before) spawn_arrow_[child] = before;
        if (e.field("link"))
          arrow(Arrow::Kind::Link, e.pid, child, t, t,
                "linked spawn, tag " + field_text(e, "link"));
        break;
      }
      case K::Start: {
        auto it = spawn_arrow_.find(e.pid);
        if (it != spawn_arrow_.end()) model_.arrows[it->second].to_ns = t;
        open_run(at, t);
        break;
      }
      case K::Wake: open_run(at, t); break;
      case K::Suspend: open_wait(at, t, field_text(e, "wait")); break;
      case K::Send:
        sends_[{e.pid, field_u64(e, "to")}].push_back(
            {t, ", tag " + field_text(e, "tag") + ", " + field_text(e, "size") + " bytes"});
        break;
      case K::Kill: kills_[{e.pid, field_u64(e, "target")}].push_back(t); break;
      case K::Signal: on_signal(e, at); break;
      case K::Link: {
        uint64_t other = field_u64(e, "other");
        if (lane(other))
          arrow(Arrow::Kind::Link, e.pid, other, t, t, "link, tag " + field_text(e, "tag"));
        else
          marker(Marker::Kind::Note, at, t, "link " + std::to_string(other),
                 "link to " + std::to_string(other));
        break;
      }
      case K::Unlink:
        marker(Marker::Kind::Note, at, t, "", "unlink " + field_text(e, "other"));
        break;
      case K::Inject: {
        std::string action = field_text(e, "action");
        marker(Marker::Kind::Note, at, t, action + " " + field_text(e, "process"),
               "inject " + action + " process " + field_text(e, "process"));
        if (action == "link")
          arrow(Arrow::Kind::Link, field_u64(e, "process"), field_u64(e, "other"), t, t,
                "injected link");
        break;
      }
      case K::SpawnFailed: marker(Marker::Kind::Note, at, t, "spawn failed", "spawn failed"); break;
      case K::Fault: {
        std::string kind = field_text(e, "kind");
        std::string later = e.field("ms") ? ", " + field_text(e, "ms") + " ms late" : "";
        marker(Marker::Kind::Note, at, t, "fault: " + kind, "injected fault: " + kind + later);
        break;
      }
      case K::Trap: {
        std::string message = field_text(e, "message");
        marker(Marker::Kind::Trap, at, t, shorten(message, 40), "trap: " + shorten(message, 400));
        break;
      }
      case K::Exit: {
        std::string text = "exit " + field_text(e, "code");
        marker(Marker::Kind::Exit, at, t, text, text);
        break;
      }
      case K::Stdout:
      case K::Stderr:
        marker(Marker::Kind::Output, at, t, "",
               std::string(sim::event_name(e.kind)) + ": " + shorten(field_text(e, "text"), 300));
        break;
      case K::Death: {
        close(at, t);
        std::string reason = field_text(e, "reason");
        deaths_[e.pid] = t;
        model_.lanes[at].end_ns = t;
        model_.lanes[at].death_reason = reason;
        marker(Marker::Kind::Death, at, t, "", "death: " + reason, reason);
        break;
      }
      default: break;  // sleep, receive, fuel_yield: shown by the wait segments
    }
  }

  const std::vector<sim::TraceEvent>& events_;
  const TimelineOptions& options_;
  TimelineModel model_;
  std::map<uint64_t, std::string> labels_;
  std::map<uint64_t, size_t> lane_of_;
  std::vector<std::vector<TimelineSegment>> segments_;
  std::vector<std::optional<TimelineSegment>> open_;
  size_t items_ = 0;
  std::map<std::pair<uint64_t, uint64_t>, std::deque<std::pair<uint64_t, std::string>>> sends_;
  std::map<std::pair<uint64_t, uint64_t>, std::deque<uint64_t>> kills_;
  std::map<uint64_t, uint64_t> deaths_;
  std::map<uint64_t, size_t> spawn_arrow_;  // child pid -> index of its spawn arrow
};

}  // namespace

TimelineModel build_timeline(const std::vector<sim::TraceEvent>& events, uint64_t end_time_ns,
                             const TimelineOptions& options) {
  return Builder(events, end_time_ns, options).build();
}

}  // namespace lh::report
