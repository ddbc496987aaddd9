// The harness's own imports, added by guest preparation: lunatic_harness.out_of_fuel.
#include "harness/host/registry.h"
#include "harness/instrument/names.h"

namespace lh::host {
namespace {

// Called when the fuel of the current slice is spent: grants another slice of 100,000
// and yields, or traps once the process's max_fuel slices (first slice included) are used.
HostResult out_of_fuel(HostCall& call) {
  if (call.resumed()) return HostResult::ok();
  sim::Process& p = call.process;
  if (p.config.max_fuel != 0 && p.fuel_refills + 1 >= p.config.max_fuel)
    return HostResult::trap(TrapId::AllFuelConsumed);
  ++p.fuel_refills;
  p.guest.set_fuel(p.guest.fuel().value_or(0) + sim::kFuelSlice);
  if (!p.in_entry) return HostResult::ok();  // _initialize or a start function: no yield
  call.world.record(sim::EventKind::FuelYield, p.id, {{"slices", p.fuel_refills + 1}});
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
