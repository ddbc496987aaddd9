// The layer graph, checked on the sources rather than assumed. Every
// `#include "harness/<layer>/..."` in harness/, bench/ and examples/ must name a layer the
// including file may use; each layer's library must link the layers its code includes; V8's
// headers stay behind the engine's runtime, and the engine's private headers inside it.
//
//   base < binary < {engine, instrument} < sim < host < fuzz < scenario < explore < testrun
//   < report < cli
//
// Non-test code of a layer uses its own layer and the layers below it (engine and instrument
// are siblings: neither uses the other). Tests (tests/ and fuzz/ folders) use the same plus
// testing/, the test support. Benchmarks (bench/ folders), a layer's executables (tools/
// folders, e.g. the fuzz driver, which asks the scenario runner) and examples/ may use any layer
// but cli and testing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

// Each layer and the layers directly below it; "may use" is the closure plus itself.
const std::map<std::string, std::vector<std::string>> kDirectlyBelow = {
    {"base", {}},
    {"binary", {"base"}},
    {"engine", {"binary"}},
    {"instrument", {"binary"}},
    {"sim", {"engine", "instrument"}},
    {"host", {"sim"}},
    {"fuzz", {"host"}},  // the guest-program fuzzer: runs programs through host::Simulation
    {"scenario", {"fuzz"}},
    {"explore", {"scenario"}},  // one scenario over many seeds: strategies, workers, shards
    {"testrun", {"explore"}},   // a program's own test suite (the `test` command's engine)
    {"report", {"testrun"}},
    {"cli", {"report"}},
    {"testing", {"binary"}},  // test support: below every test, above binary
};

constexpr const char* kGraph =
    "base < binary < {engine, instrument} < sim < host < fuzz < scenario < explore < testrun < "
    "report < cli";

std::set<std::string> may_use(const std::string& layer) {
  std::set<std::string> layers{layer};
  for (const auto& below : kDirectlyBelow.at(layer)) layers.merge(may_use(below));
  return layers;
}

std::string joined(const std::set<std::string>& layers) {
  std::string text;
  for (const auto& layer : layers) text += (text.empty() ? "" : ", ") + layer;
  return text;
}

// What a source file is, from its path, and so which layers it may include.
struct Kind {
  std::string layer;  // the layer folder it sits in ("" for bench/ and examples/)
  enum { Code, Test, Bench } role = Code;

  std::set<std::string> allowed() const {
    if (role == Bench) {
      std::set<std::string> all;
      for (const auto& [name, below] : kDirectlyBelow)
        if (name != "cli" && name != "testing") all.insert(name);
      return all;
    }
    auto layers = may_use(layer);
    if (role == Test) layers.insert("testing");
    return layers;
  }
  std::string rule() const {
    if (role == Bench) return "benchmarks and examples use any layer but cli and testing";
    std::string rule = "a layer uses itself and the layers below it: " + std::string(kGraph);
    if (role == Test) rule = "tests use their layer, the layers below it and testing; " + rule;
    return rule;
  }
};

struct Include {
  std::string file;  // relative to the repository root
  int line = 0;
  std::string text;    // the included path, e.g. harness/sim/world.h
  std::string target;  // its layer folder, e.g. sim
  Kind from;
};

// Known violations, each with its reason. The test fails when one is no longer needed, so
// that the list only ever holds what is still true.
struct KnownException {
  const char* file;
  const char* target;
  const char* reason;
};
const KnownException kKnownExceptions[] = {
    {"harness/instrument/tests/v8_guest.h", "engine",
     "instrument's V8 tests run prepared guests through sim::Guest (review 1.1)"},
    {"harness/instrument/tests/v8_guest.h", "sim",
     "instrument's V8 tests run prepared guests through sim::Guest (review 1.1)"},
};

bool is_source(const fs::path& path) {
  auto ext = path.extension();
  return ext == ".h" || ext == ".cc" || ext == ".cpp" || ext == ".c";
}

