// The catalogue of outcome ids (spec/host_functions.json) and which scenarios cover each.
// A scenario naming an id the catalogue lacks is an error, so a typo never passes.
#pragma once

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "harness/scenario/scenario.h"

namespace lh::scenario {

struct Outcome {
  std::string id;        // e.g. process.spawn.trap.unsupported_type_id
  std::string function;  // e.g. lunatic::process::spawn
  std::string kind;      // ok | return | trap | effect
  std::string description;
};

struct Catalog {
  std::vector<Outcome> outcomes;       // in file order
  std::vector<std::string> functions;  // "namespace::name", in file order
  [[nodiscard]] const Outcome* find(const std::string& id) const;
};

[[nodiscard]] std::variant<Catalog, std::string> load_catalog(const std::string& path);

struct Coverage {
  std::map<std::string, std::vector<std::string>> covered_by;  // outcome id -> scenario names
  std::vector<std::string> uncovered;                          // in catalogue order
  std::vector<std::string> unknown;  // "scenario: id" for ids not in the catalogue
};

[[nodiscard]] Coverage compute_coverage(const Catalog& catalog,
                                        const std::vector<Scenario>& scenarios);

}  // namespace lh::scenario
