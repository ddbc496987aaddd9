#include "harness/sim/filesystem.h"

#include <algorithm>
#include <deque>

namespace lh::sim {

namespace {

constexpr uint64_t kDirectorySize = 4096;  // st_size of a directory (ext4's)

// The non-empty components of `path`, in order.
std::deque<std::string> components(std::string_view path) {
  std::deque<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

Inode::Inode(uint64_t ino, FileKind kind, uint64_t now_ns, std::shared_ptr<FsUsage> usage)
    : ino(ino),
      kind(kind),
      atim_ns(now_ns),
      mtim_ns(now_ns),
      birth_ns(now_ns),
      usage_(std::move(usage)) {
  ++usage_->inodes;
}

Inode::~Inode() {
  --usage_->inodes;
  usage_->bytes -= data.size() + target.size();
}

Filesystem::Filesystem(FsLimits limits, uint64_t now_ns)
    : limits_(limits), usage_(std::make_shared<FsUsage>()) {
  root_ = std::make_shared<Inode>(next_ino_++, FileKind::Directory, now_ns, usage_);
  root_->links = 1;
}

Filesystem::~Filesystem() {
  // Taken apart breadth-first, so that a deep tree is not destroyed by deep recursion.
  std::vector<InodePtr> pending{std::move(root_)};
  while (!pending.empty()) {
    InodePtr node = std::move(pending.back());
    pending.pop_back();
    for (auto& [name, child] : node->entries) pending.push_back(std::move(child));
    node->entries.clear();
  }
}

Errno Filesystem::new_inode(FileKind kind, uint64_t now_ns, InodePtr* out) {
  if (usage_->inodes >= limits_.max_inodes) return Errno::Nospc;
  *out = std::make_shared<Inode>(next_ino_++, kind, now_ns, usage_);
  return Errno::Success;
}

void Filesystem::attach(Inode& directory, const std::string& name, const InodePtr& child,
                        uint64_t now_ns) {
  directory.entries[name] = child;
  ++child->links;
  directory.mtim_ns = now_ns;
}

void Filesystem::detach(Inode& directory, const std::string& name, uint64_t now_ns) {
  auto it = directory.entries.find(name);
  if (it == directory.entries.end()) return;
  --it->second->links;
  directory.entries.erase(it);
  directory.mtim_ns = now_ns;
}

Errno Filesystem::reserve_bytes(uint64_t old_size, uint64_t new_size) {
  if (new_size > old_size && new_size - old_size > limits_.max_total_bytes - usage_->bytes)
    return Errno::Nospc;
  usage_->bytes = usage_->bytes - old_size + new_size;
  return Errno::Success;
}

Errno Filesystem::resolve(const InodePtr& base, std::string_view path, bool follow, Mode mode,
                          Resolved* out) const {
  if (path.empty()) return Errno::Noent;
  if (path.size() > limits_.max_path_bytes) return Errno::Nametoolong;
  if (path.find('\0') != std::string_view::npos) return Errno::Inval;
  // The directories from the sandbox root (the base) down to the current one.
  std::vector<InodePtr> stack{mode == Mode::Ambient ? root_ : base};
  if (path.front() == '/' && mode == Mode::Sandboxed) return Errno::Perm;
  std::deque<std::string> parts = components(path);
  bool trailing = path.back() == '/';
  int expansions = 0;
  *out = Resolved{};
  auto found = [&](InodePtr parent, std::string name, InodePtr node) {
    if (trailing && node && node->kind != FileKind::Directory) return Errno::Notdir;
    out->parent = std::move(parent);
    out->name = std::move(name);
    out->node = std::move(node);
    out->trailing_slash = trailing;
    return Errno::Success;
  };
  while (!parts.empty()) {
    std::string part = std::move(parts.front());
    parts.pop_front();
    bool last = parts.empty();
    if (part == ".") {
      if (last) return found(nullptr, ".", stack.back());
      continue;
    }
    if (part == "..") {
      if (stack.size() > 1)
        stack.pop_back();
      else if (mode == Mode::Sandboxed)
        return Errno::Perm;  // above the sandbox root: an escape, as cap-std says
      if (last) return found(nullptr, "..", stack.back());
      continue;
    }
    if (part.size() > limits_.max_name_bytes) return Errno::Nametoolong;
    const Inode& directory = *stack.back();
    if (directory.removed) return Errno::Noent;
    auto it = directory.entries.find(part);
    if (it == directory.entries.end()) {
      if (!last) return Errno::Noent;
      return found(stack.back(), std::move(part), nullptr);
    }
    const InodePtr& node = it->second;
    if (node->kind == FileKind::Symlink && (!last || follow || trailing)) {
      if (++expansions > limits_.max_symlinks) return Errno::Loop;
      const std::string& target = node->target;
      if (target.front() == '/') {
        if (mode == Mode::Sandboxed) return Errno::Perm;
        stack.resize(1);
      }
      std::deque<std::string> more = components(target);
      if (more.empty()) more.emplace_back(".");
      if (last && target.back() == '/') trailing = true;
      parts.insert(parts.begin(), more.begin(), more.end());
      continue;
    }
    if (last) return found(stack.back(), std::move(part), node);
    if (node->kind != FileKind::Directory) return Errno::Notdir;
    stack.push_back(node);
  }
  // Only slashes (the ambient root).
  return found(nullptr, ".", stack.back());
}

Errno Filesystem::open_ambient_dir(std::string_view path, InodePtr* out) const {
  Resolved resolved;
  if (Errno error = resolve(root_, path, true, Mode::Ambient, &resolved); error != Errno::Success)
    return error;
  if (!resolved.node) return Errno::Noent;
  if (resolved.node->kind != FileKind::Directory) return Errno::Notdir;
  if (resolved.node->removed) return Errno::Noent;
  *out = resolved.node;
  return Errno::Success;
}

Errno Filesystem::open(const InodePtr& base, std::string_view path, const OpenRequest& request,
                       uint64_t now_ns, InodePtr* out) {
  Resolved at;
  // O_CREAT|O_EXCL never follows a symlink in the last component.
  bool follow = request.follow && !(request.create && request.exclusive);
  if (Errno error = resolve(base, path, follow, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (!at.node) {
    if (!request.create) return Errno::Noent;
    if (at.trailing_slash) return Errno::Isdir;
    InodePtr file;
    if (Errno error = new_inode(FileKind::Regular, now_ns, &file); error != Errno::Success)
      return error;
    attach(*at.parent, at.name, file, now_ns);
    *out = std::move(file);
    return Errno::Success;
  }
  const InodePtr& node = at.node;
  if (request.create && request.exclusive) return Errno::Exist;
  if (request.directory && node->kind != FileKind::Directory) return Errno::Notdir;
  if (node->kind == FileKind::Symlink) return Errno::Loop;  // O_NOFOLLOW on a symlink
  if (node->kind == FileKind::Directory) {
    if (request.write || request.truncate || request.create) return Errno::Isdir;
    if (node->removed) return Errno::Noent;
  } else if (request.truncate) {
    (void)reserve_bytes(node->data.size(), 0);
    node->data.clear();
    node->data.shrink_to_fit();
    node->mtim_ns = now_ns;
  }
  *out = node;
  return Errno::Success;
}

FileStat Filesystem::stat_of(const Inode& inode) {
  FileStat stat;
  stat.dev = kDevice;
  stat.ino = inode.ino;
  stat.kind = inode.kind;
  switch (inode.kind) {
    case FileKind::Directory: {
      uint64_t subdirectories = 0;
      for (const auto& [name, child] : inode.entries)
        subdirectories += child->kind == FileKind::Directory;
      stat.nlink = inode.removed ? 0 : 2 + subdirectories;
      stat.size = kDirectorySize;
      break;
    }
    case FileKind::Regular:
      stat.nlink = inode.links;
      stat.size = inode.data.size();
      break;
    case FileKind::Symlink:
      stat.nlink = inode.links;
      stat.size = inode.target.size();
      break;
  }
  stat.atim_ns = inode.atim_ns;
  stat.mtim_ns = inode.mtim_ns;
  stat.ctim_ns = inode.birth_ns;
  return stat;
}

Errno Filesystem::stat(const InodePtr& base, std::string_view path, bool follow,
                       FileStat* out) const {
  Resolved at;
  if (Errno error = resolve(base, path, follow, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (!at.node) return Errno::Noent;
  *out = stat_of(*at.node);
  return Errno::Success;
}

Errno Filesystem::create_directory(const InodePtr& base, std::string_view path, uint64_t now_ns) {
  Resolved at;
  if (Errno error = resolve(base, path, false, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (at.node) return Errno::Exist;
  InodePtr directory;
  if (Errno error = new_inode(FileKind::Directory, now_ns, &directory); error != Errno::Success)
    return error;
  directory->parent = at.parent;
  attach(*at.parent, at.name, directory, now_ns);
  return Errno::Success;
}

Errno Filesystem::remove_directory(const InodePtr& base, std::string_view path, uint64_t now_ns) {
  Resolved at;
  if (Errno error = resolve(base, path, false, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (!at.node) return Errno::Noent;
  if (!at.parent) return at.name == "." ? Errno::Inval : Errno::Notempty;  // Linux's rmdir
  if (at.node->kind != FileKind::Directory) return Errno::Notdir;
  if (!at.node->entries.empty()) return Errno::Notempty;
  at.node->removed = true;
  detach(*at.parent, at.name, now_ns);
  return Errno::Success;
}

Errno Filesystem::unlink_file(const InodePtr& base, std::string_view path, uint64_t now_ns) {
  Resolved at;
  if (Errno error = resolve(base, path, false, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (!at.node) return Errno::Noent;
  if (!at.parent || at.node->kind == FileKind::Directory) return Errno::Isdir;
  detach(*at.parent, at.name, now_ns);
  return Errno::Success;
}

Errno Filesystem::rename(const InodePtr& from_base, std::string_view from, const InodePtr& to_base,
                         std::string_view to, uint64_t now_ns) {
  Resolved source, target;
  if (Errno error = resolve(from_base, from, false, Mode::Sandboxed, &source);
      error != Errno::Success)
    return error;
  if (!source.node) return Errno::Noent;
  if (!source.parent) return Errno::Busy;
  if (Errno error = resolve(to_base, to, false, Mode::Sandboxed, &target); error != Errno::Success)
    return error;
  if (!target.parent) return Errno::Busy;
  if (source.node == target.node) return Errno::Success;  // the same file: nothing to do
  const InodePtr moving = source.node;
  if (moving->kind == FileKind::Directory) {
    if (target.node && target.node->kind != FileKind::Directory) return Errno::Notdir;
    for (std::shared_ptr<Inode> up = target.parent; up; up = up->parent.lock())
      if (up == moving) return Errno::Inval;  // into its own subtree
    if (target.node && !target.node->entries.empty()) return Errno::Notempty;
  } else {
    if (target.node && target.node->kind == FileKind::Directory) return Errno::Isdir;
    if (target.trailing_slash) return Errno::Notdir;
  }
  if (target.node) {
    if (target.node->kind == FileKind::Directory) target.node->removed = true;
    detach(*target.parent, target.name, now_ns);
  }
  detach(*source.parent, source.name, now_ns);
  attach(*target.parent, target.name, moving, now_ns);
  if (moving->kind == FileKind::Directory) moving->parent = target.parent;
  return Errno::Success;
}

Errno Filesystem::link(const InodePtr& from_base, std::string_view from, const InodePtr& to_base,
                       std::string_view to, uint64_t now_ns) {
  Resolved source, target;
  if (Errno error = resolve(from_base, from, false, Mode::Sandboxed, &source);
      error != Errno::Success)
    return error;
  if (!source.node) return Errno::Noent;
  if (source.node->kind == FileKind::Directory) return Errno::Perm;  // no links to directories
  if (Errno error = resolve(to_base, to, false, Mode::Sandboxed, &target); error != Errno::Success)
    return error;
  if (target.node || !target.parent) return Errno::Exist;
  if (target.trailing_slash) return Errno::Noent;
  attach(*target.parent, target.name, source.node, now_ns);
  return Errno::Success;
}

Errno Filesystem::symlink(std::string_view contents, const InodePtr& base, std::string_view path,
                          uint64_t now_ns) {
  if (contents.empty()) return Errno::Noent;
  if (contents.size() > limits_.max_path_bytes) return Errno::Nametoolong;
  if (contents.find('\0') != std::string_view::npos) return Errno::Inval;
  Resolved at;
  if (Errno error = resolve(base, path, false, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (at.node || !at.parent) return Errno::Exist;
  if (at.trailing_slash) return Errno::Noent;
  if (Errno error = reserve_bytes(0, contents.size()); error != Errno::Success) return error;
  InodePtr link;
  if (Errno error = new_inode(FileKind::Symlink, now_ns, &link); error != Errno::Success) {
    (void)reserve_bytes(contents.size(), 0);
    return error;
  }
  link->target.assign(contents);
  attach(*at.parent, at.name, link, now_ns);
  return Errno::Success;
}

Errno Filesystem::readlink(const InodePtr& base, std::string_view path, std::string* out) const {
  Resolved at;
  if (Errno error = resolve(base, path, false, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (!at.node) return Errno::Noent;
  if (at.node->kind != FileKind::Symlink) return Errno::Inval;
  *out = at.node->target;
  return Errno::Success;
}

void Filesystem::set_times(Inode& inode, std::optional<uint64_t> atim_ns,
                           std::optional<uint64_t> mtim_ns) {
  if (atim_ns) inode.atim_ns = *atim_ns;
  if (mtim_ns) inode.mtim_ns = *mtim_ns;
}

Errno Filesystem::set_times(const InodePtr& base, std::string_view path, bool follow,
                            std::optional<uint64_t> atim_ns, std::optional<uint64_t> mtim_ns) {
  Resolved at;
  if (Errno error = resolve(base, path, follow, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  if (!at.node) return Errno::Noent;
  set_times(*at.node, atim_ns, mtim_ns);
  return Errno::Success;
}

Errno Filesystem::read(const Inode& inode, uint64_t offset, std::span<uint8_t> out,
                       size_t* count) const {
  *count = 0;
  if (inode.kind == FileKind::Directory) return Errno::Isdir;
  if (offset >= inode.data.size()) return Errno::Success;
  size_t n = static_cast<size_t>(std::min<uint64_t>(out.size(), inode.data.size() - offset));
  std::copy_n(inode.data.begin() + static_cast<std::ptrdiff_t>(offset), n, out.begin());
  *count = n;
  return Errno::Success;
}

Errno Filesystem::write(Inode& inode, uint64_t offset, std::span<const uint8_t> bytes,
                        uint64_t now_ns, size_t* count) {
  *count = 0;
  if (inode.kind == FileKind::Directory) return Errno::Isdir;
  if (bytes.empty()) return Errno::Success;
  if (offset >= limits_.max_file_bytes) return Errno::Fbig;
  uint64_t n = std::min<uint64_t>(bytes.size(), limits_.max_file_bytes - offset);
  uint64_t size = inode.data.size();
  uint64_t largest = size + (limits_.max_total_bytes - usage_->bytes);  // the total's bound
  if (offset + n > largest) n = offset < largest ? largest - offset : 0;
  if (n == 0) return Errno::Nospc;
  uint64_t new_size = std::max(size, offset + n);
  if (Errno error = reserve_bytes(size, new_size); error != Errno::Success) return error;
  if (new_size > size) inode.data.resize(static_cast<size_t>(new_size), 0);
  std::copy_n(bytes.begin(), static_cast<size_t>(n),
              inode.data.begin() + static_cast<std::ptrdiff_t>(offset));
  inode.mtim_ns = now_ns;
  *count = static_cast<size_t>(n);
  return Errno::Success;
}

Errno Filesystem::set_size(Inode& inode, uint64_t size, uint64_t now_ns) {
  if (inode.kind != FileKind::Regular) return Errno::Inval;
  if (size > limits_.max_file_bytes) return Errno::Fbig;
  if (Errno error = reserve_bytes(inode.data.size(), size); error != Errno::Success) return error;
  inode.data.resize(static_cast<size_t>(size), 0);
  if (size == 0) inode.data.shrink_to_fit();
  inode.mtim_ns = now_ns;
  return Errno::Success;
}

std::vector<DirListing> Filesystem::list(const Inode& directory) {
  std::vector<DirListing> listing;
  if (directory.removed) return listing;
  listing.reserve(directory.entries.size());
  for (const auto& [name, child] : directory.entries)
    listing.push_back({name, child->ino, child->kind});
  return listing;
}

Errno Filesystem::seed_directory(std::string_view path, uint64_t now_ns) {
  InodePtr directory = root_;
  for (const std::string& part : components(path)) {
    if (part == "." || part == "..") return Errno::Inval;
    if (part.size() > limits_.max_name_bytes) return Errno::Nametoolong;
    auto it = directory->entries.find(part);
    if (it != directory->entries.end()) {
      if (it->second->kind != FileKind::Directory) return Errno::Notdir;
      directory = it->second;
      continue;
    }
    InodePtr child;
    if (Errno error = new_inode(FileKind::Directory, now_ns, &child); error != Errno::Success)
      return error;
    child->parent = directory;
    attach(*directory, part, child, now_ns);
    directory = child;
  }
  return Errno::Success;
}

namespace {
// `path` split into its directory and its last component (empty when there is none).
std::pair<std::string_view, std::string> split_last(std::string_view path) {
  auto parts = components(path);
  if (parts.empty()) return {path, {}};
  size_t slash = path.find_last_of('/', path.find_last_not_of('/'));
  return {slash == std::string_view::npos ? std::string_view() : path.substr(0, slash),
          parts.back()};
}
}  // namespace

Errno Filesystem::seed_file(std::string_view path, std::string_view data, uint64_t now_ns) {
  auto [dir, name] = split_last(path);
  if (name.empty() || name == "." || name == "..") return Errno::Inval;
  if (Errno error = seed_directory(dir, now_ns); error != Errno::Success) return error;
  Resolved at;
  if (Errno error = resolve(root_, path, false, Mode::Sandboxed, &at); error != Errno::Success)
    return error;
  InodePtr file = at.node;
  if (file && file->kind != FileKind::Regular) return Errno::Exist;
  if (data.size() > limits_.max_file_bytes) return Errno::Fbig;
  if (!file) {
    if (Errno error = new_inode(FileKind::Regular, now_ns, &file); error != Errno::Success)
      return error;
    attach(*at.parent, at.name, file, now_ns);
  }
  if (Errno error = reserve_bytes(file->data.size(), data.size()); error != Errno::Success)
    return error;
  file->data.assign(data.begin(), data.end());
  return Errno::Success;
}

Errno Filesystem::seed_symlink(std::string_view path, std::string_view target, uint64_t now_ns) {
  auto [dir, name] = split_last(path);
  if (name.empty() || name == "." || name == "..") return Errno::Inval;
  if (Errno error = seed_directory(dir, now_ns); error != Errno::Success) return error;
  return symlink(target, root_, path, now_ns);
}

const char* errno_name(Errno error) {
  switch (error) {
    case Errno::Success: return "success";
    case Errno::Acces: return "acces";
    case Errno::Badf: return "badf";
    case Errno::Busy: return "busy";
    case Errno::Exist: return "exist";
    case Errno::Fault: return "fault";
    case Errno::Fbig: return "fbig";
    case Errno::Ilseq: return "ilseq";
    case Errno::Inval: return "inval";
    case Errno::Io: return "io";
    case Errno::Isdir: return "isdir";
    case Errno::Loop: return "loop";
    case Errno::Mfile: return "mfile";
    case Errno::Nametoolong: return "nametoolong";
    case Errno::Noent: return "noent";
    case Errno::Nospc: return "nospc";
    case Errno::Notdir: return "notdir";
    case Errno::Notempty: return "notempty";
    case Errno::Notsup: return "notsup";
    case Errno::Overflow: return "overflow";
    case Errno::Perm: return "perm";
    case Errno::Range: return "range";
    case Errno::Spipe: return "spipe";
    case Errno::Notcapable: return "notcapable";
  }
  return "unknown";
}

}  // namespace lh::sim
