#include "harness/host/spawn_params.h"

#include <fmt/format.h>

#include "harness/host/wasi_support.h"

namespace lh::host {

HostResult start_spawn_request(HostCall& call, int64_t config_id, int64_t module_id,
                               const SpawnTraps& traps, sim::SpawnRequest* request) {
  sim::Process& caller = call.process;
  if (!caller.config.can_spawn_processes) return HostResult::trap(traps.no_permission);
  if (!call.world.can_spawn_next_process()) return HostResult::trap(traps.limit_reached);
  if (!caller.initialized) return HostResult::trap(traps.during_init);
  request->config = caller.config;
  if (config_id != -1) {
    const sim::ProcessConfig* found = caller.configs.get(static_cast<uint64_t>(config_id));
    if (!found) return HostResult::trap(traps.config_missing);
    request->config = *found;
  }
  request->module = caller.module;
  if (module_id != -1) {
    const auto* found = caller.modules.get(static_cast<uint64_t>(module_id));
    if (!found) return HostResult::trap(traps.module_missing);
    request->module = *found;
  }
  request->id = call.world.allocate_process_id();
  auto wasi = wasi::make_context(call.world, request->config.preopens);
  if (auto* error = std::get_if<std::string>(&wasi))
    return {HostResult::Kind::Trap, TrapId::SpawnPreopenFailed, *error};
  request->wasi = std::get<sim::WasiContext>(std::move(wasi));
  return HostResult::ok();
}

std::variant<std::vector<sim::EntryParam>, HostResult> decode_spawn_params(
    std::span<const uint8_t> bytes) {
  constexpr size_t kChunk = 17;
  std::vector<sim::EntryParam> params;
  size_t full = bytes.size() / kChunk;
  params.reserve(full);
  for (size_t i = 0; i < full; ++i) {
    auto chunk = bytes.subspan(i * kChunk, kChunk);
    auto type = static_cast<binary::ValType>(chunk[0]);
    if (type != binary::ValType::I32 && type != binary::ValType::I64 &&
        type != binary::ValType::V128)
      return HostResult::trap(TrapId::SpawnUnsupportedType);
    sim::EntryParam param{type, 0, 0};
    for (size_t b = 8; b >= 1; --b) param.low = (param.low << 8) | chunk[b];
    for (size_t b = 16; b >= 9; --b) param.high = (param.high << 8) | chunk[b];
    if (type != binary::ValType::V128) param.high = 0;
    if (type == binary::ValType::I32) param.low &= 0xffffffffu;
    params.push_back(param);
  }
  if (size_t rest = bytes.size() % kChunk; rest != 0) {
    HostResult trap = HostResult::trap(TrapId::SpawnParamsChunks);
    trap.message += fmt::format(", but {} bytes remained", rest);
    return trap;
  }
  return params;
}

}  // namespace lh::host
