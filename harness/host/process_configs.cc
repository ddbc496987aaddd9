// lunatic::process configuration functions: create, drop, limits and permissions.
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// create_config() -> id, or -1 without can_create_configs. All permissions off,
// max_memory u32::MAX, no fuel limit (the code's default; the seed's comment differs).
HostResult create_config(HostCall& call) {
  if (!call.process.config.can_create_configs) {
    call.return_i64(-1);
    return HostResult::ok();
  }
  call.return_i64(static_cast<int64_t>(call.process.configs.add(sim::ProcessConfig{})));
  return HostResult::ok();
}

HostResult drop_config(HostCall& call) {
  if (!call.process.configs.remove(call.u64(0))) return HostResult::trap(TrapId::DropConfigMissing);
  return HostResult::ok();
}

// One getter/setter pair per config field, each trapping with its own message.
template <TrapId Missing, typename Fn>
HostResult with_config(HostCall& call, Fn&& fn) {
  sim::ProcessConfig* config = call.process.configs.get(call.u64(0));
  if (!config) return HostResult::trap(Missing);
  fn(*config);
  return HostResult::ok();
}

HostResult set_max_memory(HostCall& call) {
  return with_config<TrapId::ConfigSetMaxMemoryMissing>(
      call, [&](sim::ProcessConfig& c) { c.max_memory = call.u64(1); });
}
HostResult get_max_memory(HostCall& call) {
  return with_config<TrapId::ConfigGetMaxMemoryMissing>(
      call, [&](sim::ProcessConfig& c) { call.return_i64(static_cast<int64_t>(c.max_memory)); });
}
HostResult set_max_fuel(HostCall& call) {
  return with_config<TrapId::ConfigSetMaxFuelMissing>(
      call, [&](sim::ProcessConfig& c) { c.max_fuel = call.u64(1); });
}
HostResult get_max_fuel(HostCall& call) {
  return with_config<TrapId::ConfigGetMaxFuelMissing>(
      call, [&](sim::ProcessConfig& c) { call.return_i64(static_cast<int64_t>(c.max_fuel)); });
}
HostResult can_compile(HostCall& call) {
  return with_config<TrapId::ConfigCanCompileMissing>(
      call, [&](sim::ProcessConfig& c) { call.return_i32(c.can_compile_modules); });
}
HostResult set_can_compile(HostCall& call) {
  return with_config<TrapId::ConfigSetCanCompileMissing>(
      call, [&](sim::ProcessConfig& c) { c.can_compile_modules = call.i32(1) != 0; });
}
HostResult can_create(HostCall& call) {
  return with_config<TrapId::ConfigCanCreateMissing>(
      call, [&](sim::ProcessConfig& c) { call.return_i32(c.can_create_configs); });
}
HostResult set_can_create(HostCall& call) {
  return with_config<TrapId::ConfigSetCanCreateMissing>(
      call, [&](sim::ProcessConfig& c) { c.can_create_configs = call.i32(1) != 0; });
}
HostResult can_spawn(HostCall& call) {
  return with_config<TrapId::ConfigCanSpawnMissing>(
      call, [&](sim::ProcessConfig& c) { call.return_i32(c.can_spawn_processes); });
}
HostResult set_can_spawn(HostCall& call) {
  return with_config<TrapId::ConfigSetCanSpawnMissing>(
      call, [&](sim::ProcessConfig& c) { c.can_spawn_processes = call.i32(1) != 0; });
}

}  // namespace

void add_process_config_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::process";
  out.push_back({ns, "create_config", {}, {WASM_I64}, create_config});
  out.push_back({ns, "drop_config", {WASM_I64}, {}, drop_config});
  out.push_back({ns, "config_set_max_memory", {WASM_I64, WASM_I64}, {}, set_max_memory});
  out.push_back({ns, "config_get_max_memory", {WASM_I64}, {WASM_I64}, get_max_memory});
  out.push_back({ns, "config_set_max_fuel", {WASM_I64, WASM_I64}, {}, set_max_fuel});
  out.push_back({ns, "config_get_max_fuel", {WASM_I64}, {WASM_I64}, get_max_fuel});
  out.push_back({ns, "config_can_compile_modules", {WASM_I64}, {WASM_I32}, can_compile});
  out.push_back({ns, "config_set_can_compile_modules", {WASM_I64, WASM_I32}, {}, set_can_compile});
  out.push_back({ns, "config_can_create_configs", {WASM_I64}, {WASM_I32}, can_create});
  out.push_back({ns, "config_set_can_create_configs", {WASM_I64, WASM_I32}, {}, set_can_create});
  out.push_back({ns, "config_can_spawn_processes", {WASM_I64}, {WASM_I32}, can_spawn});
  out.push_back({ns, "config_set_can_spawn_processes", {WASM_I64, WASM_I32}, {}, set_can_spawn});
}

}  // namespace lh::host
