// lunatic::trap::catch(function, pointer) -> i32: calls the guest's export
// `_lunatic_catch_trap(function, pointer)` in the same process and store; its i32 when it
// returns, 0 when the call fails in any way (a wasm trap, a host function's trap, proc_exit,
// running out of fuel, an export of another type), with memory and globals as the failure
// left them (lunatic:crates/lunatic-trap-api/src/lib.rs; spec/lunatic-trap.md).
//
// Suspension through the nested call (guest.h has the protocol of one level): a blocking
// call inside the caught function starts the unwind as usual, so the export returns to us
// while the guest is unwinding. We then return Suspend without starting anything: the frames
// outside unwind into the same data, above the nested frames. When the process runs again,
// the outer frames rewind to the catch call site and call us again while rewinding; the
// Linker passes us through (HostFunctionDef::reenters_guest) without ending the rewind, and
// we call the export again, still rewinding, so the nested frames rewind down to the blocked
// call, which ends the rewind and resumes. A catch inside a catch is one more such level;
// Process::catches_suspended counts the levels in the suspended stack.
//
// What is not caught: a harness fault or a suspension the harness could not make (the
// Linker sets Process::trap_uncatchable), unwind data that does not fit (the process dies
// with its error, as at the top level), and a kill (a signal, handled between slices when
// the whole stack is suspended, never inside a call).
#include <fmt/format.h>

#include "harness/engine/handles.h"
#include "harness/host/registry.h"

namespace lh::host {
namespace {

constexpr std::string_view kCatchExport = "_lunatic_catch_trap";

bool has_kinds(const wasm_valtype_vec_t* types, std::initializer_list<wasm_valkind_t> kinds) {
  if (types->size != kinds.size()) return false;
  size_t i = 0;
  for (wasm_valkind_t kind : kinds)
    if (wasm_valtype_kind(types->data[i++]) != kind) return false;
  return true;
}

// A trap that leaves the nested call and must leave this one too.
HostResult rethrow(std::string message) {
  return {HostResult::Kind::Trap, std::nullopt, std::move(message)};
}

HostResult catch_trap(HostCall& call) {
  sim::Process& process = call.process;
  sim::Guest& guest = process.guest;
  if (call.resumed()) {
    // The Linker passed a suspended catch through: the nested frames still rewind.
    --process.catches_suspended;
  } else {
    const sim::Module& module = *process.module;
    if (!module.export_index(kCatchExport)) return HostResult::trap(TrapId::CatchNoExport);
    if (!module.exports_function(kCatchExport)) return HostResult::trap(TrapId::CatchNotAFunction);
  }
  wasm_func_t* func = guest.export_func(kCatchExport);
  if (!func) return HostResult::fault("lunatic::trap::catch: the export vanished");

  engine::FuncTypePtr type(wasm_func_type(func));
  if (!has_kinds(wasm_functype_params(type.get()), {WASM_I32, WASM_I32}) ||
      !has_kinds(wasm_functype_results(type.get()), {WASM_I32})) {
    // wasmtime's typed call fails before the function runs: an error, so 0.
    call.world.record(
        sim::EventKind::TrapCaught, process.id,
        {{"message", fmt::format("`{}` is not a function (i32, i32) -> i32", kCatchExport)}});
    call.return_i32(0);
    return HostResult::ok();
  }

  wasm_val_t args[2];
  args[0].kind = args[1].kind = WASM_I32;
  args[0].of.i32 = call.i32(0);
  args[1].of.i32 = call.i32(1);
  wasm_val_t result;
  result.kind = WASM_I32;
  result.of.i32 = 0;
  wasm_val_vec_t arg_vec{2, args};
  wasm_val_vec_t result_vec{1, &result};
  engine::TrapPtr trap(wasm_func_call(func, &arg_vec, &result_vec));

  if (guest.unwinding()) {
    if (trap) {  // the unwind data ran past its region: the process cannot be suspended
      process.trap_uncatchable = true;
      return rethrow(guest.unwind_failure(engine::trap_message(trap.get())));
    }
    ++process.catches_suspended;  // pass the suspension on to the frames outside
    return HostResult::suspend();
  }
  if (!trap) {
    call.return_i32(result.of.i32);
    return HostResult::ok();
  }
  std::string message = engine::trap_message(trap.get());
  if (process.trap_uncatchable || guest.rewinding()) {
    process.trap_uncatchable = true;
    return rethrow(std::move(message));
  }
  // proc_exit inside is an error of the call like any other (wasi-common returns I32Exit as
  // an error): the process goes on and has not exited.
  process.outcome.exit_code.reset();
  call.world.record(sim::EventKind::TrapCaught, process.id, {{"message", message}});
  call.return_i32(0);
  return HostResult::ok();
}

}  // namespace

void add_trap_functions(std::vector<HostFunctionDef>& out) {
  out.push_back({"lunatic::trap",
                 "catch",
                 {WASM_I32, WASM_I32},
                 {WASM_I32},
                 catch_trap,
                 /*may_suspend=*/true,
                 /*reenters_guest=*/true});
}

}  // namespace lh::host
