// lunatic::process::spawn, with the reference runtime's exact order of checks.
#include "harness/base/utf8.h"
#include "harness/host/registry.h"
#include "harness/host/spawn_params.h"

namespace lh::host {
namespace {

HostResult write_id(HostCall& call, uint64_t id) {
  return call.write_u64(call.u32(7), id, TrapId::SpawnWrite);
}

// spawn(link, config_id, module_id, func_ptr, func_len, params_ptr, params_len, id_ptr)
HostResult spawn(HostCall& call) {
  sim::Process& caller = call.process;
  if (call.resumed()) {  // the yield of a linked spawn is over: link the child, report it
    call.world.release_linked_child(static_cast<uint64_t>(caller.resume_value), caller.id,
                                    call.i64(0));
    HostResult written = write_id(call, static_cast<uint64_t>(caller.resume_value));
    if (written.is_ok()) call.return_i32(0);
    return written;
  }
  // 1-6: permission, limit, initialisation, config, module, the child's id and WASI context.
  sim::SpawnRequest request;
  LH_RETURN_IF_NOT_OK(start_spawn_request(
      call, call.i64(1), call.i64(2),
      {TrapId::SpawnNoPermission, TrapId::SpawnLimitReached, TrapId::SpawnDuringInit,
       TrapId::SpawnConfigMissing, TrapId::SpawnModuleMissing},
      &request));
  // 7: the function name.
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  auto name = memory.span(call.u32(3), call.u32(4));
  if (!name) return HostResult::trap(TrapId::SpawnRead);
  std::string function(reinterpret_cast<const char*>(name->data()), name->size());
  if (auto error = rust_utf8_error(function))
    return HostResult::trap_filled(TrapId::SpawnFunctionNotUtf8, *error);
  // 8: the params.
  auto raw = memory.span(call.u32(5), call.u32(6));
  if (!raw) return HostResult::trap(TrapId::SpawnRead);
  auto decoded = decode_spawn_params(*raw);
  if (auto* trap = std::get_if<HostResult>(&decoded)) return *trap;
  request.entry = std::move(function);
  request.params = std::get<std::vector<sim::EntryParam>>(std::move(decoded));
  // 9: link (the child stores the tag, the caller stores none).
  int64_t link = call.i64(0);
  if (link != 0) request.link_tag = link;
  // 10: stdout/stderr are captured per process, so every child has its own streams.
  // 11: instantiate.
  auto outcome = call.world.spawn(std::move(request), caller.id);
  if (!outcome.status.ok()) {
    uint64_t error_id = caller.errors.add(outcome.status.message());
    HostResult written = write_id(call, error_id);
    if (written.is_ok()) call.return_i32(1);
    return written;
  }
  // 12: a linked caller links itself (storing no tag) and yields once, handling its queued
  // signals; only then does the child get its Link and run (lunatic's spawn_wasm, A17).
  if (link != 0) {
    sim::Signal self_link{sim::Signal::Kind::Link};
    self_link.process_id = outcome.id;
    call.world.send_signal(caller.id, std::move(self_link));
    caller.resume_value = static_cast<int64_t>(outcome.id);
    return call.suspend(sim::Wait{sim::Wait::Kind::Yield});
  }
  // 13: report the child.
  HostResult written = write_id(call, outcome.id);
  if (written.is_ok()) call.return_i32(0);
  return written;
}

}  // namespace

void add_process_spawn_functions(std::vector<HostFunctionDef>& out) {
  out.push_back({"lunatic::process",
                 "spawn",
                 {WASM_I64, WASM_I64, WASM_I64, WASM_I32, WASM_I32, WASM_I32, WASM_I32, WASM_I32},
                 {WASM_I32},
                 spawn,
                 /*may_suspend=*/true});
}

}  // namespace lh::host
