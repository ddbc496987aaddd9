#include "harness/fuzz/driver.h"

#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string_view>

#include "harness/base/utf8.h"
#include "harness/engine/handles.h"
#include "harness/engine/wasm_ext.h"
#include "harness/host/simulation.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LH_FUZZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define LH_FUZZ_ASAN 1
#endif
#ifdef LH_FUZZ_ASAN
// Declared here rather than included: g++ ships the sanitizer runtime without clang's
// <sanitizer/*.h> headers. Both functions are in libasan's public interface.
extern "C" size_t __sanitizer_get_current_allocated_bytes(void);
extern "C" void __sanitizer_set_death_callback(void (*callback)(void));
#endif

namespace lh::fuzz {

const char* violation_name(Violation kind) {
  switch (kind) {
    case Violation::InvalidProgram: return "invalid_program";
    case Violation::HarnessFault: return "harness_fault";
    case Violation::NoEnd: return "no_end";
    case Violation::Nondeterminism: return "nondeterminism";
    case Violation::NoReason: return "no_reason";
    case Violation::UnexplainedTrap: return "unexplained_trap";
    case Violation::InvalidUtf8: return "invalid_utf8";
    case Violation::PolicyDifference: return "policy_difference";
    case Violation::MemoryPeak: return "memory_peak";
    case Violation::RunnerVerdict: return "runner_verdict";
    case Violation::Planted: return "planted";
  }
  return "?";
}

bool CheckResult::has(Violation kind) const {
  for (const auto& f : findings)
    if (f.kind == kind) return true;
  return false;
}

uint64_t live_heap_bytes() {
#ifdef LH_FUZZ_ASAN
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

uint64_t peak_rss_bytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

uint64_t program_seed(uint64_t campaign_seed, uint64_t index) {
  uint64_t z = campaign_seed * 0x9e3779b97f4a7c15ull + index + 1;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

namespace {

// Every message a dead process may carry: the host traps (traps.def), the engine's traps,
// and the World's own reasons. A trap outside this vocabulary is the harness failing in a
// way that it reports as the guest's fault (review R1: "cannot suspend: ...").
constexpr std::string_view kHostTraps[] = {
#define LH_TRAP(id, message) message,
#include "harness/host/traps.def"
#undef LH_TRAP
};
constexpr std::string_view kEngineTraps[] = {
    "unreachable",
    "memory access out of bounds",
    "Maximum call stack size exceeded",
    "divide by zero",
    "integer overflow",
    "call stack exhausted",
    "killed",          // a Kill signal
    "linked process",  // a linked process died
    "Function '",      // an entry the module does not export
    // Params that do not fit the entry, or an entry with results: wasmtime 4's texts (A2).
    "expected ",
    "argument type mismatch: found ",
    "proc_exit(",  // WASI proc_exit with a non-zero code
    // The one documented limit of suspension (spec/harness.md): unwind data larger than the
    // whole memory, or no memory at all.
    "cannot suspend: the unwind data of the suspended stack does not fit",
    "cannot suspend: the process's memory has no room for its unwind data",
};

// A trap row may hold "{}" where its variable part goes (HostResult::trap_filled): the row
// explains `message` when its fixed pieces appear in it in order.
bool matches_row(std::string_view message, std::string_view row) {
  size_t from = 0;
  while (true) {
    size_t hole = row.find("{}");
    std::string_view piece = row.substr(0, hole);
    size_t at = message.find(piece, from);
    if (at == std::string_view::npos) return false;
    from = at + piece.size();
    if (hole == std::string_view::npos) return true;
    row.remove_prefix(hole + 2);
  }
}

bool explained(std::string_view message) {
  for (auto known : kHostTraps)
    if (matches_row(message, known)) return true;
  for (auto known : kEngineTraps)
    if (message.find(known) != std::string_view::npos) return true;
  return false;
}

// Checks each trace line as it is recorded (the run keeps no events).
class LineCheck final : public sim::TraceSink {
 public:
  explicit LineCheck(const CheckOptions& options) : options_(options) {}
  void on_event(const sim::TraceEvent& event, std::string_view line) override {
    if (!bad_utf8_ && !is_valid_utf8(line)) bad_utf8_ = std::string(line.substr(0, 200));
    // Every field too, as the scenario runner, the reports and the JSON writers receive it
    // (a canonical line may have been repaired when it was dumped; review R3).
    for (const auto& field : event.fields) {
      const auto* text = std::get_if<std::string>(&field.value);
      if (!bad_utf8_ && text && !is_valid_utf8(*text))
        bad_utf8_ = fmt::format("field `{}` of: {}", field.name, line.substr(0, 200));
    }
    if (options_.planted && !planted_) planted_ = options_.planted(event);
  }
  std::optional<std::string> bad_utf8_, planted_;

 private:
  const CheckOptions& options_;
};

struct OneRun {
  RunSummary summary;
  std::vector<Finding> findings;
  std::string outcomes;  // every process's end, for comparing runs
};

OneRun run_once(wasm_store_t* store, const std::shared_ptr<const sim::Module>& module,
                const CheckOptions& options, sim::Policy policy, uint64_t seed,
                const Expectations& expect) {
  OneRun out;
  host::SimulationOptions sim_options;
  sim_options.world.policy = policy;
  sim_options.world.seed = seed;
  sim_options.world.max_steps = options.bounds.max_steps;
  sim_options.world.max_time_ns = options.bounds.max_time_ns;
  sim_options.world.trace.keep_events = false;
  sim_options.cached_preparation = false;
  host::Simulation simulation(store, sim_options);
  LineCheck lines(options);
  simulation.world().trace().add_sink(&lines);
  host::RootSpec root;
  root.module = module;
  root.entry = entry_name(0);
  if (Status started = simulation.spawn_root(std::move(root)); !started.ok()) {
    out.findings.push_back({Violation::InvalidProgram, started.message()});
    return out;
  }
  sim::RunVerdict verdict = simulation.run();
  sim::World& world = simulation.world();
  out.summary = {verdict,       world.trace().hash(), world.trace().size(),
                 world.steps(), world.now_ns(),       world.processes_created()};
  for (const auto& fault : simulation.faults())
    out.findings.push_back({Violation::HarnessFault, fault});
  if ((verdict == sim::RunVerdict::StepLimit && !expect.may_reach_step_limit) ||
      (verdict == sim::RunVerdict::TimeLimit && !expect.may_reach_time_limit))
    out.findings.push_back(
        {Violation::NoEnd,
         fmt::format("the run ended at its {} after {} steps, {} ns virtual, "
                     "but the program cannot loop or wait that long",
                     sim::run_verdict_name(verdict), world.steps(), world.now_ns())});
  for (uint64_t pid = 1; pid <= world.processes_created(); ++pid) {
    const sim::ProcessOutcome* outcome = world.outcome(pid);
    if (!outcome) {
      // A spawn that failed after taking an id has no process (the id is consumed).
      continue;
    }
    out.outcomes += fmt::format("{}:{}:{}:{};", pid,
                                outcome->death ? sim::death_reason_name(*outcome->death) : "alive",
                                outcome->exit_code.value_or(-1), outcome->trap_message);
    if (!outcome->death || *outcome->death == sim::DeathReason::Normal) continue;
    if (outcome->trap_message.empty() && !outcome->exit_code)
      out.findings.push_back(
          {Violation::NoReason, fmt::format("process {} died ({}) without a message", pid,
                                            sim::death_reason_name(*outcome->death))});
    else if (!outcome->trap_message.empty() && !explained(outcome->trap_message))
      out.findings.push_back(
          {Violation::UnexplainedTrap,
           fmt::format("process {} died of \"{}\", which no host trap or engine trap explains", pid,
                       to_valid_utf8(outcome->trap_message.substr(0, 300)))});
  }
  if (lines.bad_utf8_)
    out.findings.push_back({Violation::InvalidUtf8,
                            "a trace line is not valid UTF-8: " + to_valid_utf8(*lines.bad_utf8_)});
  if (lines.planted_) out.findings.push_back({Violation::Planted, *lines.planted_});
  return out;
}

std::string summary_text(const RunSummary& s, const std::string& outcomes) {
  return fmt::format("{} after {} steps at {} ns, {} events, {} processes, trace {:016x}, {}",
                     sim::run_verdict_name(s.verdict), s.steps, s.end_time_ns, s.events,
                     s.processes, s.trace_hash, outcomes.substr(0, 300));
}

}  // namespace

std::string Replay::scenario_json(const std::string& name, const std::string& guest_file,
                                  const std::string& description) const {
  nlohmann::ordered_json j;
  j["name"] = name;
  j["description"] = to_valid_utf8(description);
  j["guest"] = guest_file;
  j["entry"] = entry_name(0);
  j["schedule"] = {{"policy", "random"}, {"seed", seed}};
  j["limits"] = {{"steps", bounds.max_steps},
                 {"virtual_time_ms", std::max<uint64_t>(1, bounds.max_time_ns / 1'000'000)}};
  if (expected_verdict) j["expect"] = {{"verdict", *expected_verdict}};
  return j.dump(2) + "\n";
}

CheckResult check_program(wasm_store_t* store, const Program& program,
                          std::span<const uint64_t> seeds, const CheckOptions& options) {
  CheckResult result;
  result.replay.wasm = encode(program);
  result.replay.seed = seeds.empty() ? 0 : seeds.front();
  result.replay.bounds = options.bounds;
  const Expectations expect = expectations(program);
  uint64_t peak_before = peak_rss_bytes();

  // One preparation for every run of the program (preparation through Binaryen is what a
  // program costs most; the runs themselves take milliseconds).
  std::shared_ptr<const sim::Module> module;
  {
    host::SimulationOptions loading;
    loading.cached_preparation = false;  // the cache would keep every program forever
    host::Simulation loader(store, loading);
    auto loaded = loader.load(result.replay.wasm, "program.wasm");
    if (!loaded.ok()) {
      result.findings.push_back({Violation::InvalidProgram, loaded.message()});
      return result;
    }
    module = *loaded;
  }
  bool compared_policies = false;
  for (uint64_t seed : seeds) {
    std::vector<Finding> findings;
    OneRun first = run_once(store, module, options, sim::Policy::Random, seed, expect);
    findings = first.findings;
    bool invalid = false;
    for (const auto& f : findings) invalid |= f.kind == Violation::InvalidProgram;
    if (!invalid) {
      OneRun second = run_once(store, module, options, sim::Policy::Random, seed, expect);
      if (second.summary.trace_hash != first.summary.trace_hash ||
          second.summary.verdict != first.summary.verdict ||
          second.summary.steps != first.summary.steps || second.outcomes != first.outcomes)
        findings.push_back({Violation::Nondeterminism,
                            fmt::format("two runs with seed {} differ:\n  first:  {}\n  second: {}",
                                        seed, summary_text(first.summary, first.outcomes),
                                        summary_text(second.summary, second.outcomes))});
      // A root that spawned nothing is alone in its world: the policy cannot change what it
      // does, unless its inputs come from the PRNG the random policy draws from.
      if (options.differential && !compared_policies && first.summary.processes == 1 &&
          expect.schedule_free_inputs) {
        compared_policies = true;
        ++result.differential;
        OneRun fifo = run_once(store, module, options, sim::Policy::Fifo, seed, expect);
        if (fifo.summary.trace_hash != first.summary.trace_hash || fifo.outcomes != first.outcomes)
          findings.push_back(
              {Violation::PolicyDifference,
               fmt::format(
                   "a lone process differs between random and fifo (seed {}):\n  random: {}\n"
                   "  fifo:   {}",
                   seed, summary_text(first.summary, first.outcomes),
                   summary_text(fifo.summary, fifo.outcomes))});
      }
    }
    bool noend = false;
    for (const auto& f : findings) noend |= f.kind == Violation::NoEnd;
    std::optional<std::string> verdict;
    // Quiescence and the root's end (which ends the world, A1) are how runs end by themselves.
    const bool ended = first.summary.verdict == sim::RunVerdict::Quiescent ||
                       first.summary.verdict == sim::RunVerdict::RootExited;
    if (!invalid && !ended && !noend) {
      verdict = sim::run_verdict_name(first.summary.verdict);
      ++result.limit_runs;
    }
    if (verdict && options.runner_check) {
      Replay replay = result.replay;
      replay.seed = seed;
      replay.expected_verdict = verdict;
      if (auto why = options.runner_check(replay))
        findings.push_back({Violation::RunnerVerdict, *why});
    }
    if (seed == seeds.front() || !findings.empty()) {
      result.run = first.summary;
      result.replay.seed = seed;
      result.replay.expected_verdict = verdict;
    }
    if (!findings.empty()) {
      result.findings = std::move(findings);
      break;
    }
    if (invalid) break;
  }

  module.reset();

  // Under ASan, memory freed during the program stays resident in the allocator's quarantine
  // (256 MiB by default, ASAN_OPTIONS quarantine_size_mb), on top of what it holds.
#ifdef LH_FUZZ_ASAN
  constexpr uint64_t kQuarantine = uint64_t{256} << 20;
#else
  constexpr uint64_t kQuarantine = 0;
#endif
  const uint64_t bound = options.max_peak_rss_growth + kQuarantine;
  uint64_t peak_after = peak_rss_bytes();
  if (peak_after > peak_before && peak_after - peak_before > bound)
    result.findings.push_back(
        {Violation::MemoryPeak,
         fmt::format("the harness's peak resident size grew by {} MiB during this program "
                     "(bound: {} MiB)",
                     (peak_after - peak_before) >> 20, bound >> 20)});
  return result;
}

CheckResult check_program(wasm_engine_t* engine, const Program& program,
                          std::span<const uint64_t> seeds, const CheckOptions& options) {
  engine::StorePtr store(wasm_store_new(engine));  // its own isolate, disposed at the end
  return check_program(store.get(), program, seeds, options);
}

CheckResult check_program(wasm_engine_t* engine, const Program& program, uint64_t seed,
                          const CheckOptions& options) {
  const uint64_t seeds[] = {seed};
  return check_program(engine, program, seeds, options);
}

// ---- Shrinking ---------------------------------------------------------------------------

namespace {

// Removes entry `index`: spawns of later entries name them by their new index.
Program without_entry(const Program& program, size_t index) {
  Program out = program;
  out.entries.erase(out.entries.begin() + static_cast<std::ptrdiff_t>(index));
  // Names stored for spawns ("eN") of entries after `index` shift down by one.
  for (auto& entry : out.entries) {
    for (auto& op : entry.ops) {
      if (op.kind != Op::Kind::Store || op.bytes.size() < 2 || op.bytes[0] != 'e') continue;
      std::string text(op.bytes.begin() + 1, op.bytes.end());
      if (text.find_first_not_of("0123456789") != std::string::npos) continue;
      size_t n = std::stoul(text);
      if (n > index) {
        std::string renamed = entry_name(n - 1);
        op.bytes.assign(renamed.begin(), renamed.end());
      }
    }
  }
  return out;
}

// Smaller values of one op, most aggressive first.
std::vector<Op> simpler_ops(const Op& op) {
  std::vector<Op> out;
  auto with = [&](auto change) {
    Op o = op;
    change(o);
    out.push_back(std::move(o));
  };
  switch (op.kind) {
    case Op::Kind::Call:
      for (size_t i = 0; i < op.args.size(); ++i) {
        if (op.args[i].is_reg())
          with([&](Op& o) { o.args[i] = Value::of(0); });
        else if (op.args[i].constant != 0) {
          with([&](Op& o) { o.args[i].constant = 0; });
          with([&](Op& o) { o.args[i].constant /= 2; });
        }
      }
      if (op.result >= 0) with([](Op& o) { o.result = -1; });
      break;
    case Op::Kind::Fill:
    case Op::Kind::Compute:
    case Op::Kind::Recurse:
    case Op::Kind::Grow:
      if (op.count > 0) {
        with([](Op& o) { o.count = 0; });
        with([](Op& o) { o.count /= 2; });
        with([](Op& o) { o.count -= 1; });
      }
      if (op.kind == Op::Kind::Recurse && op.pattern) with([](Op& o) { o.pattern = 0; });
      break;
    case Op::Kind::Store:
      if (op.bytes.size() > 1) with([](Op& o) { o.bytes.resize(o.bytes.size() / 2); });
      break;
    default: break;
  }
  return out;
}

}  // namespace

Program shrink(const Program& program, const std::function<bool(const Program&)>& still_fails,
               size_t max_attempts) {
  Program best = program;
  size_t attempts = 0;
  auto attempt = [&](Program candidate) {
    if (attempts >= max_attempts) return false;
    ++attempts;
    if (!still_fails(candidate)) return false;
    best = std::move(candidate);
    return true;
  };
  bool progress = true;
  while (progress && attempts < max_attempts) {
    progress = false;
    // Fewer entries (never the root).
    for (size_t i = best.entries.size(); i-- > 1;) progress |= attempt(without_entry(best, i));
    // Fewer ops: chunks of halving size, from each entry.
    for (size_t e = 0; e < best.entries.size(); ++e) {
      for (size_t chunk = std::max<size_t>(1, best.entries[e].ops.size() / 2); chunk >= 1;
           chunk /= 2) {
        for (size_t at = 0; at < best.entries[e].ops.size();) {
          Program candidate = best;
          auto& ops = candidate.entries[e].ops;
          size_t end = std::min(ops.size(), at + chunk);
          ops.erase(ops.begin() + static_cast<std::ptrdiff_t>(at),
                    ops.begin() + static_cast<std::ptrdiff_t>(end));
          if (attempt(std::move(candidate)))
            progress = true;  // the next ops moved to `at`
          else
            at += chunk;
          if (attempts >= max_attempts) break;
        }
        if (chunk == 1) break;
      }
    }
    // Smaller values.
    for (size_t e = 0; e < best.entries.size(); ++e) {
      for (size_t i = 0; i < best.entries[e].ops.size(); ++i) {
        for (const Op& simpler : simpler_ops(best.entries[e].ops[i])) {
          Program candidate = best;
          candidate.entries[e].ops[i] = simpler;
          if (attempt(std::move(candidate))) {
            progress = true;
            break;
          }
        }
      }
    }
    // A smaller memory, no allocator, no catch export.
    if (best.exports_malloc) {
      Program candidate = best;
      candidate.exports_malloc = false;
      progress |= attempt(std::move(candidate));
    }
    if (best.exports_catch_trap) {
      Program candidate = best;
      candidate.exports_catch_trap = false;
      progress |= attempt(std::move(candidate));
    }
    if (best.memory_max_pages) {
      Program candidate = best;
      candidate.memory_max_pages.reset();
      progress |= attempt(std::move(candidate));
    }
  }
  // Imports no op calls any more stay: removing them renumbers calls and gains little.
  return best;
}

std::filesystem::path save_replay(const std::filesystem::path& dir, const std::string& name,
                                  const Replay& replay, const Program& program,
                                  const std::vector<Finding>& findings) {
  std::filesystem::create_directories(dir);
  std::string summary;
  for (const auto& f : findings)
    summary += fmt::format("{}: {}\n", violation_name(f.kind), f.detail);
  {
    std::ofstream out(dir / (name + ".wasm"), std::ios::binary);
    out.write(reinterpret_cast<const char*>(replay.wasm.data()),
              static_cast<std::streamsize>(replay.wasm.size()));
  }
  auto scenario = dir / (name + ".json");
  {
    std::string first_line = findings.empty() ? "" : summary.substr(0, summary.find('\n'));
    std::ofstream out(scenario);
    out << replay.scenario_json(name, name + ".wasm",
                                "fuzz-guests finding: " + first_line +
                                    " (replay: lunatic-harness run --check-determinism)");
  }
  {
    std::ofstream out(dir / (name + ".txt"));
    out << summary << "\nseed " << replay.seed << ", bounds " << replay.bounds.max_steps
        << " steps, " << replay.bounds.max_time_ns << " ns\n\n"
        << describe(program);
  }
  return scenario;
}

// ---- The campaign ------------------------------------------------------------------------

namespace {

// What a fatal signal or a sanitizer report saves: the program being checked. Rendered
// before each program so that the handler only writes bytes.
struct InFlight {
  std::string wasm_path, json_path;
  binary::Bytes wasm;
  std::string json;
} in_flight;
bool handlers_installed = false;

void write_all(const char* path, const void* data, size_t size) {
  int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) return;
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n <= 0) break;
    p += n;
    size -= static_cast<size_t>(n);
  }
  ::close(fd);
}

void save_in_flight() {
  if (in_flight.wasm_path.empty()) return;
  write_all(in_flight.wasm_path.c_str(), in_flight.wasm.data(), in_flight.wasm.size());
  write_all(in_flight.json_path.c_str(), in_flight.json.data(), in_flight.json.size());
  static const char kNote[] = "fuzz-guests: the program being checked was saved (crash-*.json)\n";
  (void)::write(2, kNote, sizeof kNote - 1);
  in_flight.wasm_path.clear();
}

void on_fatal_signal(int sig) {
  save_in_flight();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_crash_handlers() {
  if (handlers_installed) return;
  handlers_installed = true;
  for (int sig : {SIGSEGV, SIGABRT, SIGBUS, SIGILL, SIGFPE, SIGTRAP})
    std::signal(sig, on_fatal_signal);
#ifdef LH_FUZZ_ASAN
  __sanitizer_set_death_callback(save_in_flight);
#endif
}

}  // namespace

CampaignStats run_campaign(wasm_engine_t* engine, const CampaignOptions& options) {
  CampaignStats stats;
  std::filesystem::create_directories(options.out_dir);
  install_crash_handlers();
  auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const uint64_t per_module = std::max<uint64_t>(1, options.seeds_per_module);
  // One store (one V8 isolate) for the campaign: creating and disposing one per module costs
  // more than the runs. Collected every kCollectEvery modules, when the heap is measured.
  constexpr uint64_t kCollectEvery = 50;
  engine::StorePtr store(wasm_store_new(engine));
  uint64_t modules = 0;
  for (uint64_t first = 0; first < options.programs; first += per_module, ++modules) {
    const uint64_t i = modules;
    // Programs first .. first+n-1 share the module generated from the first one's seed.
    const uint64_t gen_seed = program_seed(options.seed, first);
    std::vector<uint64_t> seeds;
    for (uint64_t k = first; k < std::min(options.programs, first + per_module); ++k)
      seeds.push_back(program_seed(options.seed, k));
    Program program = generate_from_seed(gen_seed, options.generator);
    stats.calls += call_count(program);
    const ReviewShapes shapes = review_shapes(program);
    const bool shape[4] = {shapes.r1, shapes.r2, shapes.r3, shapes.r4};
    std::string shape_names;
    for (int k = 0; k < 4; ++k) {
      if (!shape[k]) continue;
      ++stats.shape_modules[k];
      stats.first_shape_program[k] = std::min(stats.first_shape_program[k], first);
      shape_names += fmt::format("r{}-", k + 1);
    }
    if (!options.corpus_out.empty()) {
      std::filesystem::create_directories(options.corpus_out);
      auto bytes = corpus_entry(gen_seed, seeds.front(), options.generator);
      write_all((options.corpus_out / fmt::format("{}seed-{:016x}", shape_names, gen_seed)).c_str(),
                bytes.data(), bytes.size());
    }
    const std::string name = fmt::format("fuzz-{:016x}", gen_seed);
    // Saved by the crash handlers if the harness dies on this program.
    {
      Replay replay;
      replay.wasm = encode(program);
      replay.seed = seeds.front();
      replay.bounds = options.check.bounds;
      in_flight.json = replay.scenario_json(
          "crash-" + name, "crash-" + name + ".wasm",
          fmt::format("fuzz-guests: the harness crashed on module {} of campaign seed {} (one "
                      "of schedule seeds {}..{} of the campaign's programs {}..)",
                      i, options.seed, seeds.front(), seeds.back(), first));
      in_flight.wasm = std::move(replay.wasm);
      in_flight.wasm_path = (options.out_dir / ("crash-" + name + ".wasm")).string();
      in_flight.json_path = (options.out_dir / ("crash-" + name + ".json")).string();
    }
    CheckResult result = check_program(store.get(), program, seeds, options.check);
    in_flight.wasm_path.clear();
    stats.limit_runs += result.limit_runs;
    stats.differential += result.differential;
    if (!result.ok()) {
      ++stats.violating_programs;
      for (const auto& f : result.findings) ++stats.findings_by_kind[static_cast<int>(f.kind)];
      if (stats.saved.size() < options.max_saved) {
        Program saved = program;
        CheckResult shown = result;
        const uint64_t seed = result.replay.seed;
        if (options.shrink) {
          const Violation kind = result.findings.front().kind;
          saved = shrink(program, [&](const Program& candidate) {
            const uint64_t one[] = {seed};
            CheckResult r = check_program(store.get(), candidate, one, options.check);
            if (!r.has(kind)) return false;
            shown = std::move(r);
            return true;
          });
          if (op_count(saved) == op_count(program) &&
              saved.entries.size() == program.entries.size())
            shown = result;
        }
        auto path = save_replay(options.out_dir, name, shown.replay, saved, shown.findings);
        stats.saved.push_back(path);
        stats.reports.push_back(
            fmt::format("module {} (generator seed {}, schedule seed {}): {}: {} [{} -> {} ops] {}",
                        i, gen_seed, seed, violation_name(result.findings.front().kind),
                        result.findings.front().detail.substr(0, 300), op_count(program),
                        op_count(saved), path.string()));
      }
    }
    // Memory: the live heap once the worlds of the last kCollectEvery modules are gone and
    // the engine has collected them. Caches inside the engine make single modules noisy, so
    // this is a trend: the largest value measured in the second warm-up period is the
    // baseline, and the heap must stay within max_heap_growth of it for the rest.
    if ((i + 1) % kCollectEvery == 0) {
      wasmx_store_collect_garbage(store.get());
      if (i + 1 >= options.warmup_modules) {
        uint64_t heap = live_heap_bytes();
        stats.heap_last = heap;
        if (i + 1 < 2 * options.warmup_modules)
          stats.heap_baseline = std::max(stats.heap_baseline, heap);
        else if (heap > stats.heap_baseline + options.max_heap_growth)
          stats.heap_grew = true;
      }
    }
    const uint64_t before = stats.programs;
    stats.programs += seeds.size();
    stats.modules = modules + 1;
    if (options.progress && options.progress_every &&
        stats.programs / options.progress_every != before / options.progress_every) {
      stats.seconds = elapsed();
      options.progress(stats);
    }
  }
  stats.seconds = elapsed();
  return stats;
}

}  // namespace lh::fuzz
