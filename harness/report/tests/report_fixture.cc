#include "harness/report/tests/report_fixture.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace lh::report::testing {

using K = sim::EventKind;
using Json = nlohmann::json;

TraceBuilder& TraceBuilder::add(uint64_t time_ns, sim::EventKind kind, uint64_t pid,
                                std::vector<sim::Field> fields) {
  trace_.record(time_ns, kind, pid, std::move(fields));
  return *this;
}

std::vector<sim::TraceEvent> two_process_events() {
  using S = std::string;
  TraceBuilder t;
  t.add(0, K::Spawn, 0, {{"id", uint64_t{1}}, {"module", S("m.wasm")}, {"entry", S("main")}})
      .add(0, K::Start, 1, {{"entry", S("main")}})
      .add(10, K::Spawn, 1,
           {{"id", uint64_t{2}},
            {"module", S("m.wasm")},
            {"entry", S("child")},
            {"link", uint64_t{1}}})
      .add(12, K::Send, 1, {{"to", uint64_t{2}}, {"tag", int64_t{5}}, {"size", uint64_t{4}}})
      .add(12, K::Suspend, 1, {{"wait", S("receive")}})
      .add(12, K::Signal, 2, {{"signal", S("message")}, {"from", uint64_t{1}}})
      .add(14, K::Start, 2, {{"entry", S("child")}})
      .add(20, K::Send, 2, {{"to", uint64_t{1}}, {"tag", int64_t{6}}, {"size", uint64_t{0}}})
      .add(20, K::Signal, 1, {{"signal", S("message")}, {"from", uint64_t{2}}})
      .add(22, K::Stdout, 2, {{"text", S("hi <there>\n")}})
      .add(25, K::Trap, 2, {{"message", S("RuntimeError: unreachable")}})
      .add(25, K::Death, 2, {{"reason", S("failure")}})
      .add(25, K::Signal, 1,
           {{"signal", S("link_died")},
            {"from", uint64_t{2}},
            {"other", uint64_t{2}},
            {"tag", int64_t{1}},
            {"reason", S("failure")}})
      .add(25, K::Death, 1, {{"reason", S("failure")}});
  return t.events();
}

scenario::ScenarioResult result(std::string name, scenario::ScenarioResult::Status status,
                                std::vector<sim::TraceEvent> events,
                                std::vector<std::string> failures) {
  scenario::ScenarioResult r;
  r.file = "fixtures/test/" + name + ".json";
  r.name = std::move(name);
  r.status = status;
  r.failures = std::move(failures);
  r.verdict = "quiescent";
  r.events = std::move(events);
  for (const auto& e : r.events) r.end_time_ns = std::max(r.end_time_ns, e.time_ns);
  r.end_time_ns += 5;
  r.steps = r.events.size();
  return r;
}

scenario::Catalog small_catalog() {
  scenario::Catalog c;
  c.functions = {"lunatic::process::spawn", "lunatic::process::kill", "lunatic::message::send"};
  c.outcomes = {
      {"process.spawn.ok", "lunatic::process::spawn", "ok", "spawns a process"},
      {"process.spawn.trap.unsupported_type_id", "lunatic::process::spawn", "trap",
       "bad <type> id traps"},
      {"process.spawn.return.module_not_found", "lunatic::process::spawn", "return",
       "unknown module"},
      {"process.kill.ok", "lunatic::process::kill", "ok", "kills"},
      {"process.kill.effect.no_process", "lunatic::process::kill", "effect", "kill of nothing"},
      {"message.send.ok", "lunatic::message::send", "ok", "sends"},
  };
  return c;
}

scenario::Scenario scenario_covering(std::string name, std::vector<std::string> covers) {
  scenario::Scenario s;
  s.name = std::move(name);
  s.file = "fixtures/test/" + s.name + ".json";
  s.covers = std::move(covers);
  return s;
}

