// The engine layer is the only door to V8: no file outside harness/engine/ includes a V8
// header.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace {

TEST(Layering, NoV8HeaderIsIncludedOutsideTheEngineLayer) {
  namespace fs = std::filesystem;
  const fs::path harness = fs::path(LH_SOURCE_DIR) / "harness";
  const std::regex v8_include(R"(#\s*include\s*[<"](v8[-.a-z]*\.h|libplatform/))");
  int scanned = 0;
  for (const auto& entry : fs::recursive_directory_iterator(harness)) {
    if (!entry.is_regular_file()) continue;
    auto ext = entry.path().extension();
    if (ext != ".h" && ext != ".cc" && ext != ".cpp") continue;
    ++scanned;
    auto relative = fs::relative(entry.path(), harness).generic_string();
    if (relative.rfind("engine/", 0) == 0) continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      EXPECT_FALSE(std::regex_search(line, v8_include)) << relative << ": " << line;
    }
  }
  EXPECT_GT(scanned, 10);
}

}  // namespace
