#include "harness/host/wasi_support.h"

#include <algorithm>

#include "harness/base/utf8.h"

namespace lh::host::wasi {

Filetype filetype_of(sim::FileKind kind) {
  switch (kind) {
    case sim::FileKind::Directory: return Filetype::Directory;
    case sim::FileKind::Regular: return Filetype::RegularFile;
    case sim::FileKind::Symlink: return Filetype::SymbolicLink;
  }
  return Filetype::Unknown;
}

Errno Memory::region(uint32_t ptr, uint64_t len, uint32_t align, std::span<uint8_t>* out) const {
  if (len > UINT32_MAX) return Errno::Fault;
  auto bytes = memory_.span(ptr, static_cast<uint32_t>(len));
  if (!bytes) return Errno::Fault;
  if (ptr % align != 0) return Errno::Inval;  // wiggle's PtrNotAligned (finding A20)
  *out = *bytes;
  return Errno::Success;
}

Errno Memory::read_u32(uint32_t ptr, uint32_t* out) const {
  std::span<uint8_t> bytes;
  if (Errno error = region(ptr, 4, 4, &bytes); error != Errno::Success) return error;
  *out = load_u32(bytes.data());
  return Errno::Success;
}

Errno Memory::write_u16(uint32_t ptr, uint16_t value) const {
  uint8_t le[2];
  store_u16(le, value);
  return write_struct(ptr, le, 2);
}

Errno Memory::write_u32(uint32_t ptr, uint32_t value) const {
  uint8_t le[4];
  store_u32(le, value);
  return write_struct(ptr, le, 4);
}

Errno Memory::write_u64(uint32_t ptr, uint64_t value) const {
  uint8_t le[8];
  store_u64(le, value);
  return write_struct(ptr, le, 8);
}

Errno Memory::write_struct(uint32_t ptr, std::span<const uint8_t> bytes, uint32_t align) const {
  std::span<uint8_t> at;
  if (Errno error = region(ptr, bytes.size(), align, &at); error != Errno::Success) return error;
  std::copy(bytes.begin(), bytes.end(), at.begin());
  return Errno::Success;
}

Errno Memory::read_string(uint32_t ptr, uint32_t len, std::string* out) const {
  std::span<uint8_t> bytes;
  if (Errno error = region(ptr, len, 1, &bytes); error != Errno::Success) return error;
  out->assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  if (!is_valid_utf8(*out)) return Errno::Ilseq;
  return Errno::Success;
}

Errno Memory::iovecs(uint32_t ptr, uint32_t count, bool writable,
                     std::vector<std::span<uint8_t>>* out) const {
  out->clear();
  for (uint32_t i = 0; i < count; ++i) {
    uint64_t at = uint64_t{ptr} + uint64_t{i} * 8;
    if (at > UINT32_MAX) return Errno::Fault;
    std::span<uint8_t> iovec;
    if (Errno error = region(static_cast<uint32_t>(at), 8, 4, &iovec); error != Errno::Success)
      return error;
    uint32_t buf = load_u32(iovec.data()), len = load_u32(iovec.data() + 4);
    std::span<uint8_t> bytes;
    if (Errno error = region(buf, len, 1, &bytes); error != Errno::Success) return error;
    out->push_back(bytes);
  }
  if (writable) {
    // wiggle refuses two mutable borrows of overlapping bytes (PtrBorrowed → EFAULT). Sorted
    // by address, only neighbours can overlap: n log n, whatever number of iovecs.
    std::vector<std::span<uint8_t>> sorted;
    for (const auto& bytes : *out)
      if (!bytes.empty()) sorted.push_back(bytes);
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.data() < b.data(); });
    for (size_t i = 1; i < sorted.size(); ++i)
      if (sorted[i - 1].data() + sorted[i - 1].size() > sorted[i].data()) return Errno::Fault;
  }
  return Errno::Success;
}

// The 64-byte filestat for `stat`.
std::array<uint8_t, 64> filestat_bytes(const sim::FileStat& stat, Filetype type) {
  std::array<uint8_t, 64> bytes{};
  store_u64(&bytes[0], stat.dev);
  store_u64(&bytes[8], stat.ino);
  bytes[16] = static_cast<uint8_t>(type);
  store_u64(&bytes[24], stat.nlink);
  store_u64(&bytes[32], stat.size);
  store_u64(&bytes[40], stat.atim_ns);
  store_u64(&bytes[48], stat.mtim_ns);
  store_u64(&bytes[56], stat.ctim_ns);
  return bytes;
}

