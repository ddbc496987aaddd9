#include "harness/report/chrome_trace.h"

#include <map>
#include <set>
#include <string>

#include "harness/report/event_fields.h"

namespace lh::report {
namespace {

using Json = nlohmann::json;

double micros(uint64_t ns) { return static_cast<double>(ns) / 1000.0; }

Json event_args(const sim::TraceEvent& event) {
  Json args = Json::object();
  for (const auto& f : event.fields) std::visit([&](const auto& v) { args[f.name] = v; }, f.value);
  args["seq"] = event.seq;
  return args;
}

void add_scenario(Json& out, int trace_pid, const scenario::ScenarioResult& result,
                  uint64_t& flow_id) {
  out.push_back({{"name", "process_name"},
                 {"ph", "M"},
                 {"pid", trace_pid},
                 {"args", {{"name", "scenario " + result.name}}}});
  std::set<uint64_t> named;
  auto thread = [&](uint64_t pid) {
    if (named.insert(pid).second) {
      out.push_back(
          {{"name", "thread_name"},
           {"ph", "M"},
           {"pid", trace_pid},
           {"tid", pid},
           {"args",
            {{"name", pid == 0 ? std::string("scenario") : "process " + std::to_string(pid)}}}});
    }
  };
  std::map<uint64_t, std::pair<uint64_t, std::string>> open;  // pid -> (start, slice name)
  std::map<uint64_t, uint64_t> last_event_time;               // pid -> time of its latest event
  auto close = [&](uint64_t pid, uint64_t end) {
    auto it = open.find(pid);
    if (it == open.end()) return;
    out.push_back({{"name", it->second.second},
                   {"ph", "X"},
                   {"pid", trace_pid},
                   {"tid", pid},
                   {"ts", micros(it->second.first)},
                   {"dur", micros(end - it->second.first)},
                   {"cat", it->second.second == "run" ? "run" : "wait"}});
    open.erase(it);
  };

  for (const auto& e : result.events) {
    using K = sim::EventKind;
    uint64_t pid = e.pid;
    thread(pid);
    std::string name(sim::event_name(e.kind));
    switch (e.kind) {
      case K::Start:
      case K::Wake:
        close(pid, e.time_ns);
        open[pid] = {e.time_ns, "run"};
        break;
      case K::Suspend:
        close(pid, e.time_ns);
        open[pid] = {e.time_ns, "wait: " + field_text(e, "wait")};
        break;
      case K::Death:
        close(pid, e.time_ns);
        name = "death: " + field_text(e, "reason");
        break;
      case K::Signal: name = "signal: " + field_text(e, "signal"); break;
      default: break;
    }
    // Every event is an instant on its process's track; signals get a tiny slice so a flow
    // arrow can bind to it.
    if (e.kind == K::Signal) {
      out.push_back({{"name", name},
                     {"ph", "X"},
                     {"pid", trace_pid},
                     {"tid", pid},
                     {"ts", micros(e.time_ns)},
                     {"dur", 0.001},
                     {"cat", "signal"},
                     {"args", event_args(e)}});
      uint64_t from = field_u64(e, "from");
      if (from != 0 && from != pid && last_event_time.count(from)) {
        ++flow_id;
        thread(from);
        out.push_back({{"name", name},
                       {"ph", "s"},
                       {"id", flow_id},
                       {"pid", trace_pid},
                       {"tid", from},
                       {"ts", micros(last_event_time[from])},
                       {"cat", "signal"}});
        out.push_back({{"name", name},
                       {"ph", "f"},
                       {"bp", "e"},
                       {"id", flow_id},
                       {"pid", trace_pid},
                       {"tid", pid},
                       {"ts", micros(e.time_ns)},
                       {"cat", "signal"}});
      }
    } else if (e.kind != K::Start && e.kind != K::Wake && e.kind != K::Suspend) {
      out.push_back({{"name", name},
                     {"ph", "i"},
                     {"s", "t"},
                     {"pid", trace_pid},
                     {"tid", pid},
                     {"ts", micros(e.time_ns)},
                     {"cat", "event"},
                     {"args", event_args(e)}});
    }
    last_event_time[pid] = e.time_ns;
  }
  uint64_t end = result.end_time_ns;
  std::vector<uint64_t> still_open;
  for (const auto& [pid, slice] : open) still_open.push_back(pid);
  for (uint64_t pid : still_open) close(pid, std::max(end, open[pid].first));
}

}  // namespace

nlohmann::json chrome_trace(const std::vector<scenario::ScenarioResult>& results) {
  Json events = Json::array();
  uint64_t flow_id = 0;
  for (size_t i = 0; i < results.size(); ++i)
    add_scenario(events, static_cast<int>(i + 1), results[i], flow_id);
  return {{"traceEvents", events}, {"displayTimeUnit", "ns"}};
}

}  // namespace lh::report
