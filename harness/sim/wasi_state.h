// The WASI state of a world and of its processes, as plain data: the file system, standard
// input and random stream every process shares (WasiWorld, one per World), and each
// process's descriptor table, clock origin and blocked poll (WasiContext, one per Process).
// The host functions (harness/host/wasi_*.cc) give it wasi-common 4's semantics.
// Deterministic: descriptor numbers, the random stream and every time come from the world.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/sim/filesystem.h"
#include "harness/sim/prng.h"

namespace lh::sim {

// The REALTIME clock reads this instant plus the world's virtual time: 2023-01-01T00:00:00Z
// (an arbitrary fixed epoch; the reference reads the host's wall clock).
inline constexpr uint64_t kRealtimeEpochNs = 1'672'531'200'000'000'000ull;

enum class FdKind : uint8_t { Stdin, Stdout, Stderr, File, Directory };

// One descriptor: a standard stream, an open file (its own position: WASI has no dup) or a
// directory. Rights are wasi_snapshot_preview1 `rights` bits.
struct FdEntry {
  FdKind kind = FdKind::File;
  InodePtr inode;         // File, Directory
  uint64_t position = 0;  // File: where the next fd_read / fd_write happens
  uint16_t fdflags = 0;   // File: APPEND, NONBLOCK (fd_fdstat_set_flags)
  bool readable = false;  // File: the access mode it was opened with (the OS's view)
  bool writable = false;
  uint64_t file_rights = 0;            // a file's rights; a directory's for files beneath it
  uint64_t dir_rights = 0;             // Directory: its own rights
  std::optional<std::string> preopen;  // Directory: the preopened name (fd_prestat_dir_name)
};

// A process's descriptors, numbered as wasi-common's Table does: 0-2 are inserted at their
// place, every other descriptor takes the next number of a counter that starts at 3 and is
// never rewound (a closed number is not reused until the counter wraps around).
class FdTable {
 public:
  // The descriptor `entry` gets, or nullopt when all 2^32 numbers are taken.
  std::optional<uint32_t> push(FdEntry entry) {
    if (entries_.size() == UINT32_MAX) return std::nullopt;
    for (;;) {
      uint32_t fd = next_;
      next_ = next_ == UINT32_MAX ? 0 : next_ + 1;
      if (entries_.count(fd)) continue;
      entries_.emplace(fd, std::move(entry));
      return fd;
    }
  }
  // Puts `entry` at `fd`, replacing what was there.
  void insert_at(uint32_t fd, FdEntry entry) { entries_[fd] = std::move(entry); }
  [[nodiscard]] FdEntry* get(uint32_t fd) {
    auto it = entries_.find(fd);
    return it == entries_.end() ? nullptr : &it->second;
  }
  bool remove(uint32_t fd) { return entries_.erase(fd) > 0; }
  [[nodiscard]] size_t size() const { return entries_.size(); }

 private:
  std::map<uint32_t, FdEntry> entries_;
  uint32_t next_ = 3;
};

// One clock subscription of a blocked poll_oneoff.
struct PollClock {
  uint64_t userdata = 0;
  uint64_t deadline_ns = 0;  // virtual time
};

struct WasiContext {
  FdTable fds;
  uint64_t clock_origin_ns = 0;        // virtual time at spawn: MONOTONIC's zero for this process
  std::vector<PollClock> poll_clocks;  // the blocked poll_oneoff's clocks (reported on wake)
  bool poll_reports_all = false;       // its fast path: the one clock fires, whatever the time
};

// What every process of a world shares.
struct WasiWorld {
  explicit WasiWorld(uint64_t seed) : fs(FsLimits{}, kRealtimeEpochNs), random(seed ^ kSalt) {}

  Filesystem fs;
  std::string stdin_data;     // the scenario's standard input, as if redirected from a file
  uint64_t stdin_offset = 0;  // consumed so far, by whichever process read it
  Prng random;                // random_get's stream: the seed's, apart from the scheduler's

 private:
  static constexpr uint64_t kSalt = 0x7761'7369'5f72'6e67ull;  // "wasi_rng"
};

}  // namespace lh::sim
