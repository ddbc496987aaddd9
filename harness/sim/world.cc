#include "harness/sim/world.h"

#include <algorithm>

namespace lh::sim {

const char* death_reason_name(DeathReason reason) {
  switch (reason) {
    case DeathReason::Normal: return "normal";
    case DeathReason::Failure: return "failure";
    case DeathReason::NoProcess: return "no_process";
  }
  return "unknown";
}

const char* run_verdict_name(RunVerdict verdict) {
  switch (verdict) {
    case RunVerdict::Quiescent: return "quiescent";
    case RunVerdict::StepLimit: return "step_limit";
    case RunVerdict::TimeLimit: return "time_limit";
  }
  return "unknown";
}

namespace {

// Restores World::current() when a nested activity (instantiation) ends.
class CurrentProcessScope {
 public:
  CurrentProcessScope(Process*& slot, Process* process) : slot_(slot), saved_(slot) {
    slot_ = process;
  }
  ~CurrentProcessScope() { slot_ = saved_; }

 private:
  Process*& slot_;
  Process* saved_;
};

// Index of export `name` of `kind` in `module`, if any.
std::optional<size_t> find_export(const wasm_module_t* module, std::string_view name,
                                  wasm_externkind_t kind) {
  wasm_exporttype_vec_t exports;
  wasm_module_exports(module, &exports);
  std::optional<size_t> found;
  for (size_t i = 0; i < exports.size && !found; ++i) {
    const wasm_name_t* n = wasm_exporttype_name(exports.data[i]);
    if (std::string_view(n->data, n->size) == name &&
        wasm_externtype_kind(wasm_exporttype_type(exports.data[i])) == kind)
      found = i;
  }
  wasm_exporttype_vec_delete(&exports);
  return found;
}

}  // namespace

World::World(wasm_store_t* store, ImportResolver& resolver, WorldOptions options)
    : store_(store), resolver_(resolver), options_(options), prng_(options.seed) {}

Process* World::find(uint64_t id) {
  auto it = processes_.find(id);
  return it == processes_.end() ? nullptr : it->second.get();
}

World::SpawnOutcome World::spawn(SpawnRequest request, uint64_t parent_id) {
  auto owned = std::make_unique<Process>();
  Process& process = *owned;
  process.id = next_process_id_++;
  process.environment_id = options_.environment_id;
  process.config = request.config;
  process.module = std::move(request.module);
  process.entry = std::move(request.entry);
  process.params = std::move(request.params);

  std::vector<wasm_extern_t*> imports;
  std::optional<std::string> error =
      resolver_.resolve(process.module->compiled.get(), process, imports);
  if (!error) {
    CurrentProcessScope scope(current_, &process);
    wasm_extern_vec_t import_vec{imports.size(), imports.data()};
    wasm_trap_t* trap = nullptr;
    process.instance.reset(
        wasm_instance_new(store_, process.module->compiled.get(), &import_vec, &trap));
    if (trap) {
      error = engine::trap_message(trap);
      wasm_trap_delete(trap);
    } else if (!process.instance) {
      error = "instantiation failed";
    }
  }
  if (error) {
    record(EventKind::SpawnFailed, parent_id, {{"id", process.id}, {"error", *error}});
    return {process.id, error};
  }
  process.initialized = true;
  wasm_instance_exports(process.instance.get(), process.exports.out());
  if (auto index = find_export(process.module->compiled.get(), "memory", WASM_EXTERN_MEMORY))
    process.memory = wasm_extern_as_memory(process.exports[*index]);
  record(EventKind::Spawn, parent_id,
         {{"id", process.id}, {"module", process.module->name}, {"entry", process.entry}});
  uint64_t id = process.id;
  processes_.emplace(id, std::move(owned));
  run_queue_.push_back(id);
  return {id, std::nullopt};
}

Process* World::pick_next() {
  while (!run_queue_.empty()) {
    size_t index = 0;
    if (options_.policy == Policy::Random) index = prng_.below(run_queue_.size());
    uint64_t id = run_queue_[index];
    run_queue_.erase(run_queue_.begin() + static_cast<std::ptrdiff_t>(index));
    Process* process = find(id);
    if (process && process->state == ProcessState::Runnable) return process;
  }
  return nullptr;
}

RunVerdict World::run() {
  while (Process* process = pick_next()) {
    if (steps_ >= options_.max_steps) return RunVerdict::StepLimit;
    if (now_ns_ > options_.max_time_ns) return RunVerdict::TimeLimit;
    ++steps_;
    CurrentProcessScope scope(current_, process);
    run_process(*process);
  }
  return RunVerdict::Quiescent;
}

void World::run_process(Process& process) {
  auto call_export = [&](size_t index) -> std::optional<std::string> {
    wasm_func_t* func = wasm_extern_as_func(process.exports[index]);
    size_t arity = wasm_func_param_arity(func);
    if (arity != process.params.size()) {
      return "Function '" + process.entry + "' expects " + std::to_string(arity) +
             " params, " + std::to_string(process.params.size()) + " given";
    }
    std::vector<wasm_val_t> results(wasm_func_result_arity(func));
    wasm_val_vec_t args{process.params.size(), process.params.data()};
    wasm_val_vec_t out{results.size(), results.data()};
    engine::TrapPtr trap(wasm_func_call(func, &args, &out));
    if (trap) return engine::trap_message(trap.get());
    return std::nullopt;
  };

  const wasm_module_t* module = process.module->compiled.get();
  record(EventKind::Start, process.id, {{"entry", process.entry}});
  std::optional<std::string> trap;
  auto entry = find_export(module, process.entry, WASM_EXTERN_FUNC);
  if (!entry) {
    trap = "Function '" + process.entry + "' not found";
  } else {
    if (auto init = find_export(module, "_initialize", WASM_EXTERN_FUNC); init && process.entry != "_initialize") {
      auto saved = std::move(process.params);
      process.params.clear();
      trap = call_export(*init);
      process.params = std::move(saved);
    }
    if (!trap) trap = call_export(*entry);
  }

  if (process.exit_code) {
    record(EventKind::Exit, process.id, {{"code", int64_t{*process.exit_code}}});
    die(process, *process.exit_code == 0 ? DeathReason::Normal : DeathReason::Failure);
  } else if (trap) {
    process.trap_message = *trap;
    record(EventKind::Trap, process.id, {{"message", *trap}});
    die(process, DeathReason::Failure);
  } else {
    die(process, DeathReason::Normal);
  }
}

void World::die(Process& process, DeathReason reason) {
  process.state = ProcessState::Dead;
  process.death = reason;
  record(EventKind::Death, process.id, {{"reason", std::string(death_reason_name(reason))}});
  process.memory = nullptr;
  process.exports.out();  // releases the export handles
  process.instance.reset();
}

}  // namespace lh::sim
