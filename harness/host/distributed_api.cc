// lunatic::distributed on a single node, as under `lunatic run` (no distributed state):
// node_id, module_id and nodes_count return 0, get_nodes copies nothing, and the functions
// that would talk to other nodes make the reference's checks in its order and then trap
// "Distributed is not initialized" (spec/lunatic-distributed.md). lunatic-rs routes a send
// to node 0 locally, so it never calls these while the target's node is 0.
#include "harness/host/registry.h"
#include "harness/host/spawn_params.h"

namespace lh::host {
namespace {

HostResult zero_i64(HostCall& call) {
  call.return_i64(0);
  return HostResult::ok();
}

HostResult nodes_count(HostCall& call) {
  call.return_i32(0);
  return HostResult::ok();
}

// get_nodes(nodes_ptr, nodes_len) -> count copied: min(nodes_len, 0) ids, so 0; the empty
// range at nodes_ptr must still lie in memory.
HostResult get_nodes(HostCall& call) {
  auto memory = call.memory();
  if (!memory.present()) return HostResult::trap(TrapId::NoMemoryExport);
  if (!memory.span(call.u32(0), 0)) return HostResult::trap(TrapId::DistributedGetNodesMemory);
  call.return_i32(0);
  return HostResult::ok();
}

// spawn(node_id, config_id, module_id, func_ptr, func_len, params_ptr, params_len, id_ptr):
// permission, memory, name, params (whole 17-byte chunks; trailing bytes are ignored), the
// config, then the missing distributed state. No process id is consumed.
HostResult spawn(HostCall& call) {
  if (!call.process.config.can_spawn_processes) return HostResult::trap(TrapId::SpawnNoPermission);
  std::string function;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(3), call.u32(4), &function,
                                     TrapId::DistributedSpawnName, TrapId::DistributedSpawnUtf8));
  auto params = call.memory().span(call.u32(5), call.u32(6));
  if (!params) return HostResult::trap(TrapId::DistributedSpawnParams);
  constexpr size_t kChunk = 17;
  auto decoded = decode_spawn_params(params->first(params->size() / kChunk * kChunk));
  if (auto* trap = std::get_if<HostResult>(&decoded)) return *trap;
  if (int64_t id = call.i64(1); id != -1 && !call.process.configs.get(static_cast<uint64_t>(id)))
    return HostResult::trap(TrapId::DistributedSpawnConfigMissing);
  return HostResult::trap(TrapId::DistributedNotInitialized);
}

// The checks of send and send_receive_skip_search: a message in the scratch area (taken),
// a data message, no resources; then the missing distributed state.
HostResult send_to_node(HostCall& call, TrapId no_message) {
  if (!call.process.scratch) return HostResult::trap(no_message);
  sim::Message message = std::move(*call.process.scratch);
  call.process.scratch.reset();
  if (message.kind != sim::Message::Kind::Data)
    return HostResult::trap(TrapId::DistributedOnlyData);
  if (!message.modules.empty()) return HostResult::trap(TrapId::DistributedResources);
  return HostResult::trap(TrapId::DistributedNotInitialized);
}

HostResult send(HostCall& call) { return send_to_node(call, TrapId::DistributedSendNoMessage); }

HostResult send_receive_skip_search(HostCall& call) {
  return send_to_node(call, TrapId::DistributedSendReceiveNoMessage);
}

// exec_lookup_nodes(query_ptr, query_len, query_id_ptr, nodes_len_ptr, error_ptr): the query
// must be in memory and UTF-8; then the missing distributed state.
HostResult exec_lookup_nodes(HostCall& call) {
  std::string query;
  LH_RETURN_IF_NOT_OK(call.read_utf8(call.u32(0), call.u32(1), &query,
                                     TrapId::DistributedLookupQuery,
                                     TrapId::DistributedLookupUtf8));
  return HostResult::trap(TrapId::DistributedNotInitialized);
}

// copy_lookup_nodes_results(query_id, nodes_ptr, nodes_len, error_ptr): memory, then the
// missing distributed state.
HostResult copy_lookup_nodes_results(HostCall& call) {
  if (!call.memory().present()) return HostResult::trap(TrapId::NoMemoryExport);
  return HostResult::trap(TrapId::DistributedNotInitialized);
}

}  // namespace

void add_distributed_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::distributed";
  out.push_back({ns, "nodes_count", {}, {WASM_I32}, nodes_count});
  out.push_back({ns, "get_nodes", {WASM_I32, WASM_I32}, {WASM_I32}, get_nodes});
  out.push_back({ns, "node_id", {}, {WASM_I64}, zero_i64});
  out.push_back({ns, "module_id", {}, {WASM_I64}, zero_i64});
  out.push_back({ns,
                 "spawn",
                 {WASM_I64, WASM_I64, WASM_I64, WASM_I32, WASM_I32, WASM_I32, WASM_I32, WASM_I32},
                 {WASM_I32},
                 spawn});
  out.push_back({ns, "send", {WASM_I64, WASM_I64}, {WASM_I32}, send});
  out.push_back({ns,
                 "send_receive_skip_search",
                 {WASM_I64, WASM_I64, WASM_I64, WASM_I64},
                 {WASM_I32},
                 send_receive_skip_search});
  out.push_back({ns,
                 "exec_lookup_nodes",
                 {WASM_I32, WASM_I32, WASM_I32, WASM_I32, WASM_I32},
                 {WASM_I32},
                 exec_lookup_nodes});
  out.push_back({ns,
                 "copy_lookup_nodes_results",
                 {WASM_I64, WASM_I32, WASM_I32, WASM_I32},
                 {WASM_I32},
                 copy_lookup_nodes_results});
}

}  // namespace lh::host
