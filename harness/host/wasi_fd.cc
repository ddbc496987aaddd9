// wasi_snapshot_preview1 fd_* functions over a process's descriptor table: the standard
// streams (stdin the world's, stdout and stderr captured per process), open files of the
// world's in-memory file system, and directories. wasi-common 4's order of checks: the
// arguments (wiggle), the descriptor, its rights, the guest buffers, the operation, then the
// results written to guest memory.
#include <algorithm>
#include <cstring>

#include "harness/base/utf8.h"
#include "harness/host/wasi_support.h"

namespace lh::host::wasi {
namespace {

constexpr uint64_t kMaxFileOffset = static_cast<uint64_t>(INT64_MAX);

// Appends what a guest writes to stdout or stderr to the process's capture, and records it.
// Output is captured up to a bound per stream, so a guest printing forever cannot exhaust
// the harness's memory; the trace keeps at most the first kTraceTextBytes of each write. The
// harness keeps at most what those bounds need, whatever the iovecs add up to (a guest may
// point any number of them at the same region). Returns the byte count written.
uint64_t capture_output(HostCall& call, sim::FdKind stream,
                        const std::vector<std::span<uint8_t>>& buffers) {
  constexpr size_t kMaxCaptureBytes = size_t{16} << 20, kTraceTextBytes = 4096;
  uint64_t total = 0;
  for (const auto& buffer : buffers) total += buffer.size();
  std::string& capture = stream == sim::FdKind::Stdout ? call.process.outcome.stdout_text
                                                       : call.process.outcome.stderr_text;
  size_t capture_room = capture.size() < kMaxCaptureBytes ? kMaxCaptureBytes - capture.size() : 0;
  size_t wanted =
      static_cast<size_t>(std::min<uint64_t>(total, std::max(capture_room, kTraceTextBytes)));
  std::string text;
  text.reserve(wanted);
  for (size_t i = 0; i < buffers.size() && text.size() < wanted; ++i) {
    size_t take = std::min(buffers[i].size(), wanted - text.size());
    text.append(reinterpret_cast<const char*>(buffers[i].data()), take);
  }
  static constexpr std::string_view kTruncated = "\n[output truncated by lunatic-harness]\n";
  if (capture_room > 0) {
    capture.append(text, 0, capture_room);
    if (capture.size() == kMaxCaptureBytes) capture += kTruncated;
  }
  call.world.record(stream == sim::FdKind::Stdout ? sim::EventKind::Stdout : sim::EventKind::Stderr,
                    call.process.id,
                    {{"text", text.substr(0, utf8_prefix_length(text, kTraceTextBytes))}});
  return total;
}

// Reads into `buffers` from `entry` (at `offset` for fd_pread, else at its position).
Errno read_into(HostCall& call, sim::FdEntry& entry, const std::vector<std::span<uint8_t>>& buffers,
                std::optional<uint64_t> offset, uint64_t* total) {
  *total = 0;
  switch (entry.kind) {
    case sim::FdKind::Stdin: {
      if (offset) return Errno::Spipe;
      sim::WasiWorld& wasi = call.world.wasi();
      for (const auto& buffer : buffers) {
        uint64_t left = wasi.stdin_data.size() - wasi.stdin_offset;
        size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), left));
        std::memcpy(buffer.data(), wasi.stdin_data.data() + wasi.stdin_offset, n);
        wasi.stdin_offset += n;
        *total += n;
        if (n < buffer.size()) break;
      }
      return Errno::Success;
    }
    case sim::FdKind::Stdout:
    case sim::FdKind::Stderr: return Errno::Badf;
    case sim::FdKind::File: break;
    case sim::FdKind::Directory: return Errno::Badf;
  }
  if (!entry.readable) return Errno::Badf;
  uint64_t at = offset ? *offset : entry.position;
  if (offset && *offset > kMaxFileOffset) return Errno::Inval;
  for (const auto& buffer : buffers) {
    size_t n = 0;
    if (Errno error = call.world.wasi().fs.read(*entry.inode, at, buffer, &n);
        error != Errno::Success)
      return error;
    at += n;
    *total += n;
    if (n < buffer.size()) break;
  }
  if (!offset) entry.position = at;
  return Errno::Success;
}

