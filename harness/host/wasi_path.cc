// wasi_snapshot_preview1 path_* functions: operations on the world's in-memory file system
// through a directory descriptor, each path resolved beneath that directory (a sandbox, as
// cap-std's Dir is). wasi-common 4's order of checks: the flags (wiggle), the directory
// descriptor and its rights, the path strings, then the operation (Linux's answers).
#include <string>

#include "harness/host/wasi_support.h"

namespace lh::host::wasi {
namespace {

// The directory descriptor `fd` with `rights`, and the path at (ptr, len).
Errno dir_and_path(HostCall& call, uint32_t fd, uint64_t rights, uint32_t ptr, uint32_t len,
                   sim::FdEntry** dir, std::string* path) {
  if (Errno error = get_dir(call, fd, dir); error != Errno::Success) return error;
  if (Errno error = dir_cap(**dir, rights); error != Errno::Success) return error;
  return Memory(call).read_string(ptr, len, path);
}

// path_create_directory, path_remove_directory and path_unlink_file: (fd, path, path_len),
// one file-system operation on the path beneath the directory, which needs `rights`.
using PathOperation = Errno (sim::Filesystem::*)(const sim::InodePtr&, std::string_view, uint64_t);
HostResult path_operation(HostCall& call, uint64_t rights, PathOperation operation) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* dir = nullptr;
  std::string path;
  LH_WASI_TRY(call, dir_and_path(call, call.u32(0), rights, call.u32(1), call.u32(2), &dir, &path));
  sim::Filesystem& fs = call.world.wasi().fs;
  return ret(call, (fs.*operation)(dir->inode, path, realtime_ns(call.world)));
}
HostResult path_create_directory(HostCall& call) {
  return path_operation(call, right::kPathCreateDirectory, &sim::Filesystem::create_directory);
}
HostResult path_remove_directory(HostCall& call) {
  return path_operation(call, right::kPathRemoveDirectory, &sim::Filesystem::remove_directory);
}
HostResult path_unlink_file(HostCall& call) {
  return path_operation(call, right::kPathUnlinkFile, &sim::Filesystem::unlink_file);
}

// path_filestat_get(fd, flags, path, path_len, buf)
HostResult path_filestat_get(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t flags = call.u32(1);
  if (flags & ~kLookupSymlinkFollow) return ret(call, Errno::Inval);
  sim::FdEntry* dir = nullptr;
  std::string path;
  LH_WASI_TRY(call, dir_and_path(call, call.u32(0), right::kPathFilestatGet, call.u32(2),
                                 call.u32(3), &dir, &path));
  sim::FileStat stat;
  LH_WASI_TRY(call, call.world.wasi().fs.stat(dir->inode, path, flags != 0, &stat));
  return ret(call, Memory(call).write_struct(call.u32(4),
                                             filestat_bytes(stat, filetype_of(stat.kind)), 8));
}

// path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)
HostResult path_filestat_set_times(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t flags = call.u32(1);
  if (flags & ~kLookupSymlinkFollow) return ret(call, Errno::Inval);
  std::optional<uint64_t> atim, mtim;
  LH_WASI_TRY(call, requested_times(call, call.u64(4), call.u64(5), call.u32(6), &atim, &mtim));
  sim::FdEntry* dir = nullptr;
  std::string path;
  LH_WASI_TRY(call, dir_and_path(call, call.u32(0), right::kPathFilestatSetTimes, call.u32(2),
                                 call.u32(3), &dir, &path));
  return ret(call, call.world.wasi().fs.set_times(dir->inode, path, flags != 0, atim, mtim));
}

// path_link(old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len): following a
// symlink is refused (EINVAL), as wasi-common does.
HostResult path_link(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t flags = call.u32(1);
  if (flags & ~kLookupSymlinkFollow) return ret(call, Errno::Inval);
  sim::FdEntry *from = nullptr, *to = nullptr;
  LH_WASI_TRY(call, get_dir(call, call.u32(0), &from));
  LH_WASI_TRY(call, dir_cap(*from, right::kPathLinkSource));
  LH_WASI_TRY(call, get_dir(call, call.u32(4), &to));
  LH_WASI_TRY(call, dir_cap(*to, right::kPathLinkTarget));
  if (flags & kLookupSymlinkFollow) return ret(call, Errno::Inval);
  Memory memory(call);
  std::string from_path, to_path;
  LH_WASI_TRY(call, memory.read_string(call.u32(2), call.u32(3), &from_path));
  LH_WASI_TRY(call, memory.read_string(call.u32(5), call.u32(6), &to_path));
  return ret(call, call.world.wasi().fs.link(from->inode, from_path, to->inode, to_path,
                                             realtime_ns(call.world)));
}

// path_rename(fd, old_path, old_len, new_fd, new_path, new_len)
HostResult path_rename(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry *from = nullptr, *to = nullptr;
  LH_WASI_TRY(call, get_dir(call, call.u32(0), &from));
  LH_WASI_TRY(call, dir_cap(*from, right::kPathRenameSource));
  LH_WASI_TRY(call, get_dir(call, call.u32(3), &to));
  LH_WASI_TRY(call, dir_cap(*to, right::kPathRenameTarget));
  Memory memory(call);
  std::string from_path, to_path;
  LH_WASI_TRY(call, memory.read_string(call.u32(1), call.u32(2), &from_path));
  LH_WASI_TRY(call, memory.read_string(call.u32(4), call.u32(5), &to_path));
  return ret(call, call.world.wasi().fs.rename(from->inode, from_path, to->inode, to_path,
                                               realtime_ns(call.world)));
}

// path_symlink(old_path, old_len, fd, new_path, new_len): a link at new_path holding
// old_path (any text; following one that leads out of the directory is EPERM).
HostResult path_symlink(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* dir = nullptr;
  LH_WASI_TRY(call, get_dir(call, call.u32(2), &dir));
  LH_WASI_TRY(call, dir_cap(*dir, right::kPathSymlink));
  Memory memory(call);
  std::string target, path;
  LH_WASI_TRY(call, memory.read_string(call.u32(0), call.u32(1), &target));
  LH_WASI_TRY(call, memory.read_string(call.u32(3), call.u32(4), &path));
  return ret(call, call.world.wasi().fs.symlink(target, dir->inode, path, realtime_ns(call.world)));
}

// path_readlink(fd, path, path_len, buf, buf_len, bufused_ptr): a link longer than buf_len
// is ERANGE (wasi-common 4; later versions truncate).
HostResult path_readlink(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* dir = nullptr;
  std::string path, target;
  LH_WASI_TRY(call, dir_and_path(call, call.u32(0), right::kPathReadlink, call.u32(1), call.u32(2),
                                 &dir, &path));
  LH_WASI_TRY(call, call.world.wasi().fs.readlink(dir->inode, path, &target));
  if (target.size() > call.u32(4)) return ret(call, Errno::Range);
  Memory memory(call);
  LH_WASI_TRY(
      call, memory.write_struct(
                call.u32(3), {reinterpret_cast<const uint8_t*>(target.data()), target.size()}, 1));
  return ret(call, memory.write_u32(call.u32(5), static_cast<uint32_t>(target.size())));
}

// path_open(fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags,
// fd_ptr): wasi-common 4 and cap-std-sync's open_file on Linux.
HostResult path_open(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t dirflags = call.u32(1), oflags = call.u32(4), fdflags = call.u32(7);
  uint64_t base = call.u64(5), inheriting = call.u64(6);
  if ((dirflags & ~kLookupSymlinkFollow) || (oflags & ~kOflagsAll) ||
      ((base | inheriting) & ~right::kAll) || (fdflags & ~kFdflagsAll))
    return ret(call, Errno::Inval);
  sim::FdEntry* found = call.process.wasi.fds.get(call.u32(0));
  if (found && found->kind != sim::FdKind::Directory) return ret(call, Errno::Notdir);
  sim::FdEntry* dir = nullptr;
  LH_WASI_TRY(call, get_dir(call, call.u32(0), &dir));
  std::string path;
  LH_WASI_TRY(call, Memory(call).read_string(call.u32(2), call.u32(3), &path));
  bool follow = (dirflags & kLookupSymlinkFollow) != 0;
  bool create = oflags & kOflagCreat, exclusive = oflags & kOflagExcl,
       truncate = oflags & kOflagTrunc;
  sim::Filesystem& fs = call.world.wasi().fs;
  sim::FdEntry opened;
  sim::OpenRequest request;
  request.follow = follow;
  if (oflags & kOflagDirectory) {
    if (create || exclusive || truncate) return ret(call, Errno::Inval);
    uint64_t dir_rights = dir->dir_rights & base & right::kDirCaps;
    uint64_t file_rights = dir->file_rights & inheriting & right::kFileCaps;
    LH_WASI_TRY(call, dir_cap(*dir, right::kPathOpen));
    request.directory = true;
    if (call.process.wasi.fds.size() >= kMaxDescriptors) return ret(call, Errno::Mfile);
    LH_WASI_TRY(call, fs.open(dir->inode, path, request, realtime_ns(call.world), &opened.inode));
    opened.kind = sim::FdKind::Directory;
    opened.dir_rights = dir_rights;
    opened.file_rights = file_rights;
  } else {
    uint64_t required = right::kPathOpen | (create ? right::kPathCreateFile : 0);
    uint64_t file_rights = dir->file_rights & base & right::kFileCaps;
    LH_WASI_TRY(call, dir_cap(*dir, required));
    bool read = file_rights & right::kFdRead;
    bool write = file_rights & (right::kFdWrite | right::kFdAllocate | right::kFdFilestatSetSize);
    bool append = fdflags & kFdflagAppend;
    // cap-std-sync: no SYNC family; cap-std (like std): creating or truncating needs write
    // access, truncating an appended file needs O_EXCL|O_CREAT.
    if (fdflags & (kFdflagDsync | kFdflagSync | kFdflagRsync)) return ret(call, Errno::Notsup);
    bool os_write = write || create;
    if (!os_write && !append && truncate) return ret(call, Errno::Inval);
    if (append && truncate && !(create && exclusive)) return ret(call, Errno::Inval);
    request.create = create;
    request.exclusive = create && exclusive;
    request.truncate = truncate;
    request.write = os_write || append;
    if (call.process.wasi.fds.size() >= kMaxDescriptors) return ret(call, Errno::Mfile);
    LH_WASI_TRY(call, fs.open(dir->inode, path, request, realtime_ns(call.world), &opened.inode));
    opened.kind = sim::FdKind::File;
    opened.readable = read || !os_write;
    opened.writable = os_write || append;
    opened.fdflags = static_cast<uint16_t>(fdflags & (kFdflagAppend | kFdflagNonblock));
    opened.file_rights = file_rights;
  }
  std::optional<uint32_t> fd = call.process.wasi.fds.push(std::move(opened));
  if (!fd) return ret(call, Errno::Mfile);
  return ret(call, Memory(call).write_u32(call.u32(8), *fd));
}

}  // namespace
}  // namespace lh::host::wasi

