// The build stays embeddable and relocatable: CMake files name this project's directories
// with PROJECT_SOURCE_DIR / PROJECT_BINARY_DIR (CMAKE_SOURCE_DIR is the embedding project's
// root under add_subdirectory or FetchContent), leave CTest's BUILD_TESTING and the global
// rpath alone, and bake no source path into the CLI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

std::vector<fs::path> cmake_files() {
  const fs::path root(LH_SOURCE_DIR);
  std::vector<fs::path> files = {root / "CMakeLists.txt"};
  for (const char* top : {"cmake", "harness", "guests", "fixtures", "bench", "examples"}) {
    if (!fs::exists(root / top)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / top)) {
      const auto name = entry.path().filename().string();
      if (entry.is_regular_file() &&
          (name == "CMakeLists.txt" || entry.path().extension() == ".cmake" ||
           name.ends_with(".cmake.in")))
        files.push_back(entry.path());
    }
  }
  return files;
}

struct Banned {
  const char* text;
  const char* rule;
};

TEST(BuildFiles, NameThisProjectsDirectoriesAndLeaveGlobalSettingsAlone) {
  const Banned banned[] = {
      {"${CMAKE_SOURCE_DIR}", "use ${PROJECT_SOURCE_DIR}: the build must work when embedded"},
      {"${CMAKE_BINARY_DIR}", "use ${PROJECT_BINARY_DIR}: the build must work when embedded"},
      {"option(BUILD_TESTING", "use LH_BUILD_TESTS; BUILD_TESTING belongs to CTest"},
      {"CMAKE_BUILD_RPATH", "set the rpath per target, not for every target"},
      {"LH_DEFAULT_", "the CLI finds its data at run time (harness/cli/data_root.h)"},
  };
  const auto files = cmake_files();
  EXPECT_GT(files.size(), 10u);
  for (const auto& file : files) {
    std::ifstream in(file);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      if (line.find_first_not_of(" \t") == line.find('#')) continue;  // comments may name them
      for (const auto& b : banned)
        EXPECT_EQ(line.find(b.text), std::string::npos)
            << fs::relative(file, LH_SOURCE_DIR).generic_string() << ":" << number << ": " << line
            << " (rule: " << b.rule << ")";
    }
  }
}

}  // namespace
