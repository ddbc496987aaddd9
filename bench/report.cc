// lh_bench_report: the side-by-side table of scripts/bench-compare. Reads Google
// Benchmark JSON files of lh_bench (medians preferred when repetitions were aggregated)
// and the JSON printed by bench/beam/lh_beam_bench.erl, prints the table, and writes
// reports/benchmarks.md and reports/benchmarks.json. Figures are ratios of the same
// workload on the same machine in the same session, never absolute claims.
//   lh_bench_report --beam BEAM.json --md OUT.md --json OUT.json [--note TEXT]
//                   [--profile PROFILE.md] HARNESS.json...
// PROFILE.md (bench/where-the-time-goes.md) is copied under the table: where the time of the
// costliest operations goes, as perf found it.
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

struct Row {
  std::string workload;  // what one operation is
  std::string unit;
  std::string benchmark;   // lh_bench run name (without aggregate suffix)
  std::string counter;     // "items" (per-op time from items_per_second) or a counter name
  std::string beam_key;    // lh_beam_bench workload; empty: no BEAM equivalent
  std::string beam_field;  // field of the BEAM workload
};

const std::vector<Row> kRows = {
    {"spawn + run + exit of a trivial process", "µs/spawn", "BM_SpawnExit/1000/manual_time",
     "items", "spawn_exit", "us_per_op"},
    {"spawn + run + exit through `lunatic-harness run` (trace kept, expectations checked)",
     "µs/spawn", "BM_SpawnExitThroughRun/real_time", "items", "spawn_exit", "us_per_op"},
    {"spawn_link, child exits normally (no notification)", "µs/spawn",
     "BM_SpawnLinkNormalExit/1000/manual_time", "items", "spawn_link_normal", "us_per_op"},
    {"spawn_link, child fails, parent receives LinkDied/'EXIT'", "µs/spawn",
     "BM_SpawnLinkFailureNotified/1000/manual_time", "items", "spawn_link_failure", "us_per_op"},
    {"link + unlink pair with a live process", "µs/pair", "BM_LinkUnlink/10000/manual_time",
     "items", "link_unlink", "us_per_op"},
    {"death propagation down a linked chain (1000 hops)", "µs/hop",
     "BM_DeathPropagation/1000/manual_time", "items", "death_propagation", "us_per_op"},
    {"message round trip (ping-pong)", "µs/round trip", "BM_PingPong/10000/manual_time", "items",
     "ping_pong", "us_per_op"},
    {"suspend + resume (sleep_ms(0) / erlang:yield())", "µs/yield",
     "BM_SuspendResume/10000/manual_time", "items", "suspend_resume", "us_per_op"},
    {"spawn of a process that then waits (10,000 live)", "µs/spawn",
     "BM_LiveSleepers/10000/iterations:1/manual_time", "items", "live_sleepers_10000", "us_per_op"},
    {"resident memory per live waiting process (10,000 live)", "bytes/process",
     "BM_LiveSleepers/10000/iterations:1/manual_time", "rss_bytes_per_process",
     "live_sleepers_10000", "rss_bytes_per_process"},
    {"spawn of a process that then waits (100,000 live)", "µs/spawn",
     "BM_LiveSleepers/100000/iterations:1/manual_time", "items", "live_sleepers_100000",
     "us_per_op"},
    {"resident memory per live waiting process (100,000 live)", "bytes/process",
     "BM_LiveSleepers/100000/iterations:1/manual_time", "rss_bytes_per_process",
     "live_sleepers_100000", "rss_bytes_per_process"},
    {"spawn of a process that then waits (1,000,000 live, no trace kept)", "µs/spawn",
     "BM_LiveSleepersWithoutTrace/1000000/iterations:1/manual_time", "items",
     "live_sleepers_1000000", "us_per_op"},
    {"resident memory per live waiting process (1,000,000 live, no trace kept)", "bytes/process",
     "BM_LiveSleepersWithoutTrace/1000000/iterations:1/manual_time", "rss_bytes_per_process",
     "live_sleepers_1000000", "rss_bytes_per_process"},
    {"resident memory after 100,000 sequential spawn + exit in one world", "bytes",
     "BM_ResidentAfterSequentialSpawns/100000/iterations:1/manual_time", "rss_bytes", "", ""},
    {"resident memory after 1,000,000 sequential spawn + exit in one world", "bytes",
     "BM_ResidentAfterSequentialSpawns/1000000/iterations:1/manual_time", "rss_bytes", "", ""},
    {"fuel metering overhead, compute loop (metered / plain)", "ratio", "BM_FuelOverhead/20000000",
     "metered_ratio", "", ""},
    {"fuel + asyncify as every guest gets it (guest / plain)", "ratio", "BM_FuelOverhead/20000000",
     "guest_ratio", "", ""},
    {"whole conformance suite, one pass (no determinism re-run)", "ms/suite",
     "BM_ConformanceSuite/real_time", "suite_ms", "", ""},
};

