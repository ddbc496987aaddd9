#include "harness/sim/world.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <variant>

#include "harness/instrument/names.h"

namespace lh::sim {

const char* run_verdict_name(RunVerdict verdict) {
  switch (verdict) {
    case RunVerdict::RootExited: return "root_exited";
    case RunVerdict::Quiescent: return "quiescent";
    case RunVerdict::StepLimit: return "step_limit";
    case RunVerdict::TimeLimit: return "time_limit";
  }
  return "unknown";
}

namespace {
constexpr RunVerdict kAllVerdicts[] = {RunVerdict::RootExited, RunVerdict::Quiescent,
                                       RunVerdict::StepLimit, RunVerdict::TimeLimit};
}  // namespace

std::optional<RunVerdict> run_verdict_from_name(std::string_view name) {
  for (RunVerdict verdict : kAllVerdicts)
    if (name == run_verdict_name(verdict)) return verdict;
  return std::nullopt;
}

std::string run_verdict_names() {
  std::string text;
  for (size_t i = 0; i < std::size(kAllVerdicts); ++i) {
    if (i > 0) text += i + 1 == std::size(kAllVerdicts) ? " or " : ", ";
    text += run_verdict_name(kAllVerdicts[i]);
  }
  return text;
}

namespace {

// Sets World::current() for the duration of an activity and restores it after.
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

uint64_t fuel_consumed(const Process& process) {
  auto left = process.guest.fuel();
  if (!left) return 0;
  int64_t granted = static_cast<int64_t>(process.slices_granted) * kFuelSlice;
  return static_cast<uint64_t>(std::max<int64_t>(0, granted - *left));
}

// Calls `func` with `params`; the trap message, if it trapped.
std::optional<std::string> call_guest(wasm_func_t* func, std::vector<wasm_val_t>& params) {
  std::vector<wasm_val_t> results(wasm_func_result_arity(func));
  wasm_val_vec_t args{params.size(), params.data()};
  wasm_val_vec_t out{results.size(), results.data()};
  engine::TrapPtr trap(wasm_func_call(func, &args, &out));
  if (trap) return engine::trap_message(trap.get());
  return std::nullopt;
}

// The engine's values for `params` if they fit the entry's type, else why not. The checks
// and their texts are wasmtime 4's (Func::call_async, as lunatic calls an entry with no
// result slots): the argument count, then the result count, then each argument's type (A2).
std::variant<std::vector<wasm_val_t>, std::string> entry_values(
    const binary::FuncType& type, const std::vector<EntryParam>& params) {
  if (type.params.size() != params.size())
    return fmt::format("expected {} arguments, got {}", type.params.size(), params.size());
  if (!type.results.empty()) return fmt::format("expected {} results, got 0", type.results.size());
  for (size_t i = 0; i < params.size(); ++i) {
    if (params[i].type != type.params[i])
      return fmt::format("argument type mismatch: found {} but expected {}",
                         binary::valtype_name(params[i].type),
                         binary::valtype_name(type.params[i]));
  }
  // A v128 goes as its two i64 halves to the entry's trampoline (instrument/v128_trampoline.h).
  std::vector<wasm_val_t> values;
  for (const auto& param : params) {
    if (param.type != binary::ValType::V128) {
      values.push_back(to_wasm_val(param));
      continue;
    }
    values.push_back(to_wasm_val(EntryParam::i64(static_cast<int64_t>(param.low))));
    values.push_back(to_wasm_val(EntryParam::i64(static_cast<int64_t>(param.high))));
  }
  return values;
}

}  // namespace

uint64_t deadline_after_ms(uint64_t now_ns, uint64_t ms) {
  constexpr uint64_t kLatest = std::numeric_limits<uint64_t>::max();
  return ms > (kLatest - now_ns) / 1'000'000 ? kLatest : now_ns + ms * 1'000'000;
}

World::World(wasm_store_t* store, ImportResolver& resolver, WorldOptions options)
    : store_(store),
      memory_pool_(store),
      resolver_(resolver),
      options_(std::move(options)),
      scheduler_(options_.policy, options_.seed, options_.pct),
      trace_(options_.trace),
      wasi_(options_.seed),
      fault_plan_(options_.faults, options_.seed) {
  if (options_.replay) {
    scheduler_.replay(options_.replay->picks);
    fault_plan_.replay(options_.replay->faults);
  }
}

bool World::inject_fault(FaultKind kind, uint64_t pid) {
  if (!fault_plan_.roll(kind)) return false;
  record(EventKind::Fault, pid, {{"kind", std::string(fault_name(kind))}});
  return true;
}

uint64_t World::now_ns() const {
  if (!current_ || !current_->in_entry) return now_ns_;
  uint64_t used = fuel_consumed(*current_);
  return now_ns_ +
         (used > slice_start_fuel_ ? used - slice_start_fuel_ : 0) * kNanosecondsPerFuelUnit;
}

Process* World::find_alive(uint64_t id) {
  auto it = processes_.find(id);
  if (it == processes_.end() || it->second->state == ProcessState::Dead) return nullptr;
  return it->second.get();
}

const Process* World::find_alive(uint64_t id) const {
  return const_cast<World*>(this)->find_alive(id);
}

const ProcessOutcome* World::outcome(uint64_t id) const {
  if (auto it = processes_.find(id); it != processes_.end()) return &it->second->outcome;
  auto kept = outcomes_.find(id);
  return kept == outcomes_.end() ? nullptr : &kept->second;
}

void World::reap() {
  for (uint64_t id : dead_) {
    auto it = processes_.find(id);
    if (it == processes_.end()) continue;
    if (!options_.keep_outcome || options_.keep_outcome(id))
      outcomes_.emplace(id, std::move(it->second->outcome));
    processes_.erase(it);
    scheduler_.forget(id);
  }
  dead_.clear();
}

bool World::can_spawn_next_process() const {
  return !options_.max_processes || alive_ < *options_.max_processes;
}

World::SpawnOutcome World::spawn(SpawnRequest request, uint64_t parent) {
  auto owned = std::make_unique<Process>();
  Process& process = *owned;
  process.id = request.id ? *request.id : allocate_process_id();
  process.environment_id = options_.environment_id;
  process.config = request.config;
  process.module = std::move(request.module);
  process.entry = std::move(request.entry);
  process.params = std::move(request.params);
  process.wasi = std::move(request.wasi);
  process.call_initialize = request.call_initialize;
  process.held = request.link_tag.has_value();
  if (parent == 0 && !root_id_) root_id_ = process.id;

  // The process is registered while its start function runs, so that what it sends itself
  // from there (a link to a missing process, die_when_link_dies) is queued, as in lunatic
  // (A13); nothing else runs meanwhile. A failed instantiation unregisters it.
  const uint64_t id = process.id;
  processes_.emplace(id, std::move(owned));
  // lunatic's limiter, in wasmtime's order: resource counts, memories, then tables (A15, A12).
  const instrument::TableRefusals& refused = process.module->table_refusals;
  Status status = parent != 0 && inject_fault(FaultKind::SpawnFailure, parent)
                      ? Status::error("injected fault: instantiation failed")
                  : refused.count ? Status::error(*refused.count)
                                  : Status();
  std::optional<wasm_limits_t> limits;
  if (status.ok()) {
    auto computed = Guest::memory_limits(*process.module, process.config.max_memory);
    if (computed.ok())
      limits = *computed;
    else
      status = computed.status();
  }
  if (status.ok() && refused.size) status = Status::error(*refused.size);
  std::optional<Status> adopted;
  if (status.ok()) {
    if (auto parked = instance_pool_.take(process.module.get(), limits)) {
      CurrentProcessScope scope(current_, &process);
      adopted = process.guest.adopt(store_, memory_pool_, std::move(parked));
    }
    if (adopted) {
      status = *adopted;
      ++instances_reused_;
    } else {
      status = process.guest.create_memory(memory_pool_, *process.module, limits);
      std::vector<wasm_extern_t*> imports;
      if (status.ok()) status = resolver_.resolve(process.module->compiled.get(), process, imports);
      if (status.ok()) {
        CurrentProcessScope scope(current_, &process);
        status = process.guest.instantiate(store_, process.module, imports);
      }
    }
  }
  if (!status.ok()) {
    processes_.erase(id);
    if (root_id_ == id) root_id_.reset();
    record(EventKind::SpawnFailed, parent, {{"id", id}, {"error", status.message()}});
    return {id, status};
  }
  process.initialized = true;
  std::vector<Field> fields{{"id", id}, {"module", process.module->name}, {"entry", process.entry}};
  if (!process.params.empty()) fields.push_back({"params", describe_params(process.params)});
  if (request.link_tag) fields.push_back({"link", *request.link_tag});
  if (process.module->reset_excluded)
    fields.push_back({"not_reused", *process.module->reset_excluded});
  record(EventKind::Spawn, parent, std::move(fields));
  ++alive_;
  if (!process.held) scheduler_.enqueue(id);
  return {id, Status()};
}

void World::release_linked_child(uint64_t child, uint64_t parent, int64_t tag) {
  Process* process = find_alive(child);
  if (!process || !process->held) return;
  Signal link{Signal::Kind::Link};
  link.process_id = parent;
  link.tag = tag;
  link.from = parent;
  process->signals.push_back(std::move(link));
  process->held = false;
  scheduler_.enqueue(child);
}

void World::at(uint64_t time_ns, std::function<void(World&)> action) {
  injections_.emplace(time_ns, std::move(action));
}

void World::run_due_injections() {
  while (!injections_.empty() && injections_.begin()->first <= now_ns_) {
    auto action = std::move(injections_.begin()->second);
    injections_.erase(injections_.begin());
    action(*this);
  }
}

RunVerdict World::run() {
  for (;;) {
    reap();
    if (stopped_) return RunVerdict::RootExited;
    run_due_injections();
    scheduler_.fire_due(now_ns_, [this](uint64_t sequence) { fire_message_timer(sequence); });
    if (scheduler_.idle()) {
      std::optional<uint64_t> next = scheduler_.earliest_timer();
      if (!injections_.empty() && (!next || injections_.begin()->first < *next))
        next = injections_.begin()->first;
      if (!next) return RunVerdict::Quiescent;
      if (*next > options_.max_time_ns) return RunVerdict::TimeLimit;
      now_ns_ = std::max(now_ns_, *next);
      continue;
    }
    if (steps_ >= options_.max_steps) return RunVerdict::StepLimit;
    if (now_ns_ > options_.max_time_ns) return RunVerdict::TimeLimit;
    std::optional<uint64_t> pid = scheduler_.next();
    Process* process = pid ? find_alive(*pid) : nullptr;
    if (!process || process->held) continue;
    // An injected kill reaches the process at the suspension point it resumes from.
    if (process->id != root_id_ && inject_fault(FaultKind::Kill, process->id))
      process->signals.push_front(Signal{Signal::Kind::Kill});
    ++steps_;
    step(*process);
  }
}

void World::step(Process& process) {
  CurrentProcessScope scope(current_, &process);
  // A process blocked in a WASI call handles no signal until the call returns (A4).
  bool signals_deferred = process.state == ProcessState::Waiting && process.wait.defer_signals;
  while (!signals_deferred && !process.signals.empty()) {
    Signal signal = std::move(process.signals.front());
    process.signals.pop_front();
    handle_signal(process, std::move(signal));
    if (process.state == ProcessState::Dead) return;
  }
  if (process.state == ProcessState::Waiting) {
    if (!wait_satisfied(process)) return;
    cancel_timer(process);
    process.state = ProcessState::Runnable;
  }
  run_guest(process);
}

bool World::wait_satisfied(const Process& process) const {
  const Wait& wait = process.wait;
  bool timed_out = wait.has_timeout && now_ns_ >= wait.wake_at_ns;
  switch (wait.kind) {
    case Wait::Kind::None:
    case Wait::Kind::Yield: return true;
    case Wait::Kind::Sleep: return now_ns_ >= wait.wake_at_ns;
    case Wait::Kind::Receive:
    case Wait::Kind::ReceiveNew: return timed_out || process.mailbox.has_found();
    case Wait::Kind::RegistryLock: return !registry_.locked();
  }
  return true;
}

void World::suspend_current(Wait wait) {
  if (!current_) return;
  current_->wait = std::move(wait);
}

void World::arm_timer(Process& process, uint64_t time_ns) {
  cancel_timer(process);
  if (fault_plan_.roll(FaultKind::TimerDelay)) {
    uint64_t delay = fault_plan_.delay_ns(FaultKind::TimerDelay);
    record(EventKind::Fault, process.id,
           {{"kind", std::string(fault_name(FaultKind::TimerDelay))}, {"ms", delay / 1'000'000}});
    constexpr uint64_t kLatest = std::numeric_limits<uint64_t>::max();
    time_ns = time_ns > kLatest - delay ? kLatest : time_ns + delay;
  }
  process.timer = std::make_pair(time_ns, scheduler_.arm(time_ns, process.id));
}

void World::cancel_timer(Process& process) {
  if (!process.timer) return;
  scheduler_.cancel(process.timer->first, process.timer->second);
  process.timer.reset();
}

void World::run_guest(Process& process) {
  Guest& guest = process.guest;
  wasm_func_t* entry = nullptr;
  if (!process.entry_checked) {
    process.entry_checked = true;
    record(EventKind::Start, process.id, {{"entry", process.entry}});
    // lunatic never calls _initialize (A6); a scenario may ask for it for its root.
    if (wasm_func_t* init = guest.export_func("_initialize");
        init && process.call_initialize && process.entry != "_initialize") {
      std::vector<wasm_val_t> none;
      if (auto trap = call_guest(init, none)) {
        record(EventKind::Trap, process.id, {{"message", *trap}});
        return die(process, DeathReason::Failure, *trap);
      }
    }
    const binary::FuncType* type = process.module->export_type(process.entry);
    process.entry_export = process.entry;
    if (type && std::any_of(process.params.begin(), process.params.end(),
                            [](const EntryParam& p) { return p.type == binary::ValType::V128; }))
      process.entry_export = instrument::v128_trampoline_name(process.entry);
    entry = guest.export_func(process.entry_export);
    std::string error = "Function '" + process.entry + "' not found";
    if (entry && type) {
      auto values = entry_values(*type, process.params);
      if (auto* ok = std::get_if<std::vector<wasm_val_t>>(&values))
        process.entry_values = std::move(*ok);
      else
        error = std::get<std::string>(values), entry = nullptr;
    }
    if (!entry || !type) {
      record(EventKind::Trap, process.id, {{"message", error}});
      return die(process, DeathReason::Failure, error);
    }
  }
  if (!process.started) {
    // A store starts with no fuel: the first fuel check grants the first slice through a yield
    // (A18). Nothing can run before that check, so the yield is taken here, before the call.
    if (process.slices_granted == 0 && guest.fuel()) {
      ++process.slices_granted;
      guest.set_fuel(*guest.fuel() + kFuelSlice);
      record(EventKind::FuelYield, process.id, {{"slices", process.slices_granted}});
      scheduler_.enqueue(process.id);
      return;
    }
    process.started = true;
    entry = guest.export_func(process.entry_export);
  } else {
    entry = guest.export_func(process.entry_export);
    record(EventKind::Wake, process.id);
    guest.start_rewind();
  }

  slice_start_fuel_ = fuel_consumed(process);
  process.in_entry = true;
  process.entry_stack_top = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  std::optional<std::string> trap = call_guest(entry, process.entry_values);
  process.in_entry = false;
  // Consumed fuel never goes backwards while the entry runs; guard the subtraction anyway
  // (review R8): a wrap would move virtual time to the end of the universe.
  uint64_t consumed = fuel_consumed(process);
  advance_by_fuel(consumed > slice_start_fuel_ ? consumed - slice_start_fuel_ : 0);

  if (guest.unwinding() && trap) trap = guest.unwind_failure(*trap);
  if (guest.unwinding()) {
    if (Status kept = guest.stop_unwind(); !kept.ok()) {
      record(EventKind::Trap, process.id, {{"message", kept.message()}});
      return die(process, DeathReason::Failure, kept.message());
    }
    const Wait& wait = process.wait;
    record(EventKind::Suspend, process.id, {{"wait", std::string(wait_kind_name(wait.kind))}});
    if (wait.kind == Wait::Kind::Yield) {
      scheduler_.enqueue(process.id);
    } else {
      process.state = ProcessState::Waiting;
      if (wait.kind == Wait::Kind::Sleep || wait.has_timeout) arm_timer(process, wait.wake_at_ns);
    }
    if (!process.signals.empty()) scheduler_.enqueue(process.id);
    return;
  }
  if (std::optional<int32_t> code = process.outcome.exit_code) {
    record(EventKind::Exit, process.id, {{"code", int64_t{*code}}});
    return die(process, *code == 0 ? DeathReason::Normal : DeathReason::Failure,
               *code == 0 ? std::string() : "proc_exit(" + std::to_string(*code) + ")");
  }
  if (trap) {
    record(EventKind::Trap, process.id, {{"message", *trap}});
    return die(process, DeathReason::Failure, *trap);
  }
  die(process, DeathReason::Normal);
}

}  // namespace lh::sim