// Writes `buffers` to `entry` (at `offset` for fd_pwrite, else at its position; appending
// when it was opened or set with APPEND, fd_pwrite included, as Linux does).
Errno write_from(HostCall& call, sim::FdEntry& entry,
                 const std::vector<std::span<uint8_t>>& buffers, std::optional<uint64_t> offset,
                 uint64_t* total) {
  *total = 0;
  switch (entry.kind) {
    case sim::FdKind::Stdout:
    case sim::FdKind::Stderr:
      if (offset) return Errno::Spipe;
      *total = capture_output(call, entry.kind, buffers);
      return Errno::Success;
    case sim::FdKind::Stdin:
    case sim::FdKind::Directory: return Errno::Badf;
    case sim::FdKind::File: break;
  }
  if (!entry.writable) return Errno::Badf;
  if (offset && *offset > kMaxFileOffset) return Errno::Inval;
  sim::Filesystem& fs = call.world.wasi().fs;
  bool append = (entry.fdflags & kFdflagAppend) != 0;
  uint64_t at = append ? entry.inode->data.size() : offset ? *offset : entry.position;
  uint64_t now = realtime_ns(call.world);
  for (const auto& buffer : buffers) {
    size_t n = 0;
    Errno error = fs.write(*entry.inode, at, buffer, now, &n);
    if (error != Errno::Success) {
      if (*total > 0) break;  // a short write reports what was written
      return error;
    }
    at += n;
    *total += n;
    if (n < buffer.size()) break;
  }
  if (!offset) entry.position = at;
  return Errno::Success;
}

// fd_read, fd_pread, fd_write and fd_pwrite: (fd, iovs, iovs_len[, offset], count_ptr). The
// positioned forms also need SEEK and leave the position alone. A write's data lands
// before its count (A20).
enum class Direction { Read, Write };
HostResult vectored_io(HostCall& call, Direction direction, bool positioned) {
  LH_WASI_REQUIRE_MEMORY(call);
  Memory memory(call);
  const bool read = direction == Direction::Read;
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  uint64_t rights = (read ? right::kFdRead : right::kFdWrite) | (positioned ? right::kFdSeek : 0);
  LH_WASI_TRY(call, file_cap(*entry, rights));
  std::vector<std::span<uint8_t>> buffers;
  LH_WASI_TRY(call, memory.iovecs(call.u32(1), call.u32(2), /*writable=*/read, &buffers));
  std::optional<uint64_t> offset;
  if (positioned) offset = call.u64(3);
  uint64_t total = 0;
  LH_WASI_TRY(call, read ? read_into(call, *entry, buffers, offset, &total)
                         : write_from(call, *entry, buffers, offset, &total));
  if (total > UINT32_MAX) return ret(call, Errno::Overflow);
  return ret(call, memory.write_u32(call.u32(positioned ? 4 : 3), static_cast<uint32_t>(total)));
}
HostResult fd_read(HostCall& call) { return vectored_io(call, Direction::Read, false); }
HostResult fd_pread(HostCall& call) { return vectored_io(call, Direction::Read, true); }
HostResult fd_write(HostCall& call) { return vectored_io(call, Direction::Write, false); }
HostResult fd_pwrite(HostCall& call) { return vectored_io(call, Direction::Write, true); }

