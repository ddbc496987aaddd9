// lunatic::registry: put, get, get_or_put_later and remove over the world's one registry
// (sim/registry.h), with the seed commit's write lock: get_or_put_later that finds nothing
// keeps the lock until the caller's put (or death), and every other process's registry call
// waits for it meanwhile (spec/lunatic-registry.md).
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// The caller blocks until the registry's write lock is free; its call starts again then.
HostResult wait_for_lock(HostCall& call) {
  call.world.wait_for_registry(call.process.id);
  return call.suspend(sim::Wait{sim::Wait::Kind::RegistryLock});
}

void record(HostCall& call, std::string_view op, const std::string& name,
            std::vector<sim::Field> more = {}) {
  std::vector<sim::Field> fields{{"op", std::string(op)}, {"name", name}};
  for (auto& field : more) fields.push_back(std::move(field));
  call.world.record(sim::EventKind::Registry, call.process.id, std::move(fields));
}

// Writes a found entry as lunatic does: node id, then process id (the first may be written
// when the second traps).
HostResult write_entry(HostCall& call, sim::Registry::Entry entry, uint32_t node_ptr,
                       uint32_t process_ptr) {
  LH_RETURN_IF_NOT_OK(call.write_u64(node_ptr, entry.node_id, TrapId::RegistryGetWrite));
  return call.write_u64(process_ptr, entry.process_id, TrapId::RegistryGetWrite);
}

// put(name_ptr, name_len, node_id, process_id): registers under the caller's lock (and frees
// it) or, without it, once the lock is free. No check that the process exists.
HostResult put(HostCall& call) {
  std::string name;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(0), call.u32(1), &name, TrapId::RegistryPutName,
                                     TrapId::RegistryPutUtf8));
  sim::Registry& registry = call.world.registry();
  uint64_t self = call.process.id;
  bool holding = registry.holder() == self;
  if (!holding && registry.locked()) return wait_for_lock(call);
  registry.remove_waiter(self);
  registry.put(name, {call.u64(2), call.u64(3)});
  record(call, "put", name, {{"node", call.u64(2)}, {"process", call.u64(3)}});
  if (holding) call.world.release_registry(self, "put");
  return HostResult::ok();
}

// get(name_ptr, name_len, node_id_ptr, process_id_ptr) -> 0 found | 1 not found.
HostResult get(HostCall& call) {
  std::string name;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(0), call.u32(1), &name, TrapId::RegistryGetName,
                                     TrapId::RegistryGetUtf8));
  sim::Registry& registry = call.world.registry();
  uint64_t self = call.process.id;
  if (registry.holder() == self) return HostResult::trap(TrapId::RegistryGetDeadlock);
  if (registry.locked()) return wait_for_lock(call);
  registry.remove_waiter(self);
  std::optional<sim::Registry::Entry> entry = registry.get(name);
  record(call, "get", name, {{"found", uint64_t{entry ? 1u : 0u}}});
  if (!entry) {
    call.return_i32(1);
    return HostResult::ok();
  }
  LH_RETURN_IF_NOT_OK(write_entry(call, *entry, call.u32(2), call.u32(3)));
  call.return_i32(0);
  return HostResult::ok();
}

// get_or_put_later(name_ptr, name_len, node_id_ptr, process_id_ptr) -> 0 found | 1 not found,
// and then the caller keeps the write lock until its put. A holder calling it again waits
// for itself, forever (the reference deadlocks).
HostResult get_or_put_later(HostCall& call) {
  std::string name;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(0), call.u32(1), &name, TrapId::RegistryGetName,
                                     TrapId::RegistryGetUtf8));
  sim::Registry& registry = call.world.registry();
  uint64_t self = call.process.id;
  if (registry.locked()) return wait_for_lock(call);
  registry.remove_waiter(self);
  std::optional<sim::Registry::Entry> entry = registry.get(name);
  record(call, "get_or_put_later", name, {{"found", uint64_t{entry ? 1u : 0u}}});
  if (!entry) {
    call.world.lock_registry(self, name);
    call.return_i32(1);
    return HostResult::ok();
  }
  LH_RETURN_IF_NOT_OK(write_entry(call, *entry, call.u32(2), call.u32(3)));
  call.return_i32(0);
  return HostResult::ok();
}

// remove(name_ptr, name_len): removes the name if it is registered.
HostResult remove(HostCall& call) {
  std::string name;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(0), call.u32(1), &name, TrapId::RegistryGetName,
                                     TrapId::RegistryGetUtf8));
  sim::Registry& registry = call.world.registry();
  uint64_t self = call.process.id;
  if (registry.holder() == self) return HostResult::trap(TrapId::RegistryRemoveDeadlock);
  if (registry.locked()) return wait_for_lock(call);
  registry.remove_waiter(self);
  bool found = registry.remove(name);
  record(call, "remove", name, {{"found", uint64_t{found ? 1u : 0u}}});
  return HostResult::ok();
}

}  // namespace

void add_registry_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::registry";
  constexpr bool kMaySuspend = true;  // each may wait for the write lock
  out.push_back({ns, "put", {WASM_I32, WASM_I32, WASM_I64, WASM_I64}, {}, put, kMaySuspend});
  out.push_back(
      {ns, "get", {WASM_I32, WASM_I32, WASM_I32, WASM_I32}, {WASM_I32}, get, kMaySuspend});
  out.push_back({ns,
                 "get_or_put_later",
                 {WASM_I32, WASM_I32, WASM_I32, WASM_I32},
                 {WASM_I32},
                 get_or_put_later,
                 kMaySuspend});
  out.push_back({ns, "remove", {WASM_I32, WASM_I32}, {}, remove, kMaySuspend});
}

}  // namespace lh::host