Errno get_file(HostCall& call, uint32_t fd, sim::FdEntry** out) {
  sim::FdEntry* entry = call.process.wasi.fds.get(fd);
  if (!entry || entry->kind == sim::FdKind::Directory) return Errno::Badf;
  *out = entry;
  return Errno::Success;
}

Errno get_dir(HostCall& call, uint32_t fd, sim::FdEntry** out) {
  sim::FdEntry* entry = call.process.wasi.fds.get(fd);
  if (!entry || entry->kind != sim::FdKind::Directory) return Errno::Badf;
  *out = entry;
  return Errno::Success;
}

Errno file_cap(const sim::FdEntry& entry, uint64_t rights) {
  uint64_t missing = rights & ~entry.file_rights;
  if (missing == 0) return Errno::Success;
  return (missing & (right::kFdRead | right::kFdWrite)) ? Errno::Badf : Errno::Perm;
}

Errno dir_cap(const sim::FdEntry& entry, uint64_t rights) {
  uint64_t missing = rights & ~entry.dir_rights;
  if (missing == 0) return Errno::Success;
  return (missing & right::kFdReaddir) ? Errno::Notdir : Errno::Perm;
}

// The times fd_filestat_set_times / path_filestat_set_times ask for (wasi-common's
// systimespec): a time and its NOW flag together are EINVAL.
Errno requested_times(const HostCall& call, uint64_t atim, uint64_t mtim, uint32_t flags,
                      std::optional<uint64_t>* atim_out, std::optional<uint64_t>* mtim_out) {
  if (flags & ~kFstAll) return Errno::Inval;
  if ((flags & kFstAtim) && (flags & kFstAtimNow)) return Errno::Inval;
  if ((flags & kFstMtim) && (flags & kFstMtimNow)) return Errno::Inval;
  uint64_t now = realtime_ns(call.world);
  if (flags & kFstAtim) *atim_out = atim;
  if (flags & kFstAtimNow) *atim_out = now;
  if (flags & kFstMtim) *mtim_out = mtim;
  if (flags & kFstMtimNow) *mtim_out = now;
  return Errno::Success;
}

uint64_t realtime_ns(const sim::World& world) { return sim::kRealtimeEpochNs + world.now_ns(); }

std::variant<sim::WasiContext, std::string> make_context(sim::World& world,
                                                         const std::vector<std::string>& preopens) {
  sim::WasiContext context;
  context.clock_origin_ns = world.now_ns();
  const sim::FdKind streams[] = {sim::FdKind::Stdin, sim::FdKind::Stdout, sim::FdKind::Stderr};
  for (uint32_t fd = 0; fd < 3; ++fd) {
    sim::FdEntry entry;
    entry.kind = streams[fd];
    // The streams of `lunatic run` in a terminal: wasi-common gives a tty FileCaps::all()
    // minus TELL and SEEK (so fd_seek and fd_tell are EPERM), and wasi-libc line-buffers
    // a tty's stdout, as a user of `lunatic run` sees it (finding A11; spec/wasi.md).
    entry.file_rights = right::kFileCaps & ~(right::kFdTell | right::kFdSeek);
    entry.fdflags = fd == 0 ? 0 : kFdflagAppend;
    context.fds.insert_at(fd, std::move(entry));
  }
  for (const std::string& path : preopens) {
    sim::FdEntry entry;
    entry.kind = sim::FdKind::Directory;
    switch (world.wasi().fs.open_ambient_dir(path, &entry.inode)) {
      case Errno::Success: break;
      case Errno::Notdir: return std::string("Not a directory (os error 20)");
      case Errno::Nametoolong: return std::string("File name too long (os error 36)");
      case Errno::Loop: return std::string("Too many levels of symbolic links (os error 40)");
      case Errno::Inval: return std::string("file name contained an unexpected NUL byte");
      default: return std::string("No such file or directory (os error 2)");
    }
    entry.dir_rights = right::kDirCaps;    // DirCaps::all()
    entry.file_rights = right::kFileCaps;  // FileCaps::all()
    entry.preopen = path;
    (void)context.fds.push(std::move(entry));
  }
  return context;
}

}  // namespace lh::host::wasi
