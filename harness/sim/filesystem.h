// The deterministic in-memory file system of one world: directories, regular files and
// symbolic links, with Linux's answers (as cap-std gives them to wasi-common 4) to every
// operation WASI makes. Paths resolve beneath a base directory that is a sandbox root, as
// cap-std's Dir is: an absolute path, a `..` above the base or a symlink leading out of it is
// an escape (EPERM). Inode numbers count from 1 and are never reused; timestamps are what
// the caller passes (the world's virtual REALTIME); a directory lists its entries in byte
// order of their names. Sizes are bounded (FsLimits), so no guest can exhaust the harness's
// memory. Inodes are shared: an open file keeps an unlinked inode alive until it is closed.
// Single-threaded, owned by the World (WasiWorld); nothing here reads the host.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lh::sim {

// WASI errno values (wasi_snapshot_preview1 numbering): the file system's error vocabulary.
enum class Errno : uint16_t {
  Success = 0,
  Acces = 2,
  Badf = 8,
  Busy = 10,
  Exist = 20,
  Fault = 21,
  Fbig = 22,
  Ilseq = 25,
  Inval = 28,
  Io = 29,
  Isdir = 31,
  Loop = 32,
  Mfile = 33,
  Nametoolong = 37,
  Noent = 44,
  Nospc = 51,
  Notdir = 54,
  Notempty = 55,
  Notsup = 58,
  Overflow = 61,
  Perm = 63,
  Range = 68,
  Spipe = 70,
  Notcapable = 76,
};

enum class FileKind : uint8_t { Directory, Regular, Symlink };

// Bounds of one file system (Linux's NAME_MAX, PATH_MAX and MAXSYMLINKS, and the harness's
// own memory bounds).
struct FsLimits {
  uint64_t max_file_bytes = uint64_t{64} << 20;    // a write or resize beyond: EFBIG
  uint64_t max_total_bytes = uint64_t{256} << 20;  // file and symlink bytes: ENOSPC beyond
  uint64_t max_inodes = 100'000;                   // beyond: ENOSPC
  size_t max_name_bytes = 255;                     // a longer component: ENAMETOOLONG
  size_t max_path_bytes = 4095;                    // a longer path: ENAMETOOLONG
  int max_symlinks = 40;                           // more expansions in one lookup: ELOOP
};

struct FsUsage {
  uint64_t bytes = 0;
  uint64_t inodes = 0;
};

struct Inode;
using InodePtr = std::shared_ptr<Inode>;

// One file, directory or symlink. Reached through the Filesystem's operations only.
struct Inode {
  Inode(uint64_t ino, FileKind kind, uint64_t now_ns, std::shared_ptr<FsUsage> usage);
  ~Inode();
  Inode(const Inode&) = delete;
  Inode& operator=(const Inode&) = delete;

  const uint64_t ino;
  const FileKind kind;
  std::vector<uint8_t> data;                // Regular: the contents
  std::map<std::string, InodePtr> entries;  // Directory: by name, in byte order
  std::weak_ptr<Inode> parent;              // Directory: the directory holding it
  bool removed = false;                     // Directory: rmdir'ed (or replaced) while open
  std::string target;                       // Symlink: its contents
  uint64_t links = 0;                       // directory entries naming it
  uint64_t atim_ns = 0, mtim_ns = 0;
  const uint64_t birth_ns;  // reported as ctim: wasi-common takes `created()` (statx btime)

 private:
  std::shared_ptr<FsUsage> usage_;
  friend class Filesystem;
};

// What fd_filestat_get / path_filestat_get report.
struct FileStat {
  uint64_t dev = 0, ino = 0;
  FileKind kind = FileKind::Regular;
  uint64_t nlink = 0, size = 0, atim_ns = 0, mtim_ns = 0, ctim_ns = 0;
};

// One directory entry as fd_readdir lists it.
struct DirListing {
  std::string name;
  uint64_t ino = 0;
  FileKind kind = FileKind::Regular;
};

// How path_open opens (wasi-common's OFlags, lookup flag and access mode).
struct OpenRequest {
  bool follow = true;  // follow a symlink in the last component
  bool create = false, exclusive = false, truncate = false, directory = false;
  bool write = false;  // opened for writing (or appending)
};

class Filesystem {
 public:
  static constexpr uint64_t kDevice = 1;  // st_dev of every inode

