#include "bench/bench_world.h"

#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <limits>

#include "harness/engine/wasm_ext.h"

namespace lh::bench {

wasm_engine_t* shared_engine() {
  static engine::EnginePtr engine(wasm_engine_new());
  return engine.get();
}

std::vector<uint8_t> read_guest(const std::string& name) {
  std::ifstream in(std::string(LH_GUEST_DIR) + "/" + name + ".wasm", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

Guest::Guest(const std::string& name) : store_(wasm_store_new(shared_engine())) {
  loader_ = std::make_unique<host::ModuleLoader>(store_.get());
  auto bytes = read_guest(name);
  if (bytes.empty()) {
    error_ = "guest " + name + " not found in " + LH_GUEST_DIR;
    return;
  }
  auto loaded = loader_->load(bytes, name + ".wasm");
  if (!loaded.ok())
    error_ = loaded.message();
  else
    module_ = *loaded;
}

void Guest::collect_garbage() { wasmx_store_collect_garbage(store_.get()); }

Session::Session(Guest& guest, const std::string& entry, int64_t arg, bool streaming) {
  sim::WorldOptions options;
  options.max_steps = std::numeric_limits<uint64_t>::max();
  options.max_time_ns = std::numeric_limits<uint64_t>::max() / 2;
  // A workload's root often returns before its last children ran; they still run to their
  // end (the timed operation includes them), so the root's end does not stop the world.
  options.root_exit_ends_world = false;
  if (streaming) {
    options.trace.keep_events = false;
    options.keep_outcome = [](uint64_t id) { return id == 1; };
  }
  simulation_ =
      std::make_unique<host::Simulation>(guest.store(), host::SimulationOptions{.world = options});
  Status started =
      simulation_->spawn_root(host::RootSpec{.module = guest.module(),
                                             .entry = entry,
                                             .params = {sim::EntryParam::i64(arg)},
                                             .config = host::RootSpec::lunatic_run_config(),
                                             .args = {},
                                             .env = {},
                                             .preopens = {"."}});
  if (!started.ok()) error_ = started.message();
}

double Session::run() {
  auto start = std::chrono::steady_clock::now();
  verdict_ = simulation_->run();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string Session::check() const {
  if (error_) return "root did not start: " + *error_;
  if (verdict_ != sim::RunVerdict::Quiescent)
    return std::string("run ended by ") + sim::run_verdict_name(verdict_);
  if (!simulation_->faults().empty()) return "harness fault: " + simulation_->faults().front();
  return {};
}

std::string Session::check_end(uint64_t id, std::optional<sim::DeathReason> reason) const {
  const sim::ProcessOutcome* p = simulation_->world().outcome(id);
  if (!p) return "process " + std::to_string(id) + " does not exist";
  if (p->death == reason) return {};
  auto name = [](std::optional<sim::DeathReason> r) {
    return r ? std::string(sim::death_reason_name(*r)) : std::string("alive");
  };
  return "process " + std::to_string(id) + " ended " + name(p->death) + ", expected " +
         name(reason) + (p->trap_message.empty() ? "" : " (" + p->trap_message + ")");
}

MemoryUse memory_use(wasm_store_t* store) {
  std::ifstream in("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  in >> size >> resident;
  auto page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  struct mallinfo2 heap = mallinfo2();
  return {resident * page, size * page, wasmx_store_heap_used(store), heap.uordblks + heap.hblkhd};
}

}  // namespace lh::bench