namespace lh::host {

void add_wasi_path_functions(std::vector<HostFunctionDef>& out) {
  using namespace wasi;
  constexpr std::string_view ns = "wasi_snapshot_preview1";
  constexpr auto I32 = WASM_I32, I64 = WASM_I64;
  out.push_back({ns, "path_create_directory", {I32, I32, I32}, {I32}, path_create_directory});
  out.push_back({ns, "path_filestat_get", {I32, I32, I32, I32, I32}, {I32}, path_filestat_get});
  out.push_back({ns,
                 "path_filestat_set_times",
                 {I32, I32, I32, I32, I64, I64, I32},
                 {I32},
                 path_filestat_set_times});
  out.push_back({ns, "path_link", {I32, I32, I32, I32, I32, I32, I32}, {I32}, path_link});
  out.push_back({ns, "path_open", {I32, I32, I32, I32, I32, I64, I64, I32, I32}, {I32}, path_open});
  out.push_back({ns, "path_readlink", {I32, I32, I32, I32, I32, I32}, {I32}, path_readlink});
  out.push_back({ns, "path_remove_directory", {I32, I32, I32}, {I32}, path_remove_directory});
  out.push_back({ns, "path_rename", {I32, I32, I32, I32, I32, I32}, {I32}, path_rename});
  out.push_back({ns, "path_symlink", {I32, I32, I32, I32, I32}, {I32}, path_symlink});
  out.push_back({ns, "path_unlink_file", {I32, I32, I32}, {I32}, path_unlink_file});
}

}  // namespace lh::host
