#include "harness/report/timeline_svg.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "harness/report/xml.h"

namespace lh::report {
namespace {

constexpr double kLabelWidth = 130, kRightPad = 24, kAxisHeight = 24, kLaneHeight = 24;
constexpr double kNoteHeight = 18, kLegendHeight = 24;

constexpr std::string_view kCss = R"(.tl{background:#fff}
.tl text{font:11px sans-serif;fill:#333}
.tl .axis text{font-size:10px;fill:#666}
.tl .grid{stroke:#eceff3}
.tl .life{stroke:#c4c9d0}
.tl .run{fill:#41608f}
.tl .wait{fill:#c9d6ea}
.tl text.wl{font-size:9px;fill:#2d4466}
.tl .arrow line{stroke:currentColor;stroke-width:1.3}
.tl .arrow polygon{fill:currentColor}
.tl .a-spawn{color:#555}
.tl .a-message{color:#1f77d0}
.tl .a-kill{color:#d62728}
.tl .a-kill line{stroke-width:2}
.tl .a-linkdied{color:#e07b00}
.tl .a-link{color:#8a4fbf}
.tl .a-linkdied line,.tl .a-link line{stroke-dasharray:4 3}
.tl .d-normal{fill:#2ca02c}
.tl .d-failure{fill:#d62728}
.tl .d-no_process{fill:#999}
.tl .death circle{stroke:#fff;stroke-width:1}
.tl .trap path{stroke:#d62728;stroke-width:2}
.tl .trap text,.tl text.trap{fill:#d62728;font-weight:bold}
.tl .out line{stroke:#888}
.tl .note path{fill:#666}
.tl .note text{font-size:9px;fill:#555}
.tl text.more{fill:#a00;font-style:italic}
)";

std::string num(double v) { return fmt::format("{:.1f}", v); }

class Canvas {
 public:
  Canvas(const TimelineModel& model, int width) : model_(model), width_(width) {
    span_ = static_cast<double>(std::max<uint64_t>(model.end_ns, 1));
  }
  [[nodiscard]] double x(uint64_t t) const {
    return kLabelWidth + static_cast<double>(t) / span_ * (width_ - kLabelWidth - kRightPad);
  }
  [[nodiscard]] static double mid(size_t lane) {
    return kAxisHeight + kLaneHeight * lane + kLaneHeight / 2;
  }
  [[nodiscard]] double bottom() const { return kAxisHeight + kLaneHeight * model_.lanes.size(); }

 private:
  const TimelineModel& model_;
  int width_;
  double span_;
};

// A tick step of 1, 2 or 5 times a power of ten giving about six ticks.
uint64_t tick_step(uint64_t span) {
  uint64_t raw = std::max<uint64_t>(span / 6, 1);
  uint64_t mag = 1;
  while (mag <= raw / 10) mag *= 10;
  for (uint64_t m : {1, 2, 5})
    if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

// In the largest unit the whole axis reaches: 0.5 ms, 1 ms, 1.5 ms rather than 1500 µs.
std::string time_label(uint64_t t, uint64_t span) {
  if (t == 0) return "0";
  if (span >= 1'000'000) return fmt::format("{} ms", t / 1'000'000.0);
  if (span >= 1'000) return fmt::format("{} µs", t / 1'000.0);
  return fmt::format("{} ns", t);
}

void axis(std::string& out, const TimelineModel& model, const Canvas& c) {
  uint64_t step = tick_step(model.end_ns);
  out += "<g class=\"axis\">";
  for (uint64_t t = 0; t <= std::max<uint64_t>(model.end_ns, 1); t += step) {
    double x = c.x(t);
    out += fmt::format("<line class=\"grid\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\"/>", num(x),
                       num(kAxisHeight - 4), num(c.bottom()));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", num(x),
                       num(kAxisHeight - 8), time_label(t, model.end_ns));
    if (t > UINT64_MAX - step) break;
  }
  out += "</g>";
}

void arrow_head(std::string& out, double x0, double y0, double x1, double y1) {
  double dx = x1 - x0, dy = y1 - y0, len = std::sqrt(dx * dx + dy * dy);
  if (len < 2) return;
  dx /= len, dy /= len;
  double bx = x1 - 7 * dx, by = y1 - 7 * dy;
  out +=
      fmt::format("<polygon points=\"{},{} {},{} {},{}\"/>", num(x1), num(y1), num(bx - 3.5 * dy),
                  num(by + 3.5 * dx), num(bx + 3.5 * dy), num(by - 3.5 * dx));
}

const char* arrow_class(TimelineArrow::Kind kind) {
  switch (kind) {
    case TimelineArrow::Kind::Spawn: return "a-spawn";
    case TimelineArrow::Kind::Message: return "a-message";
    case TimelineArrow::Kind::Kill: return "a-kill";
    case TimelineArrow::Kind::LinkDied: return "a-linkdied";
    case TimelineArrow::Kind::Link: return "a-link";
  }
  return "";
}

void lanes(std::string& out, const TimelineModel& model, const Canvas& c) {
  for (size_t i = 0; i < model.lanes.size(); ++i) {
    const auto& lane = model.lanes[i];
    double y = Canvas::mid(i);
    std::string label = lane.label.size() > 20 ? lane.label.substr(0, 19) + "…" : lane.label;
    out += fmt::format("<text x=\"6\" y=\"{}\"><title>{}</title>{}</text>", num(y + 4),
                       xml_escape(lane.label), xml_escape(label));
    out += fmt::format("<line class=\"life\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\"/>",
                       num(c.x(lane.born_ns)), num(c.x(lane.end_ns)), num(y));
  }
  for (const auto& s : model.segments) {
    double x0 = c.x(s.start_ns), w = std::max(1.0, c.x(s.end_ns) - x0), h = s.run ? 12 : 8;
    std::string what = s.run ? "run" : "wait: " + s.wait;
    out += fmt::format(
        "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"><title>{} {}–{} "
        "ns</title></rect>",
        s.run ? "run" : "wait", num(x0), num(Canvas::mid(s.lane) - h / 2), num(w), num(h),
        xml_escape(what), s.start_ns, s.end_ns);
    if (!s.run && w >= 6.5 * static_cast<double>(s.wait.size()) + 6)
      out += fmt::format("<text class=\"wl\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                         num(x0 + w / 2), num(Canvas::mid(s.lane) - 6), xml_escape(s.wait));
  }
}

void arrows(std::string& out, const TimelineModel& model, const Canvas& c) {
  for (const auto& a : model.arrows) {
    double x0 = c.x(a.from_ns), y0 = Canvas::mid(a.from_lane), x1 = c.x(a.to_ns),
           y1 = Canvas::mid(a.to_lane);
    if (a.kind == TimelineArrow::Kind::Link)
      x0 += 3, x1 += 3;  // beside the spawn arrow it often shares
    out += fmt::format(
        "<g class=\"arrow {}\"><title>{}</title><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        arrow_class(a.kind), xml_escape(a.title), num(x0), num(y0), num(x1), num(y1));
    if (a.kind != TimelineArrow::Kind::Link) arrow_head(out, x0, y0, x1, y1);
    out += "</g>";
  }
}

void markers(std::string& out, const TimelineModel& model, const Canvas& c, int width) {
  for (const auto& m : model.markers) {
    double x = c.x(m.time_ns), y = Canvas::mid(m.lane);
    bool left = x > width - 160;  // labels near the right edge go to the left of the mark
    auto label = [&](const char* cls, double dy) {
      if (m.label.empty()) return;
      out += fmt::format("<text class=\"{}\" x=\"{}\" y=\"{}\"{}>{}</text>", cls,
                         num(left ? x - 7 : x + 7), num(y + dy), left ? " text-anchor=\"end\"" : "",
                         xml_escape(m.label));
    };
    switch (m.kind) {
      case TimelineMarker::Kind::Death:
        out += fmt::format(
            "<g class=\"death\"><title>{}</title><circle class=\"d-{}\" cx=\"{}\" cy=\"{}\" "
            "r=\"5\"/></g>",
            xml_escape(m.title), xml_escape(m.reason), num(x), num(y));
        break;
      case TimelineMarker::Kind::Trap:
        out += fmt::format("<g class=\"trap\"><title>{}</title><path d=\"M{} {}l6 6m0 -6l-6 6\"/>",
                           xml_escape(m.title), num(x - 3), num(y - 13));
        label("trap", -5);
        out += "</g>";
        break;
      case TimelineMarker::Kind::Exit:
      case TimelineMarker::Kind::Note:
        out +=
            fmt::format("<g class=\"note\"><title>{}</title><path d=\"M{} {}l3 3l-3 3l-3 -3z\"/>",
                        xml_escape(m.title), num(x), num(y + 4));
        label("", 10);
        out += "</g>";
        break;
      case TimelineMarker::Kind::Output:
        out += fmt::format(
            "<g class=\"out\"><title>{0}</title><line x1=\"{1}\" y1=\"{2}\" x2=\"{1}\" "
            "y2=\"{3}\"/></g>",
            xml_escape(m.title), num(x), num(y - 10), num(y - 6));
        break;
    }
  }
}

void legend(std::string& out, double y) {
  double x = 6;
  auto item = [&](std::string shape, const char* text, double w) {
    out += shape + fmt::format("<text x=\"{}\" y=\"{}\">{}</text>", num(x + 22), num(y + 4), text);
    x += w;
  };
  auto line = [&](const char* cls, bool head) {
    std::string s =
        fmt::format("<g class=\"arrow {}\"><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", cls,
                    num(x), num(y), num(x + 18), num(y));
    if (head) arrow_head(s, x, y, x + 18, y);
    return s + "</g>";
  };
  item(fmt::format("<rect class=\"run\" x=\"{}\" y=\"{}\" width=\"18\" height=\"12\"/>", num(x),
                   num(y - 6)),
       "run", 58);
  item(fmt::format("<rect class=\"wait\" x=\"{}\" y=\"{}\" width=\"18\" height=\"8\"/>", num(x),
                   num(y - 4)),
       "wait", 62);
  item(line("a-spawn", true), "spawn", 70);
  item(line("a-message", true), "message", 84);
  item(line("a-kill", true), "kill", 58);
  item(line("a-link", false), "link", 58);
  item(line("a-linkdied", true), "link died", 90);
  for (const char* reason : {"normal", "failure", "no_process"})
    item(fmt::format("<circle class=\"d-{}\" cx=\"{}\" cy=\"{}\" r=\"5\"/>", reason, num(x + 9),
                     num(y)),
         reason, reason[0] == 'n' && reason[1] == 'o' && reason[2] == '_' ? 96 : 76);
  item(fmt::format("<g class=\"trap\"><path d=\"M{} {}l6 6m0 -6l-6 6\"/></g>", num(x + 6),
                   num(y - 3)),
       "trap", 58);
}

}  // namespace

std::string_view timeline_css() { return kCss; }

std::string timeline_svg(const TimelineModel& model, const TimelineOptions& options) {
  Canvas c(model, options.width);
  bool more = model.hidden_lanes > 0 || model.hidden_items > 0;
  double height =
      c.bottom() + (more ? kNoteHeight : 0) + (options.standalone ? kLegendHeight : 0) + 6;
  std::string out;
  if (options.standalone) out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<svg{} class=\"tl\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\" "
      "data-lanes=\"{}\" data-hidden-lanes=\"{}\" data-hidden-items=\"{}\">",
      options.standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "", options.width, num(height),
      options.width, num(height), model.lanes.size(), model.hidden_lanes, model.hidden_items);
  out += fmt::format("<title>timeline: {} processes over {} ns of virtual time</title>",
                     model.processes, model.end_ns);
  if (options.standalone)
    out +=
        fmt::format("<style>{}</style><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>", kCss);
  axis(out, model, c);
  lanes(out, model, c);
  arrows(out, model, c);
  markers(out, model, c, options.width);
  double y = c.bottom() + 4;
  if (more) {
    std::string text;
    if (model.hidden_lanes) text += fmt::format("{} more processes not shown", model.hidden_lanes);
    if (model.hidden_items)
      text += fmt::format("{}{} events not drawn", text.empty() ? "" : "; ", model.hidden_items);
    out += fmt::format("<text class=\"more\" x=\"6\" y=\"{}\">{}</text>", num(y + 10), text);
    y += kNoteHeight;
  }
  if (options.standalone) legend(out, y + 10);
  out += "</svg>";
  return out;
}

std::string timeline_svg(const std::vector<sim::TraceEvent>& events, uint64_t end_time_ns,
                         const TimelineOptions& options) {
  return timeline_svg(build_timeline(events, end_time_ns, options), options);
}

std::string timeline_legend_svg(int width) {
  std::string out = fmt::format(
      "<svg class=\"tl legend\" width=\"{0}\" height=\"24\" viewBox=\"0 0 {0} 24\" "
      "role=\"img\" aria-label=\"legend\">",
      width);
  legend(out, 12);
  return out + "</svg>";
}

}  // namespace lh::report
