// `list`: scenarios with the outcome ids each covers, and the ids no scenario covers.
#include <cstdio>

#include "harness/cli/commands.h"
#include "harness/cli/scenario_set.h"
#include "harness/scenario/catalog.h"

namespace lh::cli {

int list_command(const ListFlags& flags) {
  auto catalog = load_catalog_or_report(flags.spec);
  if (!catalog) return kExitInvalid;
  auto set = load_scenarios(flags.paths, flags.guests);
  for (const auto& s : set.scenarios) {
    std::printf("%s  (%s)\n", s.name.c_str(), s.file.c_str());
    for (const auto& id : s.covers) std::printf("    %s\n", id.c_str());
  }
  const scenario::Catalog& cat = *catalog;
  auto coverage = scenario::compute_coverage(cat, set.scenarios);
  for (const auto& unknown : coverage.unknown)
    std::printf("ERROR unknown outcome id (not in %s): %s\n", flags.spec.c_str(), unknown.c_str());
  size_t covered = cat.outcomes.size() - coverage.uncovered.size();
  std::printf("\n%zu scenarios; %zu of %zu outcome ids covered (%.1f%%)\n", set.scenarios.size(),
              covered, cat.outcomes.size(),
              cat.outcomes.empty() ? 100.0 : 100.0 * covered / cat.outcomes.size());
  if (!coverage.uncovered.empty()) {
    std::printf("not covered by any scenario:\n");
    for (const auto& id : coverage.uncovered) std::printf("    %s\n", id.c_str());
  }
  if (!set.errors.empty() || !coverage.unknown.empty()) return kExitInvalid;
  if (flags.require_full_coverage && !coverage.uncovered.empty()) return kExitFailed;
  return kExitPassed;
}

}  // namespace lh::cli
