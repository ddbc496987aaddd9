// lunatic::wasi: the WASI inputs of a config (lunatic-wasi-api 0.12): environment
// variables, command-line arguments and preopened directories, appended in call order for
// the processes later spawned with that config (finding A5). Checks in the reference's
// order: the memory export, each string's range then UTF-8, then the config id; the texts
// are the reference's, including the unknown-config text of config_add_environment_variable,
// copied from config_set_max_memory.
#include <string>

#include "harness/base/utf8.h"
#include "harness/host/registry.h"

namespace lh::host {
namespace {

// The reference's wrapper for a host call's error: "Trap raised during host call: {error}
// ({info})." (lunatic-common-api's or_trap); the row of `id` holds "({info})".
HostResult wrapped_trap(TrapId id, std::string_view error) {
  return {HostResult::Kind::Trap, id,
          "Trap raised during host call: " + std::string(error) + " " + std::string(trap_text(id)) +
              "."};
}

// The UTF-8 string at (ptr, len), or the trap of row `id` (its info) when the range is
// outside memory or the bytes are not UTF-8.
HostResult read_str(HostCall& call, uint32_t ptr, uint32_t len, TrapId id, std::string* out) {
  auto bytes = call.memory().span(ptr, len);
  if (!bytes || uint64_t{ptr} + len > UINT32_MAX)
    return wrapped_trap(id, "Expected `Some(&[u8])` got `None`");
  out->assign(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  if (auto error = rust_utf8_error(*out)) return wrapped_trap(id, *error);
  return HostResult::ok();
}

// The config `id` of the caller, or the trap of row `missing`.
HostResult find_config(HostCall& call, TrapId missing, sim::ProcessConfig** out) {
  *out = call.process.configs.get(call.u64(0));
  if (*out) return HostResult::ok();
  return wrapped_trap(missing,
                      "Expected `Some(&mut lunatic_runtime::config::DefaultProcessConfig)` got "
                      "`None`");
}

// config_add_environment_variable(config_id, key_ptr, key_len, value_ptr, value_len)
HostResult add_environment_variable(HostCall& call) {
  if (!call.memory().present()) return HostResult::trap(TrapId::NoMemoryExport);
  std::string key, value;
  LH_RETURN_IF_NOT_OK(
      read_str(call, call.u32(1), call.u32(2), TrapId::WasiConfigEnvArgument, &key));
  LH_RETURN_IF_NOT_OK(
      read_str(call, call.u32(3), call.u32(4), TrapId::WasiConfigEnvArgument, &value));
  sim::ProcessConfig* config = nullptr;
  LH_RETURN_IF_NOT_OK(find_config(call, TrapId::WasiConfigEnvMissing, &config));
  config->wasi_env.push_back(key + "=" + value);
  return HostResult::ok();
}

// config_add_command_line_argument(config_id, ptr, len)
HostResult add_command_line_argument(HostCall& call) {
  if (!call.memory().present()) return HostResult::trap(TrapId::NoMemoryExport);
  std::string argument;
  LH_RETURN_IF_NOT_OK(
      read_str(call, call.u32(1), call.u32(2), TrapId::WasiConfigArgArgument, &argument));
  sim::ProcessConfig* config = nullptr;
  LH_RETURN_IF_NOT_OK(find_config(call, TrapId::WasiConfigArgMissing, &config));
  config->wasi_args.push_back(std::move(argument));
  return HostResult::ok();
}

// config_preopen_dir(config_id, ptr, len): not checked here; spawn opens it.
HostResult preopen_dir(HostCall& call) {
  if (!call.memory().present()) return HostResult::trap(TrapId::NoMemoryExport);
  std::string dir;
  LH_RETURN_IF_NOT_OK(
      read_str(call, call.u32(1), call.u32(2), TrapId::WasiConfigDirArgument, &dir));
  sim::ProcessConfig* config = nullptr;
  LH_RETURN_IF_NOT_OK(find_config(call, TrapId::WasiConfigDirMissing, &config));
  config->preopens.push_back(std::move(dir));
  return HostResult::ok();
}

}  // namespace

void add_lunatic_wasi_functions(std::vector<HostFunctionDef>& out) {
  constexpr std::string_view ns = "lunatic::wasi";
  constexpr auto I32 = WASM_I32, I64 = WASM_I64;
  out.push_back({ns,
                 "config_add_environment_variable",
                 {I64, I32, I32, I32, I32},
                 {},
                 add_environment_variable});
  out.push_back(
      {ns, "config_add_command_line_argument", {I64, I32, I32}, {}, add_command_line_argument});
  out.push_back({ns, "config_preopen_dir", {I64, I32, I32}, {}, preopen_dir});
}

}  // namespace lh::host
