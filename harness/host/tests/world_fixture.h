// Shared GoogleTest fixture for the host-function tests: a store, module loader, linker and
// simulated World wired as the scenario runner does (without using the scenario layer),
// guests from inline WAT or the build's guests/, and helpers to inspect the run's processes,
// trace and canonical hash. One SimRun is one independent world; WorldTest owns one.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/engine/wasm.h"
#include "harness/host/simulation.h"
#include "harness/host/traps.h"
#include "harness/sim/world.h"
#include "harness/testing/wat.h"

namespace lh::host::testing {

// Unit tests of host functions watch what other processes do after the root returns, so
// their worlds run until quiescent; tests of the root's end (finding A1) set
// root_exit_ends_world back to true, the runtime's behaviour and the scenarios' default.
struct WorldSpec : sim::WorldOptions {
  WorldSpec() { root_exit_ends_world = false; }
};

// The root process for a test: what host::RootSpec takes besides the module.
struct RootSpec {
  std::string entry = "_start";
  std::vector<sim::EntryParam> params;
  sim::ProcessConfig config = host::RootSpec::lunatic_run_config();
  std::vector<std::string> args;  // WASI argv after argv[0] (the module name)
  std::vector<std::string> env;   // "KEY=VALUE"
  std::vector<std::string> preopens = {"."};
};

enum class End { Normal, Failure, Waiting, Missing };
inline const char* end_name(End end) {
  switch (end) {
    case End::Normal: return "normal";
    case End::Failure: return "failure";
    case End::Waiting: return "waiting";
    case End::Missing: return "missing";
  }
  return "?";
}
inline std::ostream& operator<<(std::ostream& out, End end) { return out << end_name(end); }

inline sim::EntryParam i32(int32_t v) { return sim::EntryParam::i32(v); }
inline sim::EntryParam i64(int64_t v) { return sim::EntryParam::i64(v); }

// A trace field as text: integers in decimal, strings as they are ("" when absent).
inline std::string field(const sim::TraceEvent& event, std::string_view name) {
  const sim::FieldValue* value = event.field(name);
  if (!value) return {};
  return std::visit(
      [](const auto& v) -> std::string {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
          return v;
        else
          return std::to_string(v);
      },
      *value);
}

// EXPECT_TRUE(contains(text, part)): explains both strings on failure.
inline ::testing::AssertionResult contains(const std::string& text, std::string_view part) {
  if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "\"" << text << "\" does not contain \"" << part << "\"";
}

// The trap text of `id` from the one trap table.
inline std::string trap_of(TrapId id) { return std::string(trap_text(id)); }

// One engine for the whole test binary (V8 is initialised once per process anyway).
inline wasm_engine_t* shared_engine() {
  static engine::EnginePtr engine(wasm_engine_new());
  return engine.get();
}

// One simulated world (a host::Simulation). Construct, load, spawn_root, run, inspect.
class SimRun {
 public:
  explicit SimRun(const WorldSpec& spec = {},
                  UnknownImports unknown_imports = UnknownImports::Error)
      : simulation_(
            shared_engine(),
            {.world = spec, .cached_preparation = true, .unknown_imports = unknown_imports}) {}
  SimRun(const SimRun&) = delete;
  SimRun& operator=(const SimRun&) = delete;

  // A module from raw bytes; nullptr (and a test failure) when the loader rejects it.
  std::shared_ptr<const sim::Module> load_bytes(std::span<const uint8_t> bytes, std::string name) {
    auto loaded = simulation_.load(bytes, std::move(name));
    if (!loaded.ok()) {
      ADD_FAILURE() << "guest does not load: " << loaded.message();
      return nullptr;
    }
    return *loaded;
  }
  std::shared_ptr<const sim::Module> load_wat(std::string_view wat, std::string name = "test") {
    auto bytes = lh::testing::wat_to_wasm(wat);
    return load_bytes(bytes, std::move(name));
  }
  // guests/NAME.wasm of the build tree.
  std::shared_ptr<const sim::Module> load_guest(std::string_view name) {
    auto bytes = lh::testing::read_guest(name);
    return load_bytes(bytes, std::string(name) + ".wasm");
  }