// fd_seek(fd, offset, whence, newoffset_ptr): TELL for a zero move from the current
// position, TELL and SEEK otherwise; the standard streams are pipes (ESPIPE).
HostResult fd_seek(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  int64_t offset = call.i64(1);
  uint32_t whence = call.u32(2);
  if (whence > 2) return ret(call, Errno::Inval);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  bool tell_only = offset == 0 && whence == 1;
  LH_WASI_TRY(call, file_cap(*entry, tell_only ? right::kFdTell : right::kFdTell | right::kFdSeek));
  if (entry->kind != sim::FdKind::File) return ret(call, Errno::Spipe);
  uint64_t size = sim::Filesystem::stat_of(*entry->inode).size;
  __int128 base = whence == 0 ? 0 : whence == 1 ? entry->position : size;
  __int128 target = base + offset;
  if (target < 0 || target > static_cast<__int128>(kMaxFileOffset)) return ret(call, Errno::Inval);
  entry->position = static_cast<uint64_t>(target);
  return ret(call, Memory(call).write_u64(call.u32(3), entry->position));
}

// fd_tell(fd, offset_ptr)
HostResult fd_tell(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdTell));
  if (entry->kind != sim::FdKind::File) return ret(call, Errno::Spipe);
  return ret(call, Memory(call).write_u64(call.u32(1), entry->position));
}

// fd_close(fd): any descriptor but a preopened directory (ENOTSUP), stdio included.
HostResult fd_close(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t fd = call.u32(0);
  sim::FdEntry* entry = call.process.wasi.fds.get(fd);
  if (!entry) return ret(call, Errno::Badf);
  if (entry->kind == sim::FdKind::Directory && entry->preopen) return ret(call, Errno::Notsup);
  call.process.wasi.fds.remove(fd);
  return ret(call, Errno::Success);
}

// fd_renumber(from, to): moves `from` to `to` (closing what `to` was); not a preopen.
HostResult fd_renumber(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdTable& fds = call.process.wasi.fds;
  uint32_t from = call.u32(0), to = call.u32(1);
  sim::FdEntry* source = fds.get(from);
  if (!source) return ret(call, Errno::Badf);
  sim::FdEntry* target = fds.get(to);
  if (source->preopen || (target && target->preopen)) return ret(call, Errno::Notsup);
  sim::FdEntry moving = std::move(*source);
  fds.remove(from);
  fds.insert_at(to, std::move(moving));
  return ret(call, Errno::Success);
}

// The 24-byte fdstat of `entry`.
std::array<uint8_t, 24> fdstat_of(const sim::FdEntry& entry) {
  std::array<uint8_t, 24> stat{};
  Filetype type = Filetype::CharacterDevice;  // the standard streams are a terminal
  uint16_t flags = entry.fdflags;
  uint64_t base = entry.file_rights, inheriting = 0;
  if (entry.kind == sim::FdKind::File) type = filetype_of(entry.inode->kind);
  if (entry.kind == sim::FdKind::Directory) {
    type = Filetype::Directory;
    flags = 0;
    base = entry.dir_rights;
    inheriting = entry.file_rights | entry.dir_rights;
  }
  stat[0] = static_cast<uint8_t>(type);
  store_u16(&stat[2], flags);
  store_u64(&stat[8], base);
  store_u64(&stat[16], inheriting);
  return stat;
}

// fd_fdstat_get(fd, stat_ptr)
HostResult fd_fdstat_get(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = call.process.wasi.fds.get(call.u32(0));
  if (!entry) return ret(call, Errno::Badf);
  return ret(call, Memory(call).write_struct(call.u32(1), fdstat_of(*entry), 8));
}

// fd_fdstat_set_flags(fd, flags): APPEND and NONBLOCK on an open file; the sync flags are
// EINVAL (cap-std-sync); the standard streams refuse (EBADF).
HostResult fd_fdstat_set_flags(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint32_t flags = call.u32(1);
  if (flags & ~kFdflagsAll) return ret(call, Errno::Inval);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdFdstatSetFlags));
  if (entry->kind != sim::FdKind::File) return ret(call, Errno::Badf);
  if (flags & (kFdflagDsync | kFdflagSync | kFdflagRsync)) return ret(call, Errno::Inval);
  entry->fdflags = static_cast<uint16_t>(flags);
  return ret(call, Errno::Success);
}

