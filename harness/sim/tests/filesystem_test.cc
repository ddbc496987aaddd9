// The in-memory file system: Linux's answers to each operation, sandboxed resolution,
// deterministic inode numbers, listing order and timestamps, and its bounds.
#include "harness/sim/filesystem.h"

#include <gtest/gtest.h>

#include <string>

namespace lh::sim {
namespace {

constexpr uint64_t kT0 = 1000, kT1 = 2000, kT2 = 3000;

std::string read_all(Filesystem& fs, const Inode& inode) {
  std::string text(inode.data.size(), '\0');
  size_t n = 0;
  EXPECT_EQ(fs.read(inode, 0, {reinterpret_cast<uint8_t*>(text.data()), text.size()}, &n),
            Errno::Success);
  text.resize(n);
  return text;
}

InodePtr create(Filesystem& fs, const InodePtr& base, std::string_view path, uint64_t now = kT1) {
  OpenRequest request;
  request.create = true;
  request.write = true;
  InodePtr file;
  EXPECT_EQ(fs.open(base, path, request, now, &file), Errno::Success) << path;
  return file;
}

Errno write_text(Filesystem& fs, Inode& file, uint64_t offset, std::string_view text,
                 uint64_t now = kT1) {
  size_t n = 0;
  return fs.write(file, offset, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, now,
                  &n);
}

// An OpenRequest from its flags (the defaults are: follow, nothing else).
OpenRequest req(bool create, bool exclusive, bool truncate, bool directory, bool write,
                bool follow = true) {
  OpenRequest request;
  request.follow = follow;
  request.create = create;
  request.exclusive = exclusive;
  request.truncate = truncate;
  request.directory = directory;
  request.write = write;
  return request;
}

TEST(Filesystem, InodesCountFromOneInCreationOrderAndAreNeverReused) {
  Filesystem fs(FsLimits{}, kT0);
  EXPECT_EQ(fs.root()->ino, 1u);
  ASSERT_EQ(fs.create_directory(fs.root(), "a", kT1), Errno::Success);
  InodePtr file = create(fs, fs.root(), "a/f");
  EXPECT_EQ(file->ino, 3u);
  ASSERT_EQ(fs.unlink_file(fs.root(), "a/f", kT1), Errno::Success);
  file.reset();
  EXPECT_EQ(create(fs, fs.root(), "a/g")->ino, 4u);
}

TEST(Filesystem, ListingIsInByteOrderOfNames) {
  Filesystem fs;
  for (const char* name : {"b", "B", "a", "a0", "\xc3\xa9"}) create(fs, fs.root(), name);
  std::vector<std::string> names;
  for (const auto& entry : Filesystem::list(*fs.root())) names.push_back(entry.name);
  EXPECT_EQ(names, (std::vector<std::string>{"B", "a", "a0", "b", "\xc3\xa9"}));
}

TEST(Filesystem, TimestampsComeFromTheCaller) {
  Filesystem fs(FsLimits{}, kT0);
  InodePtr file = create(fs, fs.root(), "f", kT1);
  FileStat stat = Filesystem::stat_of(*file);
  EXPECT_EQ(stat.atim_ns, kT1);
  EXPECT_EQ(stat.mtim_ns, kT1);
  EXPECT_EQ(stat.ctim_ns, kT1);
  EXPECT_EQ(fs.root()->mtim_ns, kT1);  // a new entry changes its directory
  ASSERT_EQ(write_text(fs, *file, 0, "x", kT2), Errno::Success);
  stat = Filesystem::stat_of(*file);
  EXPECT_EQ(stat.mtim_ns, kT2);
  EXPECT_EQ(stat.atim_ns, kT1);
  EXPECT_EQ(stat.ctim_ns, kT1);  // wasi-common reports the birth time as ctim
}

TEST(Filesystem, OpenFollowsLinuxOpenat) {
  Filesystem fs;
  create(fs, fs.root(), "f");
  ASSERT_EQ(fs.create_directory(fs.root(), "d", kT1), Errno::Success);
  InodePtr out;
  OpenRequest plain;
  EXPECT_EQ(fs.open(fs.root(), "missing", plain, kT1, &out), Errno::Noent);
  OpenRequest exclusive = req(true, true, false, false, true);
  EXPECT_EQ(fs.open(fs.root(), "f", exclusive, kT1, &out), Errno::Exist);
  OpenRequest directory = req(false, false, false, true, false);
  EXPECT_EQ(fs.open(fs.root(), "f", directory, kT1, &out), Errno::Notdir);
  EXPECT_EQ(fs.open(fs.root(), "d", directory, kT1, &out), Errno::Success);
  OpenRequest write = req(false, false, false, false, true);
  EXPECT_EQ(fs.open(fs.root(), "d", write, kT1, &out), Errno::Isdir);
  EXPECT_EQ(fs.open(fs.root(), "d", plain, kT1, &out), Errno::Success);  // read-only: allowed
  EXPECT_EQ(fs.open(fs.root(), "f/", plain, kT1, &out), Errno::Notdir);
  EXPECT_EQ(fs.open(fs.root(), "f/x", plain, kT1, &out), Errno::Notdir);
  OpenRequest create_slash = req(true, false, false, false, true);
  EXPECT_EQ(fs.open(fs.root(), "new/", create_slash, kT1, &out), Errno::Isdir);
  EXPECT_EQ(fs.open(fs.root(), std::string(256, 'n'), plain, kT1, &out), Errno::Nametoolong);
}

TEST(Filesystem, TruncateEmptiesAFile) {
  Filesystem fs;
  InodePtr file = create(fs, fs.root(), "f");
  ASSERT_EQ(write_text(fs, *file, 0, "hello"), Errno::Success);
  InodePtr again;
  OpenRequest truncate = req(false, false, true, false, true);
  ASSERT_EQ(fs.open(fs.root(), "f", truncate, kT2, &again), Errno::Success);
  EXPECT_EQ(again, file);
  EXPECT_EQ(file->data.size(), 0u);
  EXPECT_EQ(fs.usage().bytes, 0u);
}

TEST(Filesystem, PathsCannotLeaveTheirBaseDirectory) {
  Filesystem fs;
  ASSERT_EQ(fs.create_directory(fs.root(), "box", kT1), Errno::Success);
  create(fs, fs.root(), "secret");
  InodePtr box;
  OpenRequest directory = req(false, false, false, true, false);
  ASSERT_EQ(fs.open(fs.root(), "box", directory, kT1, &box), Errno::Success);
  InodePtr out;
  OpenRequest plain;
  EXPECT_EQ(fs.open(box, "../secret", plain, kT1, &out), Errno::Perm);
  EXPECT_EQ(fs.open(box, "/secret", plain, kT1, &out), Errno::Perm);
  ASSERT_EQ(fs.symlink("../secret", box, "link", kT1), Errno::Success);
  EXPECT_EQ(fs.open(box, "link", plain, kT1, &out), Errno::Perm);
  EXPECT_EQ(fs.open(fs.root(), "box/link", plain, kT1, &out), Errno::Success);  // inside root
  EXPECT_EQ(fs.open(box, ".", plain, kT1, &out), Errno::Success);
  EXPECT_EQ(out, box);
}

TEST(Filesystem, SymlinksResolveUnlessTheLastComponentIsNotFollowed) {
  Filesystem fs;
  InodePtr file = create(fs, fs.root(), "target");
  ASSERT_EQ(fs.symlink("target", fs.root(), "link", kT1), Errno::Success);
  InodePtr out;
  OpenRequest follow;
  EXPECT_EQ(fs.open(fs.root(), "link", follow, kT1, &out), Errno::Success);
  EXPECT_EQ(out, file);
  OpenRequest nofollow = req(false, false, false, false, false, false);
  EXPECT_EQ(fs.open(fs.root(), "link", nofollow, kT1, &out), Errno::Loop);
  std::string contents;
  EXPECT_EQ(fs.readlink(fs.root(), "link", &contents), Errno::Success);
  EXPECT_EQ(contents, "target");
  EXPECT_EQ(fs.readlink(fs.root(), "target", &contents), Errno::Inval);
  FileStat stat;
  ASSERT_EQ(fs.stat(fs.root(), "link", false, &stat), Errno::Success);
  EXPECT_EQ(stat.kind, FileKind::Symlink);
  EXPECT_EQ(stat.size, 6u);
  ASSERT_EQ(fs.symlink("loop", fs.root(), "loop", kT1), Errno::Success);
  EXPECT_EQ(fs.open(fs.root(), "loop", follow, kT1, &out), Errno::Loop);
  EXPECT_EQ(fs.symlink("x", fs.root(), "link", kT1), Errno::Exist);
}

TEST(Filesystem, DirectoriesAreRemovedOnlyWhenEmpty) {
  Filesystem fs;
  ASSERT_EQ(fs.create_directory(fs.root(), "d", kT1), Errno::Success);
  EXPECT_EQ(fs.create_directory(fs.root(), "d", kT1), Errno::Exist);
  EXPECT_EQ(fs.create_directory(fs.root(), "x/y", kT1), Errno::Noent);
  create(fs, fs.root(), "d/f");
  EXPECT_EQ(fs.remove_directory(fs.root(), "d", kT1), Errno::Notempty);
  EXPECT_EQ(fs.remove_directory(fs.root(), "d/f", kT1), Errno::Notdir);
  EXPECT_EQ(fs.unlink_file(fs.root(), "d", kT1), Errno::Isdir);
  EXPECT_EQ(fs.remove_directory(fs.root(), ".", kT1), Errno::Inval);
  ASSERT_EQ(fs.unlink_file(fs.root(), "d/f", kT1), Errno::Success);
  EXPECT_EQ(fs.unlink_file(fs.root(), "d/f", kT1), Errno::Noent);
  ASSERT_EQ(fs.remove_directory(fs.root(), "d", kT1), Errno::Success);
  EXPECT_EQ(fs.remove_directory(fs.root(), "d", kT1), Errno::Noent);
}

TEST(Filesystem, AnOpenFileOutlivesItsName) {
  Filesystem fs;
  InodePtr file = create(fs, fs.root(), "f");
  ASSERT_EQ(write_text(fs, *file, 0, "still here"), Errno::Success);
  ASSERT_EQ(fs.unlink_file(fs.root(), "f", kT1), Errno::Success);
  EXPECT_EQ(Filesystem::stat_of(*file).nlink, 0u);
  EXPECT_EQ(read_all(fs, *file), "still here");
  EXPECT_EQ(fs.usage().inodes, 2u);
  file.reset();
  EXPECT_EQ(fs.usage().inodes, 1u);
  EXPECT_EQ(fs.usage().bytes, 0u);
}

TEST(Filesystem, RenameFollowsLinuxRules) {
  Filesystem fs;
  ASSERT_EQ(fs.create_directory(fs.root(), "a", kT1), Errno::Success);
  ASSERT_EQ(fs.create_directory(fs.root(), "a/b", kT1), Errno::Success);
  ASSERT_EQ(fs.create_directory(fs.root(), "empty", kT1), Errno::Success);
  InodePtr f = create(fs, fs.root(), "f");
  create(fs, fs.root(), "g");
  EXPECT_EQ(fs.rename(fs.root(), "a", fs.root(), "a/b/c", kT1), Errno::Inval);
  EXPECT_EQ(fs.rename(fs.root(), "f", fs.root(), "empty", kT1), Errno::Isdir);
  EXPECT_EQ(fs.rename(fs.root(), "a", fs.root(), "f", kT1), Errno::Notdir);
  EXPECT_EQ(fs.rename(fs.root(), "empty", fs.root(), "a", kT1), Errno::Notempty);
  EXPECT_EQ(fs.rename(fs.root(), "missing", fs.root(), "x", kT1), Errno::Noent);
  ASSERT_EQ(fs.rename(fs.root(), "f", fs.root(), "g", kT1), Errno::Success);  // replaces g
  FileStat stat;
  ASSERT_EQ(fs.stat(fs.root(), "g", true, &stat), Errno::Success);
  EXPECT_EQ(stat.ino, f->ino);
  EXPECT_EQ(fs.stat(fs.root(), "f", true, &stat), Errno::Noent);
  ASSERT_EQ(fs.rename(fs.root(), "a/b", fs.root(), "empty", kT1), Errno::Success);
  EXPECT_EQ(fs.stat(fs.root(), "empty/..", true, &stat), Errno::Success);
  EXPECT_EQ(stat.ino, fs.root()->ino);  // the moved directory's parent follows it
}

TEST(Filesystem, HardLinksShareAnInode) {
  Filesystem fs;
  InodePtr f = create(fs, fs.root(), "f");
  ASSERT_EQ(fs.link(fs.root(), "f", fs.root(), "g", kT1), Errno::Success);
  EXPECT_EQ(Filesystem::stat_of(*f).nlink, 2u);
  EXPECT_EQ(fs.link(fs.root(), "f", fs.root(), "g", kT1), Errno::Exist);
  EXPECT_EQ(fs.link(fs.root(), ".", fs.root(), "h", kT1), Errno::Perm);
  ASSERT_EQ(fs.create_directory(fs.root(), "d", kT1), Errno::Success);
  EXPECT_EQ(fs.link(fs.root(), "d", fs.root(), "e", kT1), Errno::Perm);
}

TEST(Filesystem, DirectoryLinkCountIsTwoPlusSubdirectories) {
  Filesystem fs;
  ASSERT_EQ(fs.create_directory(fs.root(), "a", kT1), Errno::Success);
  ASSERT_EQ(fs.create_directory(fs.root(), "b", kT1), Errno::Success);
  create(fs, fs.root(), "f");
  EXPECT_EQ(Filesystem::stat_of(*fs.root()).nlink, 4u);
  EXPECT_EQ(Filesystem::stat_of(*fs.root()).size, 4096u);
}

TEST(Filesystem, FileSizeIsBounded) {
  FsLimits limits;
  limits.max_file_bytes = 10;
  limits.max_total_bytes = 15;
  Filesystem fs(limits);
  InodePtr a = create(fs, fs.root(), "a"), b = create(fs, fs.root(), "b");
  size_t n = 0;
  std::string twelve(12, 'x');
  ASSERT_EQ(fs.write(*a, 0, {reinterpret_cast<const uint8_t*>(twelve.data()), 12}, kT1, &n),
            Errno::Success);
  EXPECT_EQ(n, 10u);  // what fits
  EXPECT_EQ(write_text(fs, *a, 10, "y"), Errno::Fbig);
  EXPECT_EQ(fs.set_size(*a, 11, kT1), Errno::Fbig);
  ASSERT_EQ(fs.write(*b, 0, {reinterpret_cast<const uint8_t*>(twelve.data()), 12}, kT1, &n),
            Errno::Success);
  EXPECT_EQ(n, 5u);  // the total's room
  EXPECT_EQ(write_text(fs, *b, 5, "z"), Errno::Nospc);
  EXPECT_EQ(fs.usage().bytes, 15u);
}

TEST(Filesystem, InodeCountIsBounded) {
  FsLimits limits;
  limits.max_inodes = 3;
  Filesystem fs(limits);
  create(fs, fs.root(), "a");
  create(fs, fs.root(), "b");
  InodePtr out;
  OpenRequest request = req(true, false, false, false, true);
  EXPECT_EQ(fs.open(fs.root(), "c", request, kT1, &out), Errno::Nospc);
  EXPECT_EQ(fs.create_directory(fs.root(), "d", kT1), Errno::Nospc);
}

TEST(Filesystem, WritesPastTheEndFillWithZeros) {
  Filesystem fs;
  InodePtr f = create(fs, fs.root(), "f");
  ASSERT_EQ(write_text(fs, *f, 3, "x"), Errno::Success);
  EXPECT_EQ(read_all(fs, *f), std::string("\0\0\0x", 4));
}

TEST(Filesystem, AmbientDirectoriesResolveFromTheRoot) {
  Filesystem fs;
  ASSERT_EQ(fs.seed_file("data/sub/a.txt", "A", kT0), Errno::Success);
  InodePtr dir;
  EXPECT_EQ(fs.open_ambient_dir(".", &dir), Errno::Success);
  EXPECT_EQ(dir, fs.root());
  EXPECT_EQ(fs.open_ambient_dir("/data", &dir), Errno::Success);
  EXPECT_EQ(fs.open_ambient_dir("data/sub/", &dir), Errno::Success);
  EXPECT_EQ(fs.open_ambient_dir("../data", &dir), Errno::Success);  // `..` at the root
  EXPECT_EQ(fs.open_ambient_dir("missing", &dir), Errno::Noent);
  EXPECT_EQ(fs.open_ambient_dir("data/sub/a.txt", &dir), Errno::Notdir);
}

TEST(Filesystem, ADeepTreeIsDestroyedWithoutDeepRecursion) {
  auto fs = std::make_unique<Filesystem>();
  InodePtr dir = fs->root();
  for (int i = 0; i < 50'000; ++i) {
    ASSERT_EQ(fs->create_directory(dir, "d", kT1), Errno::Success);
    InodePtr next;
    ASSERT_EQ(fs->open(dir, "d", req(false, false, false, true, false), kT1, &next),
              Errno::Success);
    dir = next;
  }
  dir.reset();
  fs.reset();  // a recursive teardown would overflow the stack here
}

}  // namespace
}  // namespace lh::sim