  // Spawns the root process (process 1 in a fresh world) as the scenario runner does.
  Status spawn_root(std::shared_ptr<const sim::Module> module, RootSpec root = {}) {
    return simulation_.spawn_root(host::RootSpec{.module = std::move(module),
                                                 .entry = std::move(root.entry),
                                                 .params = std::move(root.params),
                                                 .config = root.config,
                                                 .args = std::move(root.args),
                                                 .env = std::move(root.env),
                                                 .preopens = std::move(root.preopens)});
  }

  // Runs until quiescent or a bound; fails the test on any harness fault.
  sim::RunVerdict run() {
    auto verdict = simulation_.run();
    for (const auto& fault : simulation_.faults()) ADD_FAILURE() << "harness fault: " << fault;
    return verdict;
  }

  // Load `wat`, spawn it as the root and run; the verdict (fails the test if the root
  // cannot start).
  sim::RunVerdict run_wat(std::string_view wat, RootSpec root = {}) {
    return run_root(load_wat(wat), std::move(root));
  }
  sim::RunVerdict run_guest(std::string_view name, RootSpec root = {}) {
    return run_root(load_guest(name), std::move(root));
  }

  sim::World& world() { return simulation_.world(); }
  const std::vector<std::string>& faults() const { return simulation_.faults(); }

  // What process `id` showed (its output, and how it ended), or nullptr.
  const sim::ProcessOutcome* process(uint64_t id) const { return simulation_.world().outcome(id); }
  End end(uint64_t id) const {
    const sim::ProcessOutcome* p = process(id);
    if (!p) return End::Missing;
    if (!p->death) return End::Waiting;
    return *p->death == sim::DeathReason::Normal ? End::Normal : End::Failure;
  }
  std::string trap(uint64_t id) const {
    const sim::ProcessOutcome* p = process(id);
    return p ? p->trap_message : "<no process " + std::to_string(id) + ">";
  }
  std::string out(uint64_t id) const {
    const sim::ProcessOutcome* p = process(id);
    return p ? p->stdout_text : "<no process " + std::to_string(id) + ">";
  }
  std::string err(uint64_t id) const {
    const sim::ProcessOutcome* p = process(id);
    return p ? p->stderr_text : "<no process " + std::to_string(id) + ">";
  }

  // Events named `name` (all when empty), optionally only those of process `pid`.
  std::vector<const sim::TraceEvent*> events(std::string_view name = {},
                                             std::optional<uint64_t> pid = std::nullopt) const {
    std::vector<const sim::TraceEvent*> found;
    for (const auto& event : simulation_.world().trace().events()) {
      if (!name.empty() && sim::event_name(event.kind) != name) continue;
      if (pid && event.pid != *pid) continue;
      found.push_back(&event);
    }
    return found;
  }
  // The first event named `name` of `pid` (any process when nullopt), or nullptr.
  const sim::TraceEvent* first(std::string_view name,
                               std::optional<uint64_t> pid = std::nullopt) const {
    auto all = events(name, pid);
    return all.empty() ? nullptr : all.front();
  }

  // Processes created (ids taken), the root included.
  uint64_t spawned() const { return simulation_.world().processes_created(); }
  uint64_t trace_hash() const { return simulation_.world().trace().hash(); }
  std::string trace_text() const { return simulation_.world().trace().canonical(); }

 private:
  // Spawns `module` (null: loading failed, already reported) as the root and runs.
  sim::RunVerdict run_root(std::shared_ptr<const sim::Module> module, RootSpec root) {
    if (!module) return sim::RunVerdict::Quiescent;
    if (Status started = spawn_root(std::move(module), std::move(root)); !started.ok()) {
      ADD_FAILURE() << "root did not start: " << started.message();
      return sim::RunVerdict::Quiescent;
    }
    return run();
  }

  host::Simulation simulation_;
};

// The fixture: one SimRun per test (`sim`), created with `spec` on first use.
class WorldTest : public ::testing::Test {
 protected:
  // Recreates the world with `spec` (call before loading or spawning).
  SimRun& configure(const WorldSpec& spec) {
    run_ = std::make_unique<SimRun>(spec);
    return *run_;
  }
  SimRun& sim() {
    if (!run_) run_ = std::make_unique<SimRun>();
    return *run_;
  }

