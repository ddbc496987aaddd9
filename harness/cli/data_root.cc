#include "harness/cli/data_root.h"

#include <cstdlib>
#include <filesystem>

// The installed data root relative to the installed executable's directory (CMake derives
// it from the install layout; this default is the usual bin/ beside share/).
#ifndef LH_INSTALLED_DATA_FROM_BIN
#define LH_INSTALLED_DATA_FROM_BIN "../share/lunatic-harness"
#endif

namespace lh::cli {

namespace fs = std::filesystem;

DataSearch this_process_data_search() {
  DataSearch search;
  if (const char* env = std::getenv(kDataRootEnv); env != nullptr && *env != '\0')
    search.env_root = env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) search.exe_dir = exe.parent_path().string();
  return search;
}

std::vector<std::string> data_roots(const DataSearch& search) {
  if (search.env_root) return {*search.env_root};
  if (search.exe_dir.empty()) return {};
  const fs::path exe_dir(search.exe_dir);
  return {(exe_dir / "share" / "lunatic-harness").lexically_normal().string(),
          (exe_dir / LH_INSTALLED_DATA_FROM_BIN).lexically_normal().string()};
}

Result<std::string> find_data(std::string_view relative, const DataSearch& search) {
  std::string looked;
  for (const auto& root : data_roots(search)) {
    fs::path candidate = fs::path(root) / relative;
    std::error_code ec;
    if (fs::exists(candidate, ec)) {
      fs::path resolved = fs::canonical(candidate, ec);
      return ec ? candidate.string() : resolved.string();
    }
    looked += (looked.empty() ? "" : ", ") + candidate.string();
  }
  std::string where;
  if (search.env_root)
    where = "looked in " + looked + " ($" + kDataRootEnv + ")";
  else if (!looked.empty())
    where = "looked in " + looked + " (set $" + kDataRootEnv + " to another data root)";
  else
    where =
        "the executable's directory is unknown and $" + std::string(kDataRootEnv) + " is not set";
  return Status::error("cannot find " + std::string(relative) + ": " + where);
}

}  // namespace lh::cli