class Layering : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::path(LH_SOURCE_DIR);
    for (const char* top : {"harness", "bench", "examples"}) {
      if (!fs::exists(root_ / top)) continue;
      for (const auto& entry : fs::recursive_directory_iterator(root_ / top)) {
        if (!entry.is_regular_file() || !is_source(entry.path())) continue;
        files_.push_back(fs::relative(entry.path(), root_).generic_string());
      }
    }
    std::sort(files_.begin(), files_.end());
  }

  // The kind of `file`, or an error message when it sits in no known layer.
  static std::optional<Kind> kind_of(const std::string& file, std::string* error) {
    std::vector<std::string> parts;
    for (const auto& part : fs::path(file)) parts.push_back(part.string());
    Kind kind;
    if (parts[0] != "harness") {
      kind.role = Kind::Bench;
      return kind;
    }
    if (parts.size() < 3 || parts[1] == "tests") return std::nullopt;  // harness-wide tests
    kind.layer = parts[1];
    if (!kDirectlyBelow.count(kind.layer)) {
      *error = file + ": harness/" + kind.layer + "/ is not a layer of " + kGraph +
               " (add it to kDirectlyBelow in harness/tests/layering_test.cc)";
      return std::nullopt;
    }
    for (size_t i = 2; i + 1 < parts.size(); ++i) {
      if (parts[i] == "tests" || parts[i] == "fuzz") kind.role = Kind::Test;
      if (parts[i] == "bench" || parts[i] == "tools") kind.role = Kind::Bench;
    }
    return kind;
  }

  // Every harness include in the scanned files (errors for files outside any layer).
  static std::vector<Include> includes(std::vector<std::string>* errors) {
    static const std::regex harness_include(R"(^\s*#\s*include\s*[<"]harness/([^/">]+)/[^">]+)");
    std::vector<Include> found;
    for (const auto& file : files_) {
      std::string error;
      auto kind = kind_of(file, &error);
      if (!error.empty()) errors->push_back(error);
      if (!kind) continue;
      std::ifstream in(root_ / file);
      std::string line;
      for (int number = 1; std::getline(in, line); ++number) {
        std::smatch match;
        if (!std::regex_search(line, match, harness_include)) continue;
        found.push_back({file, number, match.str(0).substr(match.str(0).find("harness/")),
                         match.str(1), *kind});
      }
    }
    return found;
  }

  static bool excepted(const Include& include) {
    for (const auto& e : kKnownExceptions)
      if (include.file == e.file && include.target == e.target) return true;
    return false;
  }

  static inline fs::path root_;
  static inline std::vector<std::string> files_;
};

TEST(LayerGraph, SiblingsAndBenchmarksFollowTheStatedRules) {
  EXPECT_EQ(may_use("sim"),
            (std::set<std::string>{"base", "binary", "engine", "instrument", "sim"}));
  EXPECT_FALSE(may_use("instrument").count("engine"));
  EXPECT_FALSE(may_use("engine").count("instrument"));
  EXPECT_TRUE(may_use("cli").count("base"));
  EXPECT_FALSE(may_use("report").count("cli"));
  Kind bench{"", Kind::Bench};
  EXPECT_TRUE(bench.allowed().count("report"));
  EXPECT_FALSE(bench.allowed().count("cli"));
  Kind sim_test{"sim", Kind::Test};
  EXPECT_TRUE(sim_test.allowed().count("testing"));
  EXPECT_FALSE(sim_test.allowed().count("host"));
}

TEST_F(Layering, EveryHarnessIncludeFollowsTheLayerGraph) {
  std::vector<std::string> errors;
  auto found = includes(&errors);
  for (const auto& error : errors) ADD_FAILURE() << error;
  EXPECT_GT(files_.size(), 100u);
  EXPECT_GT(found.size(), 300u);
  for (const auto& include : found) {
    if (!kDirectlyBelow.count(include.target)) {
      ADD_FAILURE() << include.file << ":" << include.line << ": #include \"" << include.text
                    << "\": harness/" << include.target << "/ is not a layer of " << kGraph;
      continue;
    }
    auto allowed = include.from.allowed();
    if (allowed.count(include.target) || excepted(include)) continue;
    ADD_FAILURE() << include.file << ":" << include.line << ": #include \"" << include.text
                  << "\" uses " << include.target << ", but this file may use only "
                  << joined(allowed) << " (rule: " << include.from.rule() << ")";
  }
}

