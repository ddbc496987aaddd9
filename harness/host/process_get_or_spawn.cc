// lunatic::process::get_or_spawn (lunatic v0.13.2, imported by lunatic-rs 0.13.1): looks a
// name up in the registry and, when it is not there, spawns a process and registers it, all
// under the registry's write lock, in the reference's order of checks
// (spec/lunatic-process.md).
#include "harness/host/registry.h"
#include "harness/host/spawn_params.h"

namespace lh::host {
namespace {

constexpr int32_t kSpawned = 0, kSpawnFailed = 1, kFound = 2;

// Writes the node id and then the process (or error) id.
HostResult write_ids(HostCall& call, uint64_t node, uint64_t id) {
  LH_RETURN_IF_NOT_OK(call.write_u64(call.u32(9), node, TrapId::GetOrSpawnWrite));
  return call.write_u64(call.u32(10), id, TrapId::GetOrSpawnWrite);
}

// The not-found branch, run while the caller holds the lock: spawn's checks (without the
// spawn's own texts), the child, the ids written, then the name registered, even when the
// spawn failed (the error id is then recorded as the process id, as the reference does).
HostResult spawn_and_register(HostCall& call, const std::string& name) {
  sim::Process& caller = call.process;
  // The reference's new_state takes the child's id before the function name is read.
  sim::SpawnRequest request;
  LH_RETURN_IF_NOT_OK(start_spawn_request(
      call, call.i64(3), call.i64(4),
      {TrapId::GetOrSpawnNoPermission, TrapId::GetOrSpawnLimitReached, TrapId::GetOrSpawnDuringInit,
       TrapId::GetOrSpawnConfigMissing, TrapId::GetOrSpawnModuleMissing},
      &request));
  std::string function;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(5), call.u32(6), &function, TrapId::GetOrSpawnName,
                                     TrapId::GetOrSpawnUtf8));
  auto raw = call.memory().span(call.u32(7), call.u32(8));
  if (!raw) return HostResult::trap(TrapId::GetOrSpawnName);
  auto decoded = decode_spawn_params(*raw);
  if (auto* trap = std::get_if<HostResult>(&decoded)) return *trap;

  request.entry = std::move(function);
  request.params = std::get<std::vector<sim::EntryParam>>(std::move(decoded));
  // A link is one-way here: the child stores the caller with the tag; the caller stores
  // nothing and does not yield (unlike spawn).
  const int64_t link = call.i64(2);
  if (link != 0) request.link_tag = link;
  auto outcome = call.world.spawn(std::move(request), caller.id);
  if (outcome.status.ok() && link != 0)
    call.world.release_linked_child(outcome.id, caller.id, link);
  int32_t result = kSpawned;
  uint64_t id = outcome.id;
  if (!outcome.status.ok()) {
    result = kSpawnFailed;
    id = caller.errors.add(outcome.status.message());
  }
  // A trap here leaves the child running, unregistered.
  LH_RETURN_IF_NOT_OK(write_ids(call, /*node=*/0, id));  // a single node
  call.world.registry().put(name, {0, id});
  call.world.record(sim::EventKind::Registry, caller.id,
                    {{"op", std::string("get_or_spawn")},
                     {"name", name},
                     {"result", int64_t{result}},
                     {"process", id}});
  call.return_i32(result);
  return HostResult::ok();
}

// get_or_spawn(name_ptr, name_len, link, config_id, module_id, func_ptr, func_len, params_ptr,
// params_len, node_id_ptr, id_ptr) -> 0 spawned | 1 spawn failed (error id) | 2 found.
HostResult get_or_spawn(HostCall& call) {
  std::string name;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(0), call.u32(1), &name, TrapId::GetOrSpawnName,
                                     TrapId::GetOrSpawnUtf8));
  sim::Registry& registry = call.world.registry();
  uint64_t self = call.process.id;
  if (registry.locked()) {  // held by another process, or by the caller itself: it waits
    call.world.wait_for_registry(self);
    return call.suspend(sim::Wait{sim::Wait::Kind::RegistryLock});
  }
  registry.remove_waiter(self);
  // Found: no permission, config, module or params check, `link` ignored, no id consumed.
  if (std::optional<sim::Registry::Entry> entry = registry.get(name)) {
    call.world.record(sim::EventKind::Registry, self,
                      {{"op", std::string("get_or_spawn")},
                       {"name", name},
                       {"result", int64_t{kFound}},
                       {"process", entry->process_id}});
    LH_RETURN_IF_NOT_OK(write_ids(call, entry->node_id, entry->process_id));
    call.return_i32(kFound);
    return HostResult::ok();
  }
  // The write lock is held across the spawn (the child's start function included).
  call.world.lock_registry(self, name);
  HostResult result = spawn_and_register(call, name);
  call.world.release_registry(self, "get_or_spawn");
  return result;
}

}  // namespace

void add_process_get_or_spawn_functions(std::vector<HostFunctionDef>& out) {
  out.push_back({"lunatic::process",
                 "get_or_spawn",
                 {WASM_I32, WASM_I32, WASM_I64, WASM_I64, WASM_I64, WASM_I32, WASM_I32, WASM_I32,
                  WASM_I32, WASM_I32, WASM_I32},
                 {WASM_I32},
                 get_or_spawn,
                 /*may_suspend=*/true});
}

}  // namespace lh::host
