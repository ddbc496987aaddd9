// The catalogue is checked, not copied: spec/host_functions.json, guests/c/lunatic.h and the
// test fixture's WAT prelude must agree with the host functions the harness registers (names,
// wasm signatures, which may suspend) and with the one trap table (traps.def).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "harness/host/module_loader.h"
#include "harness/host/registry.h"
#include "harness/host/tests/world_fixture.h"

namespace lh::host::testing {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string kind_name(wasm_valkind_t kind) {
  switch (kind) {
    case WASM_I32: return "i32";
    case WASM_I64: return "i64";
    case WASM_F32: return "f32";
    case WASM_F64: return "f64";
    default: return "?";
  }
}

// "i32,i64 -> i32" for a registered function.
std::string signature(const HostFunctionDef& def) {
  std::string text;
  for (size_t i = 0; i < def.params.size(); ++i) text += (i ? "," : "") + kind_name(def.params[i]);
  text += " ->";
  for (wasm_valkind_t kind : def.results) text += " " + kind_name(kind);
  return text;
}

std::map<std::string, const HostFunctionDef*> registered() {
  std::map<std::string, const HostFunctionDef*> by_name;
  for (const auto& def : all_host_functions())
    by_name[std::string(def.module) + "::" + std::string(def.name)] = &def;
  return by_name;
}

nlohmann::json catalogue() {
  return nlohmann::json::parse(read_text(std::string(LH_SOURCE_DIR) + "/spec/host_functions.json"));
}

TEST(Catalogue, EveryRegisteredFunctionIsCataloguedWithItsExactSignature) {
  auto functions = registered();
  std::set<std::string> catalogued;
  const nlohmann::json spec = catalogue();
  for (const auto& f : spec["functions"]) {
    std::string name = f["namespace"].get<std::string>() + "::" + f["name"].get<std::string>();
    catalogued.insert(name);
    auto it = functions.find(name);
    ASSERT_NE(it, functions.end()) << name << " is catalogued but not registered";
    std::string text;
    for (size_t i = 0; i < f["params"].size(); ++i) {
      std::string param = f["params"][i].get<std::string>();
      text += (i ? "," : "") + param.substr(0, param.find(' '));
    }
    text += " ->";
    for (const auto& result : f["results"]) text += " " + result.get<std::string>();
    EXPECT_EQ(text, signature(*it->second)) << name;
  }
  for (const auto& [name, def] : functions)
    EXPECT_TRUE(catalogued.count(name)) << name << " is registered but not catalogued";
}

// Whether `text` can be part of a message made from `row`: a substring of the row, or, for a
// row with a "{}" (filled by HostResult::trap_filled), text that runs from the fixed part
// before the "{}" into the fixed part after it (covering at least 10 fixed characters).
bool part_of_row(const std::string& text, const std::string& row) {
  if (row.find(text) != std::string::npos) return true;
  size_t hole = row.find("{}");
  if (hole == std::string::npos) return false;
  std::string before = row.substr(0, hole), after = row.substr(hole + 2);
  for (size_t k = 0; k <= text.size(); ++k) {
    std::string head = text.substr(0, k);
    if (before.size() < head.size() ||
        before.compare(before.size() - head.size(), head.size(), head) != 0)
      continue;
    for (size_t j = k; j <= text.size(); ++j) {
      std::string tail = text.substr(j);
      if (after.compare(0, tail.size(), tail) == 0 && tail.size() <= after.size() &&
          head.size() + tail.size() >= 10)
        return true;
    }
  }
  return false;
}

TEST(Catalogue, EveryTrapTextIsARowOfTheTrapTableOrAnEngineMessage) {
  // Texts that come from the engine or the runtime, not from a host function's trap.
  const std::set<std::string> from_elsewhere = {"RuntimeError: unreachable",
                                                "RuntimeError: memory access out of bounds",
                                                "does not accept the given params",
                                                "not found",
                                                "killed",
                                                "linked process",
                                                "proc_exit(",
                                                "v128",
                                                "cannot suspend",
                                                "integer divide by zero"};
  std::vector<std::string> table;
#define LH_TRAP(id, message) table.push_back(message);
#include "harness/host/traps.def"
#undef LH_TRAP
  const nlohmann::json spec = catalogue();
  for (const auto& f : spec["functions"]) {
    for (const auto& outcome : f["outcomes"]) {
      if (outcome["kind"] != "trap") continue;
      std::string text = outcome["trap"].get<std::string>();
      bool found = false;
      for (const auto& row : table) found |= part_of_row(text, row);
      for (const auto& part : from_elsewhere) found |= text.find(part) != std::string::npos;
      EXPECT_TRUE(found) << outcome["id"] << ": \"" << text
                         << "\" is neither in traps.def nor a known engine message";
    }
  }
}

TEST(Catalogue, TheFunctionsThatMaySuspendAreTheOnesPreparationInstruments) {
  const auto& imports = guest_prepare_options().asyncify_options.imports;
  std::set<std::string> instrumented(imports.begin(), imports.end());
  for (const auto& def : all_host_functions()) {
    std::string name = std::string(def.module) + "." + std::string(def.name);
    EXPECT_EQ(def.may_suspend, instrumented.count(name) > 0) << name;
  }
}

// C declarations: LUNATIC_IMPORT("ns", name) <result> <c_name>(<params>);
TEST(Catalogue, TheCGuestHeaderDeclaresRegisteredFunctionsWithTheirSignatures) {
  std::string header = read_text(std::string(LH_SOURCE_DIR) + "/guests/c/lunatic.h");
  std::regex declaration(
      R"re(LUNATIC_IMPORT\("([^"]+)",\s*(\w+)\)\s*([\w\s\*]+?)\s*\**\s*\w+\(([^)]*)\);)re");
  auto c_kind = [](std::string type) -> std::string {
    if (type.find('*') != std::string::npos) return "i32";
    if (type.find("double") != std::string::npos) return "f64";
    if (type.find("64") != std::string::npos) return "i64";
    if (type.find("void") != std::string::npos) return "";
    return "i32";
  };
  auto functions = registered();
  int declared = 0;
  for (std::sregex_iterator it(header.begin(), header.end(), declaration), end; it != end; ++it) {
    ++declared;
    std::string name = (*it)[1].str() + "::" + (*it)[2].str();
    auto found = functions.find(name);
    ASSERT_NE(found, functions.end()) << name << " is declared in lunatic.h but not registered";
    std::string params = (*it)[4].str(), text;
    std::stringstream list(params);
    for (std::string param; std::getline(list, param, ',');) {
      if (c_kind(param).empty()) continue;
      text += (text.empty() ? "" : ",") + c_kind(param);
    }
    text += " ->";
    if (std::string result = c_kind((*it)[3].str()); !result.empty()) text += " " + result;
    EXPECT_EQ(text, signature(*found->second)) << name << " in guests/c/lunatic.h";
  }
  // Every declaration was understood (none skipped by the pattern).
  size_t expected = 0;
  for (size_t at = header.find("LUNATIC_IMPORT(\""); at != std::string::npos;
       at = header.find("LUNATIC_IMPORT(\"", at + 1))
    ++expected;
  EXPECT_EQ(static_cast<size_t>(declared), expected);
}

// The WAT prelude of the host tests imports every function with its signature.
TEST(Catalogue, TheTestPreludeImportsRegisteredFunctionsWithTheirSignatures) {
  std::string wat = guest("");
  std::regex import(
      R"re(\(import "([^"]+)" "([^"]+)" \(func \$\w+((?: \(param[^)]*\))?)((?: \(result[^)]*\))?)\)\))re");
  auto functions = registered();
  int imported = 0;
  for (std::sregex_iterator it(wat.begin(), wat.end(), import), end; it != end; ++it) {
    ++imported;
    std::string name = (*it)[1].str() + "::" + (*it)[2].str();
    auto found = functions.find(name);
    ASSERT_NE(found, functions.end()) << name;
    auto words = [](std::string text, const char* keyword) {
      std::string out;
      std::regex word(R"(i32|i64|f32|f64)");
      for (std::sregex_iterator w(text.begin(), text.end(), word), e; w != e; ++w)
        out += (out.empty() ? "" : std::string(keyword)) + w->str();
      return out;
    };
    std::string text = words((*it)[3].str(), ",") + " ->";
    std::string results = words((*it)[4].str(), " ");
    if (!results.empty()) text += " " + results;
    EXPECT_EQ(text, signature(*found->second)) << name << " in the WAT prelude";
  }
  EXPECT_GE(imported, 40);
}

}  // namespace
}  // namespace lh::host::testing
