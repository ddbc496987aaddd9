// lh_consumer: loads one scenario with the installed harness, runs it in-process in the
// simulated world and prints PASS or FAIL with the unmet expectations. Exit codes as the
// CLI's: 0 passed, 1 failed, 2 the scenario or its guest is invalid, 3 harness fault.
//   usage: lh_consumer SCENARIO.json GUEST_DIR
#include <cstdio>
#include <variant>

#include "harness/engine/handles.h"
#include "harness/scenario/loader.h"
#include "harness/scenario/runner.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SCENARIO.json GUEST_DIR\n", argv[0]);
    return 2;
  }
  auto loaded = lh::scenario::load_scenario(argv[1], {.guest_dir = argv[2]});
  if (auto* error = std::get_if<lh::scenario::LoadError>(&loaded)) {
    std::printf("ERROR %s\n", error->message.c_str());
    return 2;
  }
  const auto& scenario = std::get<lh::scenario::Scenario>(loaded);

  lh::engine::EnginePtr engine(wasm_engine_new());
  auto result = lh::scenario::run_scenario(engine.get(), scenario);

  using Status = lh::scenario::ScenarioResult::Status;
  switch (result.status) {
    case Status::Passed:
      std::printf("PASS %s (%s, trace %016llx)\n", result.name.c_str(), result.verdict.c_str(),
                  static_cast<unsigned long long>(result.trace_hash));
      return 0;
    case Status::Failed: std::printf("FAIL %s\n", result.name.c_str()); break;
    case Status::Invalid: std::printf("ERROR %s\n", result.name.c_str()); break;
    case Status::Fault: std::printf("FAULT %s\n", result.name.c_str()); break;
  }
  for (const auto& failure : result.failures) std::printf("  %s\n", failure.c_str());
  return result.status == Status::Failed ? 1 : result.status == Status::Invalid ? 2 : 3;
}
