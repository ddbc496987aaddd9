// The harness's own imports, added by guest preparation: lunatic_harness.out_of_fuel.
#include "harness/host/registry.h"
#include "harness/instrument/names.h"

namespace lh::host {
namespace {

// Called at a fuel check when the current slice is spent (or, at a process's first check,
// before any was granted): grants another slice of 100,000 and yields, or traps once the
// process's max_fuel slices are used. Outside the entry function (a start function or an
// explicitly called _initialize) the slice is granted without a yield.
HostResult out_of_fuel(HostCall& call) {
  if (call.resumed()) return HostResult::ok();
  sim::Process& p = call.process;
  if (p.config.max_fuel != 0 && p.slices_granted >= p.config.max_fuel)
    return HostResult::trap(TrapId::AllFuelConsumed);
  // An injected fault: the fuel runs out here, as if max_fuel were used up.
  if (p.in_entry && call.world.inject_fault(sim::FaultKind::FuelExhaustion, p.id))
    return HostResult::trap(TrapId::AllFuelConsumed);
  ++p.slices_granted;
  p.guest.set_fuel(p.guest.fuel().value_or(0) + sim::kFuelSlice);
  if (!p.in_entry) {
    if (!p.initialized) ++p.start_slices;
    return HostResult::ok();
  }
  call.world.record(sim::EventKind::FuelYield, p.id, {{"slices", p.slices_granted}});
  return call.suspend(sim::Wait{sim::Wait::Kind::Yield});
}

}  // namespace

void add_harness_functions(std::vector<HostFunctionDef>& out) {
  out.push_back({instrument::kHarnessModule,
                 instrument::kOutOfFuelImport,
                 {},
                 {},
                 out_of_fuel,
                 /*may_suspend=*/true});
}

}  // namespace lh::host