  // Shorthands over sim().
  sim::RunVerdict run_wat(std::string_view wat, RootSpec root = {}) {
    return sim().run_wat(wat, std::move(root));
  }
  End end(uint64_t id) { return sim().end(id); }
  std::string trap(uint64_t id) { return sim().trap(id); }
  std::string out(uint64_t id) { return sim().out(id); }

  // On a failed test, the canonical trace helps: print it.
  void TearDown() override {
    if (HasFailure() && run_) {
      std::string text = run_->trace_text();
      if (text.size() > 20000) text = text.substr(0, 20000) + "...\n";
      std::cerr << "--- trace ---\n" << text;
    }
  }

 private:
  std::unique_ptr<SimRun> run_;
};

// Escapes `bytes` as a WAT string literal body ("\00\61\73\6d...").
inline std::string wat_string(std::span<const uint8_t> bytes) {
  static const char* hex = "0123456789abcdef";
  std::string text;
  for (uint8_t b : bytes) {
    text += '\\';
    text += hex[b >> 4];
    text += hex[b & 15];
  }
  return text;
}

// A guest module: every lunatic and WASI import under a `$name`, memory "memory" of two
// pages (no maximum) and helpers, then `body`. Memory map: [0, 64) helper scratch
// (iovec at 0, nwritten at 8, digits up to 48, spawn's id at 56), [64, 512) free for tests,
// [4096, 8192) error text. Helpers:
//   $puts(ptr, len)        bytes to stdout
//   $print(i64) $print32(i32)   signed decimal and "\n" to stdout
//   $spawn_fn(link, name_ptr, name_len, params_ptr, params_len) -> i64
//                          spawn with config and module -1: the child id, or -1 when spawn
//                          returned 1 (the error id is then at address 56)
//   $print_error(i64 id)   the text of error `id` and "\n" to stdout
//   $send_tag(to, tag)     sends an empty data message with `tag`
// `memory` replaces the memory declaration (e.g. "(memory (export \"memory\") 1 3)", or
// "" for none).
inline std::string guest(std::string_view body,
                         std::string_view memory = "(memory (export \"memory\") 2)") {
  std::string wat = R"((module
  (import "lunatic::process" "compile_module" (func $compile_module (param i32 i32 i32) (result i32)))
  (import "lunatic::process" "drop_module" (func $drop_module (param i64)))
  (import "lunatic::process" "create_config" (func $create_config (result i64)))
  (import "lunatic::process" "drop_config" (func $drop_config (param i64)))
  (import "lunatic::process" "config_set_max_memory" (func $config_set_max_memory (param i64 i64)))
  (import "lunatic::process" "config_get_max_memory" (func $config_get_max_memory (param i64) (result i64)))
  (import "lunatic::process" "config_set_max_fuel" (func $config_set_max_fuel (param i64 i64)))
  (import "lunatic::process" "config_get_max_fuel" (func $config_get_max_fuel (param i64) (result i64)))
  (import "lunatic::process" "config_can_compile_modules" (func $config_can_compile_modules (param i64) (result i32)))
  (import "lunatic::process" "config_set_can_compile_modules" (func $config_set_can_compile_modules (param i64 i32)))
  (import "lunatic::process" "config_can_create_configs" (func $config_can_create_configs (param i64) (result i32)))
  (import "lunatic::process" "config_set_can_create_configs" (func $config_set_can_create_configs (param i64 i32)))
  (import "lunatic::process" "config_can_spawn_processes" (func $config_can_spawn_processes (param i64) (result i32)))
  (import "lunatic::process" "config_set_can_spawn_processes" (func $config_set_can_spawn_processes (param i64 i32)))
  (import "lunatic::process" "spawn" (func $spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "sleep_ms" (func $sleep_ms (param i64)))
  (import "lunatic::process" "die_when_link_dies" (func $die_when_link_dies (param i32)))
  (import "lunatic::process" "process_id" (func $process_id (result i64)))
  (import "lunatic::process" "environment_id" (func $environment_id (result i64)))
  (import "lunatic::process" "link" (func $link (param i64 i64)))
  (import "lunatic::process" "unlink" (func $unlink (param i64)))
  (import "lunatic::process" "kill" (func $kill (param i64)))
  (import "lunatic::process" "exists" (func $exists (param i64) (result i32)))
  (import "lunatic::error" "string_size" (func $error_string_size (param i64) (result i32)))
  (import "lunatic::error" "to_string" (func $error_to_string (param i64 i32)))
  (import "lunatic::error" "drop" (func $error_drop (param i64)))
  (import "lunatic::message" "create_data" (func $create_data (param i64 i64)))
  (import "lunatic::message" "write_data" (func $write_data (param i32 i32) (result i32)))
  (import "lunatic::message" "read_data" (func $read_data (param i32 i32) (result i32)))
  (import "lunatic::message" "seek_data" (func $seek_data (param i64)))
  (import "lunatic::message" "get_tag" (func $get_tag (result i64)))
  (import "lunatic::message" "data_size" (func $data_size (result i64)))
  (import "lunatic::message" "push_module" (func $push_module (param i64) (result i64)))
  (import "lunatic::message" "take_module" (func $take_module (param i64) (result i64)))
  (import "lunatic::message" "send" (func $send (param i64) (result i32)))
  (import "lunatic::message" "receive" (func $receive (param i32 i32 i64) (result i32)))
  (import "lunatic::message" "send_receive_skip_search" (func $send_receive_skip_search (param i64 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sched_yield" (func $sched_yield (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_advise" (func $fd_advise (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $fd_allocate (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_datasync" (func $fd_datasync (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_get" (func $fd_fdstat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $fd_fdstat_set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_rights" (func $fd_fdstat_set_rights (param i32 i64 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_get" (func $fd_filestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pread" (func $fd_pread (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_pwrite" (func $fd_pwrite (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_renumber" (func $fd_renumber (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_sync" (func $fd_sync (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_tell" (func $fd_tell (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times" (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_accept" (func $sock_accept (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_recv" (func $sock_recv (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_send" (func $sock_send (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "sock_shutdown" (func $sock_shutdown (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_res_get" (func $clock_res_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (param i32) (result i32)))
  (import "lunatic::wasi" "config_add_environment_variable" (func $config_add_environment_variable (param i64 i32 i32 i32 i32)))
  (import "lunatic::wasi" "config_add_command_line_argument" (func $config_add_command_line_argument (param i64 i32 i32)))
  (import "lunatic::wasi" "config_preopen_dir" (func $config_preopen_dir (param i64 i32 i32)))
  (import "lunatic::process" "get_or_spawn" (func $get_or_spawn (param i32 i32 i64 i64 i64 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::process" "monitor" (func $monitor (param i64)))
  (import "lunatic::process" "stop_monitoring" (func $stop_monitoring (param i64)))
  (import "lunatic::message" "get_process_id" (func $get_process_id (result i64)))
  (import "lunatic::message" "push_tcp_stream" (func $push_tcp_stream (param i64) (result i64)))
  (import "lunatic::message" "take_tcp_stream" (func $take_tcp_stream (param i64) (result i64)))
  (import "lunatic::message" "push_tls_stream" (func $push_tls_stream (param i64) (result i64)))
  (import "lunatic::message" "take_tls_stream" (func $take_tls_stream (param i64) (result i64)))
  (import "lunatic::message" "push_udp_socket" (func $push_udp_socket (param i64) (result i64)))
  (import "lunatic::message" "take_udp_socket" (func $take_udp_socket (param i64) (result i64)))
  (import "lunatic::registry" "put" (func $registry_put (param i32 i32 i64 i64)))
  (import "lunatic::registry" "get" (func $registry_get (param i32 i32 i32 i32) (result i32)))
  (import "lunatic::registry" "get_or_put_later" (func $registry_get_or_put_later (param i32 i32 i32 i32) (result i32)))
  (import "lunatic::registry" "remove" (func $registry_remove (param i32 i32)))
  (import "lunatic::timer" "send_after" (func $send_after (param i64 i64) (result i64)))
  (import "lunatic::timer" "cancel_timer" (func $cancel_timer (param i64) (result i32)))
  (import "lunatic::distributed" "nodes_count" (func $nodes_count (result i32)))
  (import "lunatic::distributed" "get_nodes" (func $get_nodes (param i32 i32) (result i32)))
  (import "lunatic::distributed" "node_id" (func $node_id (result i64)))
  (import "lunatic::distributed" "module_id" (func $module_id (result i64)))
  (import "lunatic::distributed" "spawn" (func $distributed_spawn (param i64 i64 i64 i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::distributed" "send" (func $distributed_send (param i64 i64) (result i32)))
  (import "lunatic::distributed" "send_receive_skip_search" (func $distributed_send_receive_skip_search (param i64 i64 i64 i64) (result i32)))
  (import "lunatic::distributed" "exec_lookup_nodes" (func $exec_lookup_nodes (param i32 i32 i32 i32 i32) (result i32)))
  (import "lunatic::distributed" "copy_lookup_nodes_results" (func $copy_lookup_nodes_results (param i64 i32 i32 i32) (result i32)))
  (import "lunatic::version" "major" (func $version_major (result i32)))
  (import "lunatic::version" "minor" (func $version_minor (result i32)))
  (import "lunatic::version" "patch" (func $version_patch (result i32)))
  (import "lunatic::metrics" "counter" (func $metrics_counter (param i32 i32 i64)))
  (import "lunatic::metrics" "increment_counter" (func $metrics_increment_counter (param i32 i32)))
  (import "lunatic::metrics" "gauge" (func $metrics_gauge (param i32 i32 f64)))
  (import "lunatic::metrics" "increment_gauge" (func $metrics_increment_gauge (param i32 i32 f64)))
  (import "lunatic::metrics" "decrement_gauge" (func $metrics_decrement_gauge (param i32 i32 f64)))
  (import "lunatic::metrics" "histogram" (func $metrics_histogram (param i32 i32 f64)))
  (import "lunatic::trap" "catch" (func $catch (param i32 i32) (result i32)))
)";
  wat += memory;
  wat += R"(
  (func $puts (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func $print (param $n i64) (local $pos i32) (local $neg i32) (local $u i64)
    (i32.store8 (i32.const 47) (i32.const 10))
    (local.set $pos (i32.const 47))
    (local.set $neg (i64.lt_s (local.get $n) (i64.const 0)))
    (local.set $u (select (i64.sub (i64.const 0) (local.get $n)) (local.get $n) (local.get $neg)))
    (loop $digits
      (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
      (i64.store8 (local.get $pos) (i64.add (i64.const 48) (i64.rem_u (local.get $u) (i64.const 10))))
      (local.set $u (i64.div_u (local.get $u) (i64.const 10)))
      (br_if $digits (i64.ne (local.get $u) (i64.const 0))))
    (if (local.get $neg)
      (then (local.set $pos (i32.sub (local.get $pos) (i32.const 1)))
            (i32.store8 (local.get $pos) (i32.const 45))))
    (call $puts (local.get $pos) (i32.sub (i32.const 48) (local.get $pos))))
  (func $print32 (param i32) (call $print (i64.extend_i32_s (local.get 0))))
  (func $spawn_fn (param $link i64) (param $name i32) (param $len i32) (param $pp i32) (param $pl i32)
                  (result i64)
    (if (result i64)
        (i32.eqz (call $spawn (local.get $link) (i64.const -1) (i64.const -1) (local.get $name)
                              (local.get $len) (local.get $pp) (local.get $pl) (i32.const 56)))
      (then (i64.load (i32.const 56)))
      (else (i64.const -1))))
  (func $print_error (param $id i64) (local $n i32)
    (local.set $n (call $error_string_size (local.get $id)))
    (call $error_to_string (local.get $id) (i32.const 4096))
    (i32.store8 (i32.add (i32.const 4096) (local.get $n)) (i32.const 10))
    (call $puts (i32.const 4096) (i32.add (local.get $n) (i32.const 1))))
  (func $send_tag (param $to i64) (param $tag i64)
    (call $create_data (local.get $tag) (i64.const 0))
    (drop (call $send (local.get $to))))
)";
  wat += body;
  wat += "\n)";
  return wat;
}

// A 17-byte spawn parameter chunk as a WAT string literal body.
inline std::string param_chunk(uint8_t type, unsigned __int128 value) {
  std::vector<uint8_t> chunk{type};
  for (int i = 0; i < 16; ++i) chunk.push_back(static_cast<uint8_t>(value >> (8 * i)));
  return wat_string(chunk);
}

}  // namespace lh::host::testing
