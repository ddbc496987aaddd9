#include "harness/scenario/catalog.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lh::scenario {

const Outcome* Catalog::find(const std::string& id) const {
  for (const auto& outcome : outcomes)
    if (outcome.id == id) return &outcome;
  return nullptr;
}

std::variant<Catalog, std::string> load_catalog(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fmt::format("{}: cannot read the outcome catalogue", path);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json root = nlohmann::json::parse(text.str(), nullptr, false);
  if (root.is_discarded()) return fmt::format("{}: invalid JSON", path);
  if (!root.is_object() || !root.contains("functions") || !root["functions"].is_array())
    return fmt::format("{}: $.functions: expected an array", path);
  Catalog catalog;
  for (size_t i = 0; i < root["functions"].size(); ++i) {
    const auto& f = root["functions"][i];
    auto where = fmt::format("{}: $.functions[{}]", path, i);
    if (!f.is_object() || !f.contains("namespace") || !f.contains("name") ||
        !f["namespace"].is_string() || !f["name"].is_string() || !f.contains("outcomes") ||
        !f["outcomes"].is_array())
      return where + ": expected {namespace, name, outcomes: [...]}";
    std::string function = f["namespace"].get<std::string>() + "::" + f["name"].get<std::string>();
    catalog.functions.push_back(function);
    for (size_t k = 0; k < f["outcomes"].size(); ++k) {
      const auto& o = f["outcomes"][k];
      if (!o.is_object() || !o.contains("id") || !o["id"].is_string())
        return fmt::format("{}.outcomes[{}]: expected an object with a string id", where, k);
      Outcome outcome;
      outcome.id = o["id"].get<std::string>();
      outcome.function = function;
      if (o.contains("kind") && o["kind"].is_string()) outcome.kind = o["kind"].get<std::string>();
      if (o.contains("description") && o["description"].is_string())
        outcome.description = o["description"].get<std::string>();
      if (catalog.find(outcome.id))
        return fmt::format("{}.outcomes[{}]: duplicate outcome id {}", where, k, outcome.id);
      catalog.outcomes.push_back(std::move(outcome));
    }
  }
  return catalog;
}

Coverage compute_coverage(const Catalog& catalog, const std::vector<Scenario>& scenarios) {
  Coverage coverage;
  for (const auto& scenario : scenarios) {
    for (const auto& id : scenario.covers) {
      if (catalog.find(id))
        coverage.covered_by[id].push_back(scenario.name);
      else
        coverage.unknown.push_back(scenario.name + ": " + id);
    }
  }
  for (const auto& outcome : catalog.outcomes)
    if (!coverage.covered_by.count(outcome.id)) coverage.uncovered.push_back(outcome.id);
  return coverage;
}

}  // namespace lh::scenario
