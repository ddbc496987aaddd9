// A simulated lunatic process: identity, config, resource tables, signal queue, mailbox,
// links, lifecycle, and the wasm side (Guest). Owned by the World while it lives (its
// ProcessOutcome may outlive it); host functions reach it only through World::current().
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/sim/entry_param.h"
#include "harness/sim/guest.h"
#include "harness/sim/mailbox.h"
#include "harness/sim/message.h"
#include "harness/sim/module.h"
#include "harness/sim/signal.h"
#include "harness/sim/timer_table.h"
#include "harness/sim/wasi_state.h"

namespace lh::sim {

// Limits and permissions of a process (lunatic's ProcessConfig). Defaults are those of a
// config made by create_config; the root process of `lunatic run` has every permission.
struct ProcessConfig {
  uint64_t max_memory = 0xffffffffull;  // bytes
  uint64_t max_fuel = 0;                // units of 100,000 instructions; 0 = no limit
  bool can_compile_modules = false;
  bool can_create_configs = false;
  bool can_spawn_processes = false;
  // WASI inputs of a process spawned with this config (lunatic's command_line_arguments,
  // environment_variables and preopened_dirs): a created config has none, not even argv[0].
  std::vector<std::string> wasi_args;
  std::vector<std::string> wasi_env;  // "KEY=VALUE"
  std::vector<std::string> preopens;  // opened at spawn, from fd 3, in this order
};

// A resource table with ids counting from 0, never reused (lunatic's HashMapId).
template <typename T>
class ResourceTable {
 public:
  uint64_t add(T value) {
    entries_.emplace(next_, std::move(value));
    return next_++;
  }
  [[nodiscard]] T* get(uint64_t id) {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
  }
  [[nodiscard]] const T* get(uint64_t id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : &it->second;
  }
  bool remove(uint64_t id) { return entries_.erase(id) > 0; }
  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  std::map<uint64_t, T> entries_;
  uint64_t next_ = 0;
};

// What a suspended process waits for.
struct Wait {
  enum class Kind {
    None,          // runnable
    Yield,         // fuel yield, sleep_ms(0), the linked-spawn yield: runnable again at once
    Sleep,         // until wake_at_ns
    Receive,       // receive: a message in the mailbox's found slot (or wake_at_ns)
    ReceiveNew,    // send_receive_skip_search: the same, having skipped the queue
    RegistryLock,  // the registry's write lock, held by a get_or_put_later (sim/registry.h)
  } kind = Kind::None;
  Wait() = default;
  explicit Wait(Kind k) : kind(k) {}
  uint64_t wake_at_ns = 0;
  bool has_timeout = false;
  // A WASI call that blocks the worker thread in the reference, not the lunatic process
  // (poll_oneoff, finding A4): no signal is handled while the process waits; they wait for
  // its next suspension point after the call returns.
  bool defer_signals = false;
};

[[nodiscard]] const char* wait_kind_name(Wait::Kind kind);

enum class ProcessState { Runnable, Waiting, Dead };

// What a process has shown the world: its output so far and, once it died, how. This is all
// that is kept of a dead process, and only when the run asks for it
// (WorldOptions::keep_outcome), so memory does not grow with the number of dead processes.
struct ProcessOutcome {
  std::optional<DeathReason> death;  // nullopt while it lives
  std::string trap_message;          // when it died of a trap or was killed
  std::optional<int32_t> exit_code;  // set by WASI proc_exit
  std::string stdout_text;           // the guest's bytes, as written (capped)
  std::string stderr_text;
};

struct Process {
  uint64_t id = 0;
  uint64_t environment_id = 0;
  ProcessConfig config;
  std::shared_ptr<const Module> module;
  std::string entry;
  std::string entry_export;  // the export called: entry, or its v128 trampoline
  std::vector<EntryParam> params;
  std::vector<wasm_val_t> entry_values;  // params as the engine takes them (set at start)
  WasiContext wasi;                      // descriptors, clock origin (argv, environ: config)

  ProcessState state = ProcessState::Runnable;
  bool entry_checked = false;    // the entry was looked up and its params checked (at first run)
  bool started = false;          // the entry function has been called
  bool call_initialize = false;  // call an exported `_initialize` first (only when asked, A6)
  // A linked spawn's child: registered (it can receive signals) but not run until its parent
  // has yielded once and sent it the Link signal (lunatic's spawn_wasm, A17).
  bool held = false;
  ProcessOutcome outcome;

  // lunatic state
  std::deque<Signal> signals;
  Mailbox mailbox;
  std::optional<Message> scratch;     // the message scratch area
  std::map<uint64_t, int64_t> links;  // other process id -> tag sent when we die
  std::set<uint64_t> monitors;        // processes told (ProcessDied) when we die, by id
  bool die_when_link_dies = true;
  ResourceTable<ProcessConfig> configs;
  ResourceTable<std::shared_ptr<const Module>> modules;
  ResourceTable<std::string> errors;
  TimerTable message_timers;  // lunatic::timer::send_after ids
  // scheduling
  Wait wait;
  int64_t resume_value = 0;  // what a blocking host call returns when it resumes
  std::optional<std::pair<uint64_t, uint64_t>> timer;  // (time, seq) of the armed timer
  bool initialized = false;       // false while instantiation (the start function) runs
  bool in_entry = false;          // the entry function is on the stack (suspension allowed)
  uintptr_t entry_stack_top = 0;  // native stack address where the entry call began
  // Slices of fuel granted so far. A store starts with none: the first slice is granted at
  // the first fuel check, through a yield when the entry runs (A18), without one in a start
  // function.
  uint64_t slices_granted = 0;
  uint64_t start_slices = 0;  // slices granted while its start function ran
  // lunatic::trap::catch (host/trap_api.cc): catch frames in the suspended stack, which the
  // rewind passes through (each calls its export again, still rewinding), and whether the
  // trap now leaving the guest must end the process even through a catch (a harness fault,
  // or a suspension the harness could not make).
  uint32_t catches_suspended = 0;
  bool trap_uncatchable = false;

  Guest guest;
};

}  // namespace lh::sim