TEST_F(Layering, KnownExceptionsAreStillNeeded) {
  std::vector<std::string> errors;
  auto found = includes(&errors);
  for (const auto& e : kKnownExceptions) {
    bool used = false;
    for (const auto& include : found)
      used |= include.file == e.file && include.target == e.target &&
              !include.from.allowed().count(include.target);
    EXPECT_TRUE(used) << e.file << " no longer includes a " << e.target
                      << " header it may not use: remove its entry from kKnownExceptions";
  }
}

TEST_F(Layering, EngineInternalHeadersAreIncludedOnlyByTheEngine) {
  std::vector<std::string> errors;
  for (const auto& include : includes(&errors)) {
    if (include.text.find("_internal.h") == std::string::npos) continue;
    EXPECT_EQ(include.from.layer, include.target)
        << include.file << ":" << include.line << ": #include \"" << include.text
        << "\" (rule: *_internal.h headers are private to their layer and not installed)";
  }
}

TEST_F(Layering, NoV8HeaderIsIncludedOutsideTheEngineRuntime) {
  const std::set<std::string> allowed = {"harness/engine/runtime.cc",
                                         "harness/engine/v8_internal.h"};
  const std::regex v8_include(R"(^\s*#\s*include\s*[<"](v8[-.a-z]*\.h|libplatform/))");
  for (const auto& file : files_) {
    if (allowed.count(file)) continue;
    std::ifstream in(root_ / file);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      EXPECT_FALSE(std::regex_search(line, v8_include))
          << file << ":" << number << ": " << line
          << " (rule: V8 headers only in harness/engine/runtime.cc and v8_internal.h)";
    }
  }
}

// The statement in a layer's CMakeLists.txt that links it (lh_library(lh_LAYER ...), or
// target_link_libraries of the CLI), and the lh_ targets named in it.
std::set<std::string> linked_layers(const fs::path& cmake_file, const std::string& layer) {
  std::ifstream in(cmake_file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string head =
      layer == "cli" ? "target_link_libraries(lunatic-harness" : "lh_library(lh_" + layer;
  auto start = text.find(head);
  if (start == std::string::npos) return {};
  int depth = 0;
  size_t end = start;
  for (; end < text.size(); ++end) {
    if (text[end] == '(') ++depth;
    if (text[end] == ')' && --depth == 0) break;
  }
  std::string statement = text.substr(start, end - start);
  std::set<std::string> linked;
  if (layer != "cli") linked.insert("base");  // lh_library links lh_base itself
  static const std::regex target(R"(\blh_([a-z]+)\b)");
  for (std::sregex_iterator it(statement.begin(), statement.end(), target), last; it != last; ++it)
    linked.insert((*it)[1]);
  return linked;
}

TEST_F(Layering, EveryLayerLinksTheLayersItIncludes) {
  std::vector<std::string> errors;
  std::map<std::string, std::set<std::string>> used;  // layer -> layers its code includes
  for (const auto& include : includes(&errors))
    if (include.from.role == Kind::Code && include.from.layer != include.target)
      used[include.from.layer].insert(include.target);
  for (const auto& [layer, targets] : used) {
    if (layer == "base") continue;  // header-only, no library to link
    fs::path cmake_file = root_ / "harness" / layer / "CMakeLists.txt";
    auto linked = linked_layers(cmake_file, layer);
    ASSERT_FALSE(linked.empty()) << "no link statement for " << layer << " in " << cmake_file;
    for (const auto& target : targets)
      EXPECT_TRUE(linked.count(target))
          << "harness/" << layer << "/ includes harness/" << target << "/ but harness/" << layer
          << "/CMakeLists.txt does not link lh_" << target
          << " (rule: each layer links the layers it really uses)";
  }
}

}  // namespace