std::vector<std::string> trace_format_problems(const Json& trace) {
  std::vector<std::string> problems;
  auto bad = [&](const Json& e, const std::string& why) {
    problems.push_back(why + ": " + e.dump());
  };
  if (!trace.is_object() || !trace.contains("traceEvents") || !trace["traceEvents"].is_array())
    return {"no traceEvents array"};
  using Track = std::pair<int64_t, int64_t>;
  std::map<Track, std::vector<std::pair<double, double>>> slices;  // (ts, end) per thread
  std::set<Track> named, used;
  std::map<std::string, std::pair<int, int>> flows;  // id -> (starts, finishes)
  std::map<std::string, double> flow_start;
  for (const auto& e : trace["traceEvents"]) {
    if (!e.is_object() || !e.contains("ph") || !e["ph"].is_string() || !e.contains("name") ||
        !e["name"].is_string() || !e.contains("pid") || !e["pid"].is_number_integer()) {
      bad(e, "event without string ph/name or integer pid");
      continue;
    }
    std::string ph = e["ph"];
    if (ph == "M") {
      std::string name = e["name"];
      if (name != "process_name" && name != "thread_name" && name != "process_sort_index" &&
          name != "thread_sort_index")
        bad(e, "unknown metadata name");
      if (name.ends_with("_name") &&
          !(e.contains("args") && e["args"].contains("name") && e["args"]["name"].is_string()))
        bad(e, "metadata without args.name");
      if (name == "thread_name" && e.contains("tid"))
        named.insert({e["pid"].get<int64_t>(), e["tid"].get<int64_t>()});
      continue;
    }
    if (!e.contains("tid") || !e["tid"].is_number_integer()) {
      bad(e, "event without integer tid");
      continue;
    }
    if (!e.contains("ts") || !e["ts"].is_number() || e["ts"].get<double>() < 0) {
      bad(e, "missing or negative ts");
      continue;
    }
    Track track{e["pid"].get<int64_t>(), e["tid"].get<int64_t>()};
    used.insert(track);
    double ts = e["ts"];
    if (ph == "X") {
      if (!e.contains("dur") || !e["dur"].is_number() || e["dur"].get<double>() < 0)
        bad(e, "X without dur >= 0");
      else
        slices[track].push_back({ts, ts + e["dur"].get<double>()});
    } else if (ph == "s" || ph == "f") {
      if (!e.contains("id")) {
        bad(e, "flow without id");
        continue;
      }
      auto& counts = flows[e["id"].dump()];
      if (ph == "s")
        ++counts.first, flow_start[e["id"].dump()] = ts;
      else {
        ++counts.second;
        if (flow_start.count(e["id"].dump()) && ts + 1e-9 < flow_start[e["id"].dump()])
          bad(e, "flow ends before it starts");
      }
    } else if (ph == "i") {
      if (e.contains("s") && e["s"] != "t" && e["s"] != "p" && e["s"] != "g")
        bad(e, "instant with bad scope");
    } else {
      bad(e, "unexpected phase " + ph);
    }
  }
  for (const auto& [id, counts] : flows)
    if (counts != std::pair<int, int>{1, 1})
      problems.push_back("flow " + id + " has " + std::to_string(counts.first) + " starts and " +
                         std::to_string(counts.second) + " finishes");
  for (const auto& track : used)
    if (!named.count(track))
      problems.push_back("thread " + std::to_string(track.second) + " of process " +
                         std::to_string(track.first) + " has no thread_name");
  constexpr double kSlack = 1e-6;  // microseconds; float rounding of ns / 1000
  for (auto& [track, list] : slices) {
    // Outer slices first: by start, then longest first.
    std::sort(list.begin(), list.end(), [](auto a, auto b) {
      return std::tie(a.first, b.second) < std::tie(b.first, a.second);
    });
    std::vector<double> open_ends;
    for (const auto& [start, end] : list) {
      while (!open_ends.empty() && open_ends.back() <= start + kSlack) open_ends.pop_back();
      if (!open_ends.empty() && end > open_ends.back() + kSlack)
        problems.push_back("slice [" + std::to_string(start) + ", " + std::to_string(end) +
                           "] on thread " + std::to_string(track.second) +
                           " overlaps its parent without nesting");
      open_ends.push_back(end);
    }
  }
  return problems;
}

}  // namespace lh::report::testing