// fd_fdstat_set_rights(fd, base, inheriting): rights may only shrink.
HostResult fd_fdstat_set_rights(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  uint64_t base = call.u64(1), inheriting = call.u64(2);
  if ((base | inheriting) & ~right::kAll) return ret(call, Errno::Inval);
  sim::FdEntry* entry = call.process.wasi.fds.get(call.u32(0));
  if (!entry) return ret(call, Errno::Badf);
  if (entry->kind != sim::FdKind::Directory) {
    uint64_t caps = base & right::kFileCaps;
    LH_WASI_TRY(call, file_cap(*entry, caps));
    entry->file_rights = caps;
    return ret(call, Errno::Success);
  }
  uint64_t dir_caps = base & right::kDirCaps, file_caps = inheriting & right::kFileCaps;
  LH_WASI_TRY(call, dir_cap(*entry, dir_caps));
  if (file_caps & ~entry->file_rights) return ret(call, Errno::Perm);
  entry->dir_rights = dir_caps;
  entry->file_rights = file_caps;
  return ret(call, Errno::Success);
}

// fd_filestat_get(fd, buf): a standard stream reports a character device (a terminal) and
// zeros for the rest (a tty's metadata, which the harness does not invent).
HostResult fd_filestat_get(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = call.process.wasi.fds.get(call.u32(0));
  if (!entry) return ret(call, Errno::Badf);
  sim::FileStat stat;
  Filetype type = Filetype::CharacterDevice;
  if (entry->kind == sim::FdKind::Directory) {
    LH_WASI_TRY(call, dir_cap(*entry, right::kFdFilestatGet));
  } else {
    LH_WASI_TRY(call, file_cap(*entry, right::kFdFilestatGet));
  }
  if (entry->inode) {
    stat = sim::Filesystem::stat_of(*entry->inode);
    type = filetype_of(stat.kind);
  }
  return ret(call, Memory(call).write_struct(call.u32(1), filestat_bytes(stat, type), 8));
}

// fd_filestat_set_size(fd, size)
HostResult fd_filestat_set_size(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdFilestatSetSize));
  if (entry->kind != sim::FdKind::File) return ret(call, Errno::Badf);
  if (!entry->writable || call.u64(1) > kMaxFileOffset) return ret(call, Errno::Inval);
  if (entry->inode->kind != sim::FileKind::Regular) return ret(call, Errno::Isdir);
  return ret(call,
             call.world.wasi().fs.set_size(*entry->inode, call.u64(1), realtime_ns(call.world)));
}

// fd_filestat_set_times(fd, atim, mtim, fst_flags)
HostResult fd_filestat_set_times(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  std::optional<uint64_t> atim, mtim;
  LH_WASI_TRY(call, requested_times(call, call.u64(1), call.u64(2), call.u32(3), &atim, &mtim));
  sim::FdEntry* entry = call.process.wasi.fds.get(call.u32(0));
  if (!entry) return ret(call, Errno::Badf);
  if (entry->kind == sim::FdKind::Directory) {
    LH_WASI_TRY(call, dir_cap(*entry, right::kFdFilestatSetTimes));
  } else {
    LH_WASI_TRY(call, file_cap(*entry, right::kFdFilestatSetTimes));
  }
  if (entry->inode) sim::Filesystem::set_times(*entry->inode, atim, mtim);
  return ret(call, Errno::Success);
}

// fd_advise(fd, offset, len, advice): accepted for an open file (it changes nothing here).
HostResult fd_advise(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  if (call.u32(3) > 5) return ret(call, Errno::Inval);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdAdvise));
  if (entry->kind != sim::FdKind::File) return ret(call, Errno::Badf);
  return ret(call, Errno::Success);
}

