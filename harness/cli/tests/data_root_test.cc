// The CLI's data root: found beside the binary (build tree) or one level up (installed),
// overridden by $LUNATIC_HARNESS_DATA, and an error that names every place searched.
#include "harness/cli/data_root.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace lh::cli {
namespace {

namespace fs = std::filesystem;

class DataRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lh-data-root-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "bin");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Creates `relative` (a file when it has an extension, else a directory) under dir_.
  void make(const std::string& relative) {
    fs::path path = dir_ / relative;
    if (path.has_extension()) {
      fs::create_directories(path.parent_path());
      std::ofstream(path) << "{}";
    } else {
      fs::create_directories(path);
    }
  }
  DataSearch from_bin() const { return {std::nullopt, (dir_ / "bin").string()}; }
  std::string at(const std::string& relative) const {
    return fs::canonical(dir_ / relative).string();
  }

  fs::path dir_;
};

TEST_F(DataRoot, InstalledLayoutShareBesideBinIsFound) {
  make("share/lunatic-harness/guests");
  make("share/lunatic-harness/spec/host_functions.json");
  auto guests = find_data("guests", from_bin());
  ASSERT_TRUE(guests.ok()) << guests.message();
  EXPECT_EQ(*guests, at("share/lunatic-harness/guests"));
  auto spec = find_data("spec/host_functions.json", from_bin());
  ASSERT_TRUE(spec.ok()) << spec.message();
  EXPECT_EQ(*spec, at("share/lunatic-harness/spec/host_functions.json"));
}

TEST_F(DataRoot, BuildTreeLayoutBesideTheBinaryIsFoundFirst) {
  make("bin/share/lunatic-harness/guests");
  make("share/lunatic-harness/guests");
  auto guests = find_data("guests", from_bin());
  ASSERT_TRUE(guests.ok()) << guests.message();
  EXPECT_EQ(*guests, at("bin/share/lunatic-harness/guests"));
}

TEST_F(DataRoot, SymlinksInTheBuildTreeAreResolved) {
  make("sources/fixtures");
  make("bin/share/lunatic-harness");
  fs::create_directory_symlink(dir_ / "sources/fixtures",
                               dir_ / "bin/share/lunatic-harness/fixtures");
  auto fixtures = find_data("fixtures", from_bin());
  ASSERT_TRUE(fixtures.ok()) << fixtures.message();
  EXPECT_EQ(*fixtures, at("sources/fixtures"));
}

TEST_F(DataRoot, EnvironmentRootIsTheOnlyOneSearchedWhenSet) {
  make("share/lunatic-harness/guests");
  make("elsewhere/guests");
  DataSearch search = from_bin();
  search.env_root = (dir_ / "elsewhere").string();
  auto guests = find_data("guests", search);
  ASSERT_TRUE(guests.ok()) << guests.message();
  EXPECT_EQ(*guests, at("elsewhere/guests"));

  search.env_root = (dir_ / "empty").string();
  EXPECT_FALSE(find_data("guests", search).ok());
  EXPECT_EQ(data_roots(search), std::vector<std::string>{(dir_ / "empty").string()});
}

TEST_F(DataRoot, NotFoundNamesEveryPlaceSearched) {
  auto guests = find_data("guests", from_bin());
  ASSERT_FALSE(guests.ok());
  EXPECT_NE(guests.message().find("cannot find guests"), std::string::npos) << guests.message();
  EXPECT_NE(guests.message().find((dir_ / "bin/share/lunatic-harness/guests").string()),
            std::string::npos)
      << guests.message();
  EXPECT_NE(guests.message().find((dir_ / "share/lunatic-harness/guests").string()),
            std::string::npos)
      << guests.message();
  EXPECT_NE(guests.message().find("LUNATIC_HARNESS_DATA"), std::string::npos) << guests.message();
}

TEST_F(DataRoot, UnknownExecutableDirectoryWithoutEnvironmentSearchesNothing) {
  auto guests = find_data("guests", DataSearch{});
  ASSERT_FALSE(guests.ok());
  EXPECT_NE(guests.message().find("LUNATIC_HARNESS_DATA"), std::string::npos) << guests.message();
}

TEST(DataRootOfThisProcess, ExecutableDirectoryComesFromProcSelfExe) {
  DataSearch search = this_process_data_search();
  ASSERT_FALSE(search.exe_dir.empty());
  EXPECT_TRUE(fs::exists(fs::path(search.exe_dir) / "lh_cli_data_root_test")) << search.exe_dir;
}

}  // namespace
}  // namespace lh::cli
