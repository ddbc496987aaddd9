// What the wasi_snapshot_preview1 host functions (wasi_*.cc) share: the memory rules of
// wiggle 4 (every function traps without a `memory` export; a pointer is checked for bounds,
// EFAULT, then alignment, EINVAL; results are written after the call's effect), the rights
// of wasi-common 4 (its FileCaps and DirCaps as `rights` bits, and the errno a missing one
// gives) and its descriptor lookups. Internal to the host layer.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "harness/host/registry.h"
#include "harness/sim/wasi_state.h"

namespace lh::host::wasi {

using sim::Errno;

// wasi_snapshot_preview1 `rights` bits.
namespace right {
inline constexpr uint64_t kFdDatasync = 1ull << 0, kFdRead = 1ull << 1, kFdSeek = 1ull << 2,
                          kFdFdstatSetFlags = 1ull << 3, kFdSync = 1ull << 4, kFdTell = 1ull << 5,
                          kFdWrite = 1ull << 6, kFdAdvise = 1ull << 7, kFdAllocate = 1ull << 8,
                          kPathCreateDirectory = 1ull << 9, kPathCreateFile = 1ull << 10,
                          kPathLinkSource = 1ull << 11, kPathLinkTarget = 1ull << 12,
                          kPathOpen = 1ull << 13, kFdReaddir = 1ull << 14,
                          kPathReadlink = 1ull << 15, kPathRenameSource = 1ull << 16,
                          kPathRenameTarget = 1ull << 17, kPathFilestatGet = 1ull << 18,
                          kPathFilestatSetSize = 1ull << 19, kPathFilestatSetTimes = 1ull << 20,
                          kFdFilestatGet = 1ull << 21, kFdFilestatSetSize = 1ull << 22,
                          kFdFilestatSetTimes = 1ull << 23, kPathSymlink = 1ull << 24,
                          kPathRemoveDirectory = 1ull << 25, kPathUnlinkFile = 1ull << 26,
                          kPollFdReadwrite = 1ull << 27, kSockShutdown = 1ull << 28,
                          kSockAccept = 1ull << 29;
inline constexpr uint64_t kAll = (1ull << 30) - 1;  // a value with other bits: EINVAL
// wasi-common 4's FileCaps (a file's rights) and DirCaps (a directory's), as rights.
inline constexpr uint64_t kFileCaps =
    kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell | kFdWrite | kFdAdvise |
    kFdAllocate | kFdFilestatGet | kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
inline constexpr uint64_t kDirCaps = kPathCreateDirectory | kPathCreateFile | kPathLinkSource |
                                     kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink |
                                     kPathRenameSource | kPathRenameTarget | kPathSymlink |
                                     kPathRemoveDirectory | kPathUnlinkFile | kPathFilestatGet |
                                     kPathFilestatSetTimes | kFdFilestatGet | kFdFilestatSetTimes;
}  // namespace right

// fdflags, oflags, lookupflags, fstflags bits.
inline constexpr uint32_t kFdflagAppend = 1, kFdflagDsync = 2, kFdflagNonblock = 4,
                          kFdflagRsync = 8, kFdflagSync = 16, kFdflagsAll = 31;
inline constexpr uint32_t kOflagCreat = 1, kOflagDirectory = 2, kOflagExcl = 4, kOflagTrunc = 8,
                          kOflagsAll = 15;
inline constexpr uint32_t kLookupSymlinkFollow = 1;
inline constexpr uint32_t kFstAtim = 1, kFstAtimNow = 2, kFstMtim = 4, kFstMtimNow = 8,
                          kFstAll = 15;

// wasi_snapshot_preview1 `filetype`.
enum class Filetype : uint8_t {
  Unknown = 0,
  CharacterDevice = 2,
  Directory = 3,
  RegularFile = 4,
  SymbolicLink = 7,
};
[[nodiscard]] Filetype filetype_of(sim::FileKind kind);

// The function's errno result.
inline HostResult ret(HostCall& call, Errno error) {
  call.return_i32(static_cast<int32_t>(error));
  return HostResult::ok();
}

// Returns errno `expr` from the enclosing host function unless it is Success.
#define LH_WASI_TRY(call, expr)                                                                \
  do {                                                                                         \
    if (::lh::sim::Errno lh_wasi_errno_ = (expr); lh_wasi_errno_ != ::lh::sim::Errno::Success) \
      return ::lh::host::wasi::ret((call), lh_wasi_errno_);                                    \
  } while (false)

// The first step of every WASI function (wiggle's glue, before the arguments are looked
// at): a module without a `memory` export traps, whatever the function (finding A14).
#define LH_WASI_REQUIRE_MEMORY(call) \
  if (!(call).memory().present()) return HostResult::trap(TrapId::WasiNoMemory)

// Guest memory as wiggle reads and writes it.
class Memory {
 public:
  explicit Memory(const HostCall& call) : memory_(call.memory()) {}

