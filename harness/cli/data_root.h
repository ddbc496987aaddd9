// Where the CLI finds its data when no flag names it: the outcome catalogue
// (spec/host_functions.json), the scenarios (fixtures/) and the built guests (guests/).
// They are looked up at run time under a data root, never at paths baked in at build time,
// so the binary moves with its share/ folder. The roots, in order:
//   $LUNATIC_HARNESS_DATA                    when set, the only root searched
//   <dir of the executable>/share/lunatic-harness      the build tree (CMake lays it out)
//   <dir of the executable>/../share/lunatic-harness   an installed prefix (bin/ and share/)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harness/base/result.h"

namespace lh::cli {

inline constexpr const char* kDataRootEnv = "LUNATIC_HARNESS_DATA";

struct DataSearch {
  std::optional<std::string> env_root;  // the value of $LUNATIC_HARNESS_DATA, if set
  std::string exe_dir;                  // the running executable's directory ("" if unknown)
};

// The search for this process: $LUNATIC_HARNESS_DATA and the directory of /proc/self/exe.
[[nodiscard]] DataSearch this_process_data_search();

// The data roots `search` looks in, in order.
[[nodiscard]] std::vector<std::string> data_roots(const DataSearch& search);

// `<root>/<relative>` (symlinks resolved) for the first root in which it exists, or an
// error naming every path looked at.
[[nodiscard]] Result<std::string> find_data(std::string_view relative, const DataSearch& search);

}  // namespace lh::cli