// fd_allocate(fd, offset, len): posix_fallocate: the file grows to offset+len if smaller.
HostResult fd_allocate(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, right::kFdAllocate));
  if (entry->kind != sim::FdKind::File || !entry->writable) return ret(call, Errno::Badf);
  uint64_t offset = call.u64(1), len = call.u64(2);
  if (len == 0 || offset > kMaxFileOffset || len > kMaxFileOffset) return ret(call, Errno::Inval);
  if (offset + len > kMaxFileOffset) return ret(call, Errno::Fbig);
  if (entry->inode->kind != sim::FileKind::Regular) return ret(call, Errno::Isdir);
  if (offset + len <= entry->inode->data.size()) return ret(call, Errno::Success);
  return ret(call,
             call.world.wasi().fs.set_size(*entry->inode, offset + len, realtime_ns(call.world)));
}

// fd_datasync(fd) / fd_sync(fd): nothing to flush; the right is checked.
HostResult sync_with(HostCall& call, uint64_t rights) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_file(call, call.u32(0), &entry));
  LH_WASI_TRY(call, file_cap(*entry, rights));
  return ret(call, Errno::Success);
}
HostResult fd_datasync(HostCall& call) { return sync_with(call, right::kFdDatasync); }
HostResult fd_sync(HostCall& call) { return sync_with(call, right::kFdSync); }

// fd_prestat_get(fd, prestat_ptr): a preopened directory's name length.
HostResult fd_prestat_get(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_dir(call, call.u32(0), &entry));
  if (!entry->preopen) return ret(call, Errno::Notsup);
  uint8_t prestat[8] = {};  // tag 0: a directory
  store_u32(&prestat[4], static_cast<uint32_t>(entry->preopen->size()));
  return ret(call, Memory(call).write_struct(call.u32(1), prestat, 4));
}

// fd_prestat_dir_name(fd, path, path_len): the name, without a NUL. wasi-common 4 compares
// the other way round (a buffer longer than the name is ENAMETOOLONG, a shorter one is
// written past); wasi-libc and Rust pass exactly the length fd_prestat_get gave.
HostResult fd_prestat_dir_name(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  sim::FdEntry* entry = call.process.wasi.fds.get(call.u32(0));
  if (!entry || entry->kind != sim::FdKind::Directory) return ret(call, Errno::Notdir);
  if (!entry->preopen) return ret(call, Errno::Notsup);
  const std::string& name = *entry->preopen;
  if (name.size() < call.u32(2)) return ret(call, Errno::Nametoolong);
  std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(name.data()), name.size());
  return ret(call, Memory(call).write_struct(call.u32(1), bytes, 1));
}

// fd_readdir(fd, buf, buf_len, cookie, bufused_ptr): `.` and `..` (both with the directory's
// own inode, as cap-std-sync lists them), then the entries in byte order of their names;
// entry i has d_next i+1, and `cookie` skips that many. A buffer filled mid-entry reports
// buf_len used (so libc reads again).
HostResult fd_readdir(HostCall& call) {
  LH_WASI_REQUIRE_MEMORY(call);
  Memory memory(call);
  sim::FdEntry* entry = nullptr;
  LH_WASI_TRY(call, get_dir(call, call.u32(0), &entry));
  LH_WASI_TRY(call, dir_cap(*entry, right::kFdReaddir));
  uint32_t buf = call.u32(1), buf_len = call.u32(2);
  uint64_t cookie = call.u64(3);
  std::vector<sim::DirListing> listing{{".", entry->inode->ino, sim::FileKind::Directory},
                                       {"..", entry->inode->ino, sim::FileKind::Directory}};
  for (auto& item : sim::Filesystem::list(*entry->inode)) listing.push_back(std::move(item));
  uint32_t used = 0;
  // Copies what fits of `bytes` at buf+used; false when the buffer is full first.
  auto put = [&](std::span<const uint8_t> bytes, Errno* error) {
    uint32_t n = std::min<uint32_t>(static_cast<uint32_t>(bytes.size()), buf_len - used);
    std::span<uint8_t> at;
    if (uint64_t{buf} + used > UINT32_MAX) {
      *error = Errno::Fault;
      return false;
    }
    *error = memory.region(buf + used, n, 1, &at);
    if (*error != Errno::Success) return false;
    std::copy_n(bytes.begin(), n, at.begin());
    used += n;
    return n == bytes.size();
  };
  for (uint64_t i = cookie; i < listing.size(); ++i) {
    const sim::DirListing& item = listing[i];
    uint8_t dirent[24] = {};
    store_u64(&dirent[0], i + 1);
    store_u64(&dirent[8], item.ino);
    store_u32(&dirent[16], static_cast<uint32_t>(item.name.size()));
    dirent[20] = static_cast<uint8_t>(filetype_of(item.kind));
    Errno error = Errno::Success;
    bool whole =
        put(dirent, &error) &&
        put({reinterpret_cast<const uint8_t*>(item.name.data()), item.name.size()}, &error);
    if (error != Errno::Success) return ret(call, error);
    if (!whole) {
      used = buf_len;
      break;
    }
  }
  return ret(call, memory.write_u32(call.u32(4), used));
}

}  // namespace
}  // namespace lh::host::wasi

