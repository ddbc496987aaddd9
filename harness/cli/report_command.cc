// `report`: runs the scenarios and writes conformance.json, .md and .html into a folder.
#include <cstdio>
#include <filesystem>

#include "harness/cli/commands.h"
#include "harness/cli/scenario_set.h"
#include "harness/report/conformance.h"
#include "harness/report/results_json.h"

namespace lh::cli {

int report_command(const ReportFlags& flags) {
  auto catalog = load_catalog_or_report(flags.spec);
  if (!catalog) return kExitInvalid;
  auto set = load_scenarios(flags.paths, flags.guests);
  auto results = run_scenarios(set.scenarios, {}, /*check_determinism=*/true);
  const scenario::Catalog& cat = *catalog;
  report::ConformanceInput input{cat, set.scenarios, results};
  namespace fs = std::filesystem;
  fs::path out(flags.out_dir);
  bool ok = write_text_file((out / "conformance.json").string(),
                            report::conformance_json(cat, set.scenarios, results)
                                    .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                                "\n");
  ok &= write_text_file((out / "conformance.md").string(), report::conformance_markdown(input));
  ok &= write_text_file((out / "conformance.html").string(), report::conformance_html(input));
  size_t passed = 0;
  for (const auto& r : results) passed += r.status == scenario::ScenarioResult::Status::Passed;
  std::printf("%zu passed, %zu failed\n", passed, results.size() - passed + set.errors.size());
  std::printf("report written to %s/conformance.{json,md,html}\n", flags.out_dir.c_str());
  if (!ok) return kExitFault;
  return exit_code_for(results, !set.errors.empty());
}

}  // namespace lh::cli
