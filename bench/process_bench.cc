// Process benchmarks on the simulated world: spawn, spawn_link, link/unlink, death
// propagation, message round trips, suspend/resume and the footprint of live processes.
// Each iteration builds a fresh World (untimed) whose root runs one loop of the guest
// b_procs or b_spawn; the time is that of World::run() only (manual time), so V8 start-up,
// guest preparation and compilation, and world construction are all outside it.
// items_per_second is the rate of the operation named in each benchmark's comment.
#include <benchmark/benchmark.h>

#include <map>

#include "bench/bench_world.h"

namespace lh::bench {
namespace {

using sim::DeathReason;

// Stores with their guest, created once per guest name for the whole binary. Never
// destroyed: deleting an isolate during static destruction crashes inside V8.
Guest& guest(const std::string& name) {
  static auto* guests = new std::map<std::string, std::unique_ptr<Guest>>;
  auto& slot = (*guests)[name];
  if (!slot) slot = std::make_unique<Guest>(name);
  return *slot;
}

// The checks every run must pass: (process id, expected end); nullopt end = still alive.
using Ends = std::vector<std::pair<uint64_t, std::optional<DeathReason>>>;

// Runs `entry(n)` as a fresh world's root each iteration; `ops` operations per run.
void run_root(benchmark::State& state, const char* guest_name, const char* entry, int64_t ops,
              const Ends& ends) {
  const int64_t n = state.range(0);
  Guest& g = guest(guest_name);
  if (!g.ok()) return state.SkipWithError(g.error().c_str());
  g.collect_garbage();
  for (auto _ : state) {
    Session session(g, entry, n);
    state.SetIterationTime(session.run());
    std::string problem = session.check();
    for (const auto& [id, end] : ends)
      if (problem.empty()) problem = session.check_end(id, end);
    if (!problem.empty()) return state.SkipWithError(problem.c_str());
  }
  state.SetItemsProcessed(state.iterations() * ops);
}

// spawn + run + exit of a trivial process: the root spawns n unlinked children, each
// returns at once (1-page memory). One item = one child spawned, run and dead.
void BM_SpawnExit(benchmark::State& state) {
  int64_t n = state.range(0);
  run_root(state, "b_spawn", "spawn_loop", n,
           {{1, DeathReason::Normal},
            {2, DeathReason::Normal},
            {static_cast<uint64_t>(n) + 1, DeathReason::Normal}});
}

// spawn with link, child exits normally: the root's linked spawn yields once (Link signal
// handled), the child runs and returns; a Normal death notifies nobody, so the root gets
// no message. One item = one linked spawn + the child's run and death.
void BM_SpawnLinkNormalExit(benchmark::State& state) {
  int64_t n = state.range(0);
  run_root(state, "b_procs", "spawn_link_loop", n,
           {{1, DeathReason::Normal},
            {2, DeathReason::Normal},
            {static_cast<uint64_t>(n) + 1, DeathReason::Normal}});
}

// spawn with link, child fails, parent notified: die_when_link_dies(0); the child traps,
// the root receives the LinkDied message. One item = linked spawn + child trap + the
// LinkDied signal + the root's blocking receive of it.
void BM_SpawnLinkFailureNotified(benchmark::State& state) {
  int64_t n = state.range(0);
  run_root(state, "b_procs", "spawn_link_fail", n,
           {{1, DeathReason::Normal},
            {2, DeathReason::Failure},
            {static_cast<uint64_t>(n) + 1, DeathReason::Failure}});
}

// link + unlink between two live processes: the root calls link(0, other) then
// unlink(other); both sides handle the four signals within the run. One item = one pair.
void BM_LinkUnlink(benchmark::State& state) {
  run_root(state, "b_procs", "link_unlink", state.range(0),
           {{1, DeathReason::Normal}, {2, std::nullopt}});
}

// message round trip: the root sends an empty message to an echo process and receives
// its reply (two sends, two blocking receives). One item = one round trip.
void BM_PingPong(benchmark::State& state) {
  run_root(state, "b_procs", "ping_pong", state.range(0),
           {{1, DeathReason::Normal}, {2, std::nullopt}});
}

// suspend + resume: the root calls sleep_ms(0) (asyncify unwind, scheduler, rewind).
// One item = one sleep_ms(0).
void BM_SuspendResume(benchmark::State& state) {
  run_root(state, "b_procs", "yield_loop", state.range(0), {{1, DeathReason::Normal}});
}

// death propagation: a chain of n+1 linked processes waiting in receive is built
// (untimed); the tail is killed and the Failure propagates link by link to the root.
// One item = one hop (a LinkDied signal handled, its process dying).
void BM_DeathPropagation(benchmark::State& state) {
  const int64_t n = state.range(0);
  Guest& g = guest("b_procs");
  if (!g.ok()) return state.SkipWithError(g.error().c_str());
  g.collect_garbage();
  for (auto _ : state) {
    Session session(g, "chain", n);
    session.run();
    std::string problem = session.check();
    uint64_t tail = static_cast<uint64_t>(n) + 1;
    if (problem.empty()) problem = session.check_end(tail, std::nullopt);
    if (!problem.empty()) return state.SkipWithError(("building the chain: " + problem).c_str());
    sim::Signal kill(sim::Signal::Kind::Kill);
    session.world().send_signal(tail, std::move(kill));
    state.SetIterationTime(session.run());
    problem = session.check();
    if (problem.empty()) problem = session.check_end(1, DeathReason::Failure);
    if (!problem.empty()) return state.SkipWithError(problem.c_str());
  }
  state.SetItemsProcessed(state.iterations() * n);
}

// Live sleeping processes: the root spawns k children that wait forever in receive; the
// growth of this OS process's resident and virtual size over the run, after a V8
// collection, divided by k. Time: spawning the k children and running each to its wait.
// `keep_trace`: the world keeps its trace events (about 0.8 KB a process here).
void live_sleepers(benchmark::State& state, bool keep_trace) {
  const int64_t k = state.range(0);
  Guest& g = guest("b_procs");
  if (!g.ok()) return state.SkipWithError(g.error().c_str());
  double resident = 0, virtual_size = 0, engine_heap = 0, host_heap = 0;
  for (auto _ : state) {
    g.collect_garbage();
    Session session(g, "sleepers", k, /*streaming=*/!keep_trace);
    MemoryUse before = memory_use(g.store());
    state.SetIterationTime(session.run());
    g.collect_garbage();
    MemoryUse after = memory_use(g.store());
    engine_heap = static_cast<double>(after.engine_heap) - static_cast<double>(before.engine_heap);
    host_heap = static_cast<double>(after.host_heap) - static_cast<double>(before.host_heap);
    std::string problem = session.check();
    if (problem.empty()) problem = session.check_end(1, DeathReason::Normal);
    if (problem.empty()) problem = session.check_end(2, std::nullopt);
    if (problem.empty()) problem = session.check_end(static_cast<uint64_t>(k) + 1, std::nullopt);
    if (!problem.empty()) return state.SkipWithError(problem.c_str());
    resident = static_cast<double>(after.resident) - static_cast<double>(before.resident);
    virtual_size =
        static_cast<double>(after.virtual_size) - static_cast<double>(before.virtual_size);
  }
  state.SetItemsProcessed(state.iterations() * k);
  state.counters["live_processes"] = static_cast<double>(k);
  state.counters["rss_bytes_per_process"] = resident / static_cast<double>(k);
  state.counters["vsz_bytes_per_process"] = virtual_size / static_cast<double>(k);
  state.counters["rss_total_bytes"] = resident;
  // Where the resident bytes go: V8's heap (instances and their wrappers) and malloc (the
  // world's processes, V8's backing-store records); the rest is mostly wasm memory pages.
  state.counters["v8_heap_bytes_per_process"] = engine_heap / static_cast<double>(k);
  state.counters["malloc_bytes_per_process"] = host_heap / static_cast<double>(k);
}

void BM_LiveSleepers(benchmark::State& state) { live_sleepers(state, /*keep_trace=*/true); }
// As a run without outputs keeps them: the million-process row.
void BM_LiveSleepersWithoutTrace(benchmark::State& state) {
  live_sleepers(state, /*keep_trace=*/false);
}

// Dead processes keep no memory (issue #10): one world whose root spawns n children that
// return at once, run as a scenario without outputs runs (no trace kept, only the root's
// outcome). The resident size of this OS process at the end of the run must not grow with
// n: the 1,000,000 row stays within 1.5x of the 100,000 row.
void BM_ResidentAfterSequentialSpawns(benchmark::State& state) {
  const int64_t n = state.range(0);
  Guest& g = guest("b_spawn");
  if (!g.ok()) return state.SkipWithError(g.error().c_str());
  double resident = 0;
  for (auto _ : state) {
    g.collect_garbage();
    Session session(g, "spawn_loop", n, /*streaming=*/true);
    state.SetIterationTime(session.run());
    g.collect_garbage();
    resident = static_cast<double>(memory_use(g.store()).resident);
    std::string problem = session.check();
    if (problem.empty()) problem = session.check_end(1, DeathReason::Normal);
    if (!problem.empty()) return state.SkipWithError(problem.c_str());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.counters["rss_bytes"] = resident;
}

BENCHMARK(BM_SpawnExit)->Arg(1000)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpawnLinkNormalExit)->Arg(1000)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SpawnLinkFailureNotified)->Arg(1000)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LinkUnlink)->Arg(10000)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DeathPropagation)->Arg(1000)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PingPong)->Arg(10000)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SuspendResume)->Arg(10000)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LiveSleepers)
    ->Arg(10000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
// The large runs; select them with --benchmark_filter='/100000' (bench-compare's large part).
BENCHMARK(BM_ResidentAfterSequentialSpawns)
    ->Arg(100000)
    ->Arg(1000000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LiveSleepers)
    ->Arg(100000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
// About 18 GB resident and 10 minutes: bench-compare's large part runs it.
BENCHMARK(BM_LiveSleepersWithoutTrace)
    ->Arg(1000000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace lh::bench