namespace lh::host {

void add_wasi_fd_functions(std::vector<HostFunctionDef>& out) {
  using namespace wasi;
  constexpr std::string_view ns = "wasi_snapshot_preview1";
  constexpr auto I32 = WASM_I32, I64 = WASM_I64;
  out.push_back({ns, "fd_advise", {I32, I64, I64, I32}, {I32}, fd_advise});
  out.push_back({ns, "fd_allocate", {I32, I64, I64}, {I32}, fd_allocate});
  out.push_back({ns, "fd_close", {I32}, {I32}, fd_close});
  out.push_back({ns, "fd_datasync", {I32}, {I32}, fd_datasync});
  out.push_back({ns, "fd_fdstat_get", {I32, I32}, {I32}, fd_fdstat_get});
  out.push_back({ns, "fd_fdstat_set_flags", {I32, I32}, {I32}, fd_fdstat_set_flags});
  out.push_back({ns, "fd_fdstat_set_rights", {I32, I64, I64}, {I32}, fd_fdstat_set_rights});
  out.push_back({ns, "fd_filestat_get", {I32, I32}, {I32}, fd_filestat_get});
  out.push_back({ns, "fd_filestat_set_size", {I32, I64}, {I32}, fd_filestat_set_size});
  out.push_back({ns, "fd_filestat_set_times", {I32, I64, I64, I32}, {I32}, fd_filestat_set_times});
  out.push_back({ns, "fd_pread", {I32, I32, I32, I64, I32}, {I32}, fd_pread});
  out.push_back({ns, "fd_prestat_get", {I32, I32}, {I32}, fd_prestat_get});
  out.push_back({ns, "fd_prestat_dir_name", {I32, I32, I32}, {I32}, fd_prestat_dir_name});
  out.push_back({ns, "fd_pwrite", {I32, I32, I32, I64, I32}, {I32}, fd_pwrite});
  out.push_back({ns, "fd_read", {I32, I32, I32, I32}, {I32}, fd_read});
  out.push_back({ns, "fd_readdir", {I32, I32, I32, I64, I32}, {I32}, fd_readdir});
  out.push_back({ns, "fd_renumber", {I32, I32}, {I32}, fd_renumber});
  out.push_back({ns, "fd_seek", {I32, I64, I32, I32}, {I32}, fd_seek});
  out.push_back({ns, "fd_sync", {I32}, {I32}, fd_sync});
  out.push_back({ns, "fd_tell", {I32, I32}, {I32}, fd_tell});
  out.push_back({ns, "fd_write", {I32, I32, I32, I32}, {I32}, fd_write});
}

}  // namespace lh::host