  // [ptr, ptr+len) with `align`: EFAULT out of bounds, then EINVAL misaligned.
  Errno region(uint32_t ptr, uint64_t len, uint32_t align, std::span<uint8_t>* out) const;
  Errno read_u32(uint32_t ptr, uint32_t* out) const;
  Errno write_u16(uint32_t ptr, uint16_t value) const;
  Errno write_u32(uint32_t ptr, uint32_t value) const;
  Errno write_u64(uint32_t ptr, uint64_t value) const;
  // A structure of `bytes.size()` bytes with `align`.
  Errno write_struct(uint32_t ptr, std::span<const uint8_t> bytes, uint32_t align) const;
  // A `string` argument (ptr, len): EFAULT out of bounds, EILSEQ when not UTF-8.
  Errno read_string(uint32_t ptr, uint32_t len, std::string* out) const;
  // An iovec array: each element (8 bytes, 4-aligned) read, then its buffer checked, in
  // order. `writable` buffers (fd_read) may not overlap one another (wiggle's borrow
  // checker: EFAULT).
  Errno iovecs(uint32_t ptr, uint32_t count, bool writable,
               std::vector<std::span<uint8_t>>* out) const;

 private:
  GuestMemory memory_;
};

inline void store_u16(uint8_t* at, uint16_t v) {
  for (int i = 0; i < 2; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline void store_u32(uint8_t* at, uint32_t v) {
  for (int i = 0; i < 4; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline void store_u64(uint8_t* at, uint64_t v) {
  for (int i = 0; i < 8; ++i) at[i] = static_cast<uint8_t>(v >> (8 * i));
}
inline uint64_t load_u64(const uint8_t* at) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | at[i];
  return v;
}
inline uint32_t load_u32(const uint8_t* at) {
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | at[i];
  return v;
}

// The 64-byte `filestat` of `stat`, with `type`.
[[nodiscard]] std::array<uint8_t, 64> filestat_bytes(const sim::FileStat& stat, Filetype type);

// wasi-common's table lookups: `fd` as a file (a standard stream or an open file) or as a
// directory; anything else (absent, or the other kind) is EBADF.
Errno get_file(HostCall& call, uint32_t fd, sim::FdEntry** out);
Errno get_dir(HostCall& call, uint32_t fd, sim::FdEntry** out);
// wasi-common 4's capability checks: a file missing READ or WRITE gives EBADF (as POSIX
// does), another right EPERM; a directory missing READDIR gives ENOTDIR, another EPERM.
Errno file_cap(const sim::FdEntry& entry, uint64_t rights);
Errno dir_cap(const sim::FdEntry& entry, uint64_t rights);

// The times fd_filestat_set_times and path_filestat_set_times set (wasi-common's
// systimespec, checked before the descriptor): nullopt leaves one unchanged; a time and its
// NOW flag together, or an unknown flag, are EINVAL.
Errno requested_times(const HostCall& call, uint64_t atim, uint64_t mtim, uint32_t flags,
                      std::optional<uint64_t>* atim_out, std::optional<uint64_t>* mtim_out);

// The REALTIME clock now (the world's virtual time from kRealtimeEpochNs).
[[nodiscard]] uint64_t realtime_ns(const sim::World& world);

// At most this many descriptors per process: a path_open beyond returns EMFILE (the
// reference is bound by the host's RLIMIT_NOFILE, shared by all its processes).
inline constexpr size_t kMaxDescriptors = 1024;

// The descriptors a process starts with: 0-2 (the world's stdin, its own stdout and
// stderr), then each preopen of `preopens` from 3, opened in the world's file system (as
// lunatic's build_wasi does with Dir::open_ambient_dir). The text of the first failure
// ("No such file or directory (os error 2)"), when a preopen cannot be opened.
[[nodiscard]] std::variant<sim::WasiContext, std::string> make_context(
    sim::World& world, const std::vector<std::string>& preopens);

}  // namespace lh::host::wasi
