// A simulated lunatic process: identity, config, lifecycle state and its wasm instance.
// Owned by the World; host functions reach it only through World::current().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/engine/handles.h"
#include "harness/engine/wasm.h"

namespace lh::sim {

enum class DeathReason { Normal, Failure, NoProcess };
[[nodiscard]] const char* death_reason_name(DeathReason reason);

// Limits and permissions of a process (lunatic's ProcessConfig). Defaults are those of a
// config made by create_config; the root process of `lunatic run` has every permission.
struct ProcessConfig {
  uint64_t max_memory = 0xffffffffull;  // bytes
  uint64_t max_fuel = 0;                // units of 100,000 instructions; 0 = no limit
  bool can_compile_modules = false;
  bool can_create_configs = false;
  bool can_spawn_processes = false;
};

// A compiled module shared by every process spawned from it.
struct Module {
  engine::ModulePtr compiled;
  std::string name;  // for messages: file name or "compiled by process N"
};

enum class ProcessState { Runnable, Dead };

struct Process {
  uint64_t id = 0;
  uint64_t environment_id = 0;
  ProcessConfig config;
  std::shared_ptr<const Module> module;
  std::string entry;
  std::vector<wasm_val_t> params;

  ProcessState state = ProcessState::Runnable;
  std::optional<DeathReason> death;
  std::string trap_message;          // when it died of a trap
  std::optional<int32_t> exit_code;  // set by WASI proc_exit
  std::string stdout_text;
  std::string stderr_text;

  engine::InstancePtr instance;
  engine::ExternVec exports;
  wasm_memory_t* memory = nullptr;  // the export "memory", if any (owned by exports)
  bool initialized = false;          // false while the start function runs
};

}  // namespace lh::sim