// Google Benchmark writes NaN (e.g. the coefficient of variation of a zero counter), which
// is not JSON: such values are read as null.
std::optional<json> read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::nullopt;
  std::string text(std::istreambuf_iterator<char>(in), {});
  text = std::regex_replace(text, std::regex(R"(:\s*-?(NaN|nan|Infinity|inf)\b)"), ": null");
  try {
    return json::parse(text);
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

// run name -> the entry to report. Within one file: the median aggregate if present, else
// the run. Across files (separate lh_bench processes): the entry with the median time. V8
// sizes its heap from timings it measures, so one process can settle in a slower mode for
// all its repetitions; separate processes sample that too.
std::map<std::string, json> harness_runs(const std::vector<json>& files) {
  std::map<std::string, std::vector<json>> candidates;
  for (const auto& file : files) {
    std::map<std::string, json> runs;
    for (const auto& b : file.value("benchmarks", json::array())) {
      std::string name = b.value("run_name", b.value("name", ""));
      std::string type = b.value("run_type", "iteration");
      if (type == "aggregate" && b.value("aggregate_name", "") != "median") continue;
      if (type == "iteration" && runs.count(name) &&
          runs[name].value("run_type", "") == "aggregate")
        continue;
      runs[name] = b;
    }
    for (auto& [name, entry] : runs) candidates[name].push_back(std::move(entry));
  }
  std::map<std::string, json> chosen;
  for (auto& [name, entries] : candidates) {
    auto time = [](const json& b) {
      return b.contains("real_time") && b["real_time"].is_number() ? b["real_time"].get<double>()
                                                                   : 0.0;
    };
    std::sort(entries.begin(), entries.end(),
              [&](const json& a, const json& b) { return time(a) < time(b); });
    chosen[name] = entries[(entries.size() - 1) / 2];
  }
  return chosen;
}

std::optional<double> harness_value(const std::map<std::string, json>& runs, const Row& row,
                                    std::string& note) {
  auto it = runs.find(row.benchmark);
  if (it == runs.end()) {
    note = "not run";
    return std::nullopt;
  }
  const json& b = it->second;
  if (b.value("error_occurred", false)) {
    note = "error: " + b.value("error_message", std::string("?"));
    return std::nullopt;
  }
  if (row.counter == "items") {
    double rate = b.contains("items_per_second") && b["items_per_second"].is_number()
                      ? b["items_per_second"].get<double>()
                      : 0.0;
    if (rate <= 0) return std::nullopt;
    return 1e6 / rate;
  }
  if (row.counter == "suite_ms") {
    double t = b.value("real_time", 0.0);
    std::string unit = b.value("time_unit", "ns");
    double scale = unit == "ms" ? 1 : unit == "us" ? 1e-3 : unit == "s" ? 1e3 : 1e-6;
    return t * scale;
  }
  if (!b.contains(row.counter) || !b[row.counter].is_number()) return std::nullopt;
  return b[row.counter].get<double>();
}

std::optional<double> beam_value(const json& beam, const Row& row) {
  if (row.beam_key.empty()) return std::nullopt;
  const json& w = beam.value("workloads", json::object());
  if (!w.contains(row.beam_key) || !w[row.beam_key].contains(row.beam_field) ||
      !w[row.beam_key][row.beam_field].is_number())
    return std::nullopt;
  return w[row.beam_key][row.beam_field].get<double>();
}

std::string number(std::optional<double> v) {
  if (!v) return "—";
  double x = *v;
  if (x >= 1000) return fmt::format("{:.0f}", x);
  if (x >= 100) return fmt::format("{:.1f}", x);
  if (x >= 1) return fmt::format("{:.2f}", x);
  return fmt::format("{:.3f}", x);
}

}  // namespace

