// `explore`: the random policy over many seeds; stops at the first seed whose expectations
// fail and prints the exact command that reproduces it.
#include <cstdio>

#include "harness/cli/commands.h"
#include "harness/cli/scenario_set.h"

namespace lh::cli {

int explore_command(const ExploreFlags& flags) {
  auto set = load_scenarios({flags.path}, flags.guests);
  if (!set.errors.empty() || set.scenarios.size() != 1) {
    if (set.errors.empty())
      std::printf("ERROR %s: explore takes one scenario file\n", flags.path.c_str());
    return kExitInvalid;
  }
  std::printf("exploring %s with the random policy, seeds %llu to %llu\n",
              set.scenarios[0].name.c_str(), static_cast<unsigned long long>(flags.from),
              static_cast<unsigned long long>(flags.from + flags.seeds - 1));
  for (uint64_t i = 0; i < flags.seeds; ++i) {
    scenario::RunOptions options;
    options.policy = sim::Policy::Random;
    options.seed = flags.from + i;
    options.keep_trace = false;
    auto results = run_scenarios(set.scenarios, options, false, /*print_passes=*/false);
    int code = exit_code_for(results, false);
    if (code != kExitPassed) {
      std::printf(
          "seed %llu fails; reproduce with:\n  lunatic-harness run --policy random --seed %llu "
          "--guests %s %s\n",
          static_cast<unsigned long long>(options.seed.value()),
          static_cast<unsigned long long>(options.seed.value()), flags.guests.c_str(),
          flags.path.c_str());
      return code;
    }
  }
  std::printf("%llu seeds passed\n", static_cast<unsigned long long>(flags.seeds));
  return kExitPassed;
}

}  // namespace lh::cli