  // An empty file system: a root directory (inode 1) created at `now_ns`.
  explicit Filesystem(FsLimits limits = {}, uint64_t now_ns = 0);
  ~Filesystem();
  Filesystem(const Filesystem&) = delete;
  Filesystem& operator=(const Filesystem&) = delete;

  [[nodiscard]] const InodePtr& root() const { return root_; }
  [[nodiscard]] const FsLimits& limits() const { return limits_; }
  [[nodiscard]] FsUsage usage() const { return *usage_; }

  // The directory a host-side path names, resolved outside any sandbox: the root is both `/`
  // and the current directory, `..` at the root stays there (as `Dir::open_ambient_dir` does
  // on the host). ENOENT / ENOTDIR as Linux's open(O_DIRECTORY).
  Errno open_ambient_dir(std::string_view path, InodePtr* out) const;

  // path_open: the inode opened (created when asked). Linux's openat(2) answers.
  Errno open(const InodePtr& base, std::string_view path, const OpenRequest& request,
             uint64_t now_ns, InodePtr* out);
  Errno stat(const InodePtr& base, std::string_view path, bool follow, FileStat* out) const;
  [[nodiscard]] static FileStat stat_of(const Inode& inode);
  Errno create_directory(const InodePtr& base, std::string_view path, uint64_t now_ns);
  Errno remove_directory(const InodePtr& base, std::string_view path, uint64_t now_ns);
  Errno unlink_file(const InodePtr& base, std::string_view path, uint64_t now_ns);
  Errno rename(const InodePtr& from_base, std::string_view from, const InodePtr& to_base,
               std::string_view to, uint64_t now_ns);
  Errno link(const InodePtr& from_base, std::string_view from, const InodePtr& to_base,
             std::string_view to, uint64_t now_ns);
  Errno symlink(std::string_view target, const InodePtr& base, std::string_view path,
                uint64_t now_ns);
  Errno readlink(const InodePtr& base, std::string_view path, std::string* out) const;
  // Sets the times of the inode at `path` (nullopt: unchanged).
  Errno set_times(const InodePtr& base, std::string_view path, bool follow,
                  std::optional<uint64_t> atim_ns, std::optional<uint64_t> mtim_ns);
  static void set_times(Inode& inode, std::optional<uint64_t> atim_ns,
                        std::optional<uint64_t> mtim_ns);

  // File contents. read: up to out.size() bytes at `offset` (EISDIR for a directory).
  Errno read(const Inode& inode, uint64_t offset, std::span<uint8_t> out, size_t* count) const;
  // write: `bytes` at `offset`, zero-filling a gap; a write that would pass max_file_bytes
  // writes what fits (EFBIG when nothing does), likewise ENOSPC for the total.
  Errno write(Inode& inode, uint64_t offset, std::span<const uint8_t> bytes, uint64_t now_ns,
              size_t* count);
  Errno set_size(Inode& inode, uint64_t size, uint64_t now_ns);
  // A directory's entries in byte order of their names (none once removed).
  [[nodiscard]] static std::vector<DirListing> list(const Inode& directory);

  // Scenario seeding (before any process runs): creates the directories of `path` (relative
  // to the root) and a file there with `data`, or a symlink with `target`. Errors as above.
  Errno seed_directory(std::string_view path, uint64_t now_ns);
  Errno seed_file(std::string_view path, std::string_view data, uint64_t now_ns);
  Errno seed_symlink(std::string_view path, std::string_view target, uint64_t now_ns);

 private:
  // Where a path leads: the directory holding its last component and that component's name
  // (empty when the path ends in `.` or `..`), and the inode there (null when absent).
  struct Resolved {
    InodePtr parent;
    std::string name;
    InodePtr node;
    bool trailing_slash = false;
  };
  enum class Mode { Sandboxed, Ambient };
  Errno resolve(const InodePtr& base, std::string_view path, bool follow, Mode mode,
                Resolved* out) const;
  Errno new_inode(FileKind kind, uint64_t now_ns, InodePtr* out);
  // Adds `child` to `directory` under `name`; the directory's mtime is `now_ns`.
  static void attach(Inode& directory, const std::string& name, const InodePtr& child,
                     uint64_t now_ns);
  static void detach(Inode& directory, const std::string& name, uint64_t now_ns);
  Errno reserve_bytes(uint64_t old_size, uint64_t new_size);

  FsLimits limits_;
  std::shared_ptr<FsUsage> usage_;
  uint64_t next_ino_ = 1;
  InodePtr root_;
};

[[nodiscard]] const char* errno_name(Errno error);

}  // namespace lh::sim