int main(int argc, char** argv) {
  std::string beam_path, md_path, json_path, note, profile_path;
  std::vector<std::string> harness_paths;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--beam")
      beam_path = next();
    else if (arg == "--md")
      md_path = next();
    else if (arg == "--json")
      json_path = next();
    else if (arg == "--note")
      note = next();
    else if (arg == "--profile")
      profile_path = next();
    else
      harness_paths.push_back(arg);
  }
  if (harness_paths.empty() || beam_path.empty()) {
    std::fputs(
        "usage: lh_bench_report --beam BEAM.json [--md OUT] [--json OUT] [--note TEXT] "
        "[--profile PROFILE.md] HARNESS.json...\n",
        stderr);
    return 2;
  }
  std::vector<json> files;
  for (const auto& path : harness_paths) {
    auto j = read_json(path);
    if (!j) {
      std::fprintf(stderr, "lh_bench_report: cannot read %s\n", path.c_str());
      return 2;
    }
    files.push_back(*j);
  }
  auto beam = read_json(beam_path);
  if (!beam) {
    std::fprintf(stderr, "lh_bench_report: cannot read %s\n", beam_path.c_str());
    return 2;
  }
  auto runs = harness_runs(files);

  json out;
  out["context"] = files.front().value("context", json::object());
  out["beam"] = {{"otp", beam->value("otp", "")}, {"schedulers", beam->value("schedulers", 0)}};
  out["note"] = note;
  out["rows"] = json::array();
  std::ostringstream table;
  table << "| workload | unit | lunatic-harness | BEAM | ratio harness/BEAM |\n"
        << "|---|---|---:|---:|---:|\n";
  for (const auto& row : kRows) {
    std::string why;
    auto h = harness_value(runs, row, why);
    auto b = beam_value(*beam, row);
    std::optional<double> ratio;
    if (h && b && *b > 0) ratio = *h / *b;
    std::string harness_cell = h ? number(h) : (why.empty() ? "—" : why);
    table << fmt::format("| {} | {} | {} | {} | {} |\n", row.workload, row.unit, harness_cell,
                         number(b), ratio ? fmt::format("{:.1f}×", *ratio) : "—");
    json r = {{"workload", row.workload}, {"unit", row.unit}, {"benchmark", row.benchmark}};
    r["harness"] = h ? json(*h) : json(nullptr);
    r["beam"] = b ? json(*b) : json(nullptr);
    r["ratio_harness_over_beam"] = ratio ? json(*ratio) : json(nullptr);
    if (!why.empty()) r["harness_note"] = why;
    out["rows"].push_back(r);
  }
  std::cout << table.str();

  const json& ctx = out["context"];
  std::ostringstream md;
  md << "# Benchmarks: lunatic-harness beside BEAM\n\n"
     << "Generated by `scripts/bench-compare` — do not edit by hand. Both columns were measured "
        "on the same machine in the same session; compare the **ratios**, not the absolute "
        "figures. A ratio above 1 means the harness is slower (or uses more memory) than BEAM "
        "for that workload.\n\n"
     << "- harness: `lh_bench` (Release), per-operation time = 1 / items_per_second of "
        "World::run() only (V8 start-up, guest preparation, compilation and world set-up are "
        "outside the timed region); the median of separate lh_bench processes, one repetition "
        "each (V8 sizes its heap from timings it measures, so one process can settle in a "
        "slower mode for all it runs).\n"
     << fmt::format(
            "- BEAM: OTP {}, `erl +S {}`, processes spawned with "
            "`{{message_queue_data, off_heap}}`, `bench/beam/lh_beam_bench.erl`; "
            "median of its runs.\n",
            beam->value("otp", "?"), beam->value("schedulers", 0))
     << fmt::format("- machine: {} × {} MHz, load average at start {}; date {}.\n",
                    ctx.value("num_cpus", 0), ctx.value("mhz_per_cpu", 0),
                    ctx.contains("load_avg") ? ctx["load_avg"].dump() : "?",
                    ctx.value("date", "?"));
  if (!note.empty()) md << "- " << note << "\n";
  md << "\n"
     << table.str() << "\n"
     << "Workload definitions: the comments of `bench/process_bench.cc`, `bench/fuel_bench.cc`, "
        "`bench/suite_bench.cc`, `bench/cli_path_bench.cc` and `bench/beam/lh_beam_bench.erl`. "
        "The last three rows have no BEAM equivalent.\n";
  if (!profile_path.empty()) {
    std::ifstream profile(profile_path);
    if (!profile) {
      std::fprintf(stderr, "lh_bench_report: cannot read %s\n", profile_path.c_str());
      return 1;
    }
    md << "\n" << std::string(std::istreambuf_iterator<char>(profile), {});
  }
  if (!md_path.empty()) std::ofstream(md_path) << md.str();
  if (!json_path.empty()) std::ofstream(json_path) << out.dump(2) << "\n";
  return 0;
}
