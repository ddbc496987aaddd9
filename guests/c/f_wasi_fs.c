/* Entry points for the WASI file-system fixtures (fixtures/wasi): the raw
   wasi_snapshot_preview1 calls over the world's in-memory file system, each return code
   printed, and the same through wasi-libc (fopen, opendir, stdin) as a program would. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lunatic.h"

#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
#define ALL_RIGHTS 0x3fffffffull

struct iov {
  uint32_t ptr, len;
};

WASI(path_open)
int32_t w_path_open(int32_t fd, uint32_t dirflags, const char* path, uint32_t len, uint32_t oflags,
                    uint64_t base, uint64_t inheriting, uint32_t fdflags, int32_t* out);
WASI(fd_read) int32_t w_fd_read(int32_t fd, const struct iov* iovs, uint32_t n, uint32_t* nread);
WASI(fd_write)
int32_t w_fd_write(int32_t fd, const struct iov* iovs, uint32_t n, uint32_t* nwritten);
WASI(fd_pread)
int32_t w_fd_pread(int32_t fd, const struct iov* iovs, uint32_t n, uint64_t at, uint32_t* nread);
WASI(fd_pwrite)
int32_t w_fd_pwrite(int32_t fd, const struct iov* iovs, uint32_t n, uint64_t at, uint32_t* nw);
WASI(fd_seek) int32_t w_fd_seek(int32_t fd, int64_t offset, uint32_t whence, uint64_t* pos);
WASI(fd_tell) int32_t w_fd_tell(int32_t fd, uint64_t* pos);
WASI(fd_close) int32_t w_fd_close(int32_t fd);
WASI(fd_renumber) int32_t w_fd_renumber(int32_t from, int32_t to);
WASI(fd_fdstat_get) int32_t w_fd_fdstat_get(int32_t fd, void* stat);
WASI(fd_fdstat_set_flags) int32_t w_fd_fdstat_set_flags(int32_t fd, uint32_t flags);
WASI(fd_fdstat_set_rights)
int32_t w_fd_fdstat_set_rights(int32_t fd, uint64_t base, uint64_t inheriting);
WASI(fd_filestat_get) int32_t w_fd_filestat_get(int32_t fd, void* stat);
WASI(fd_filestat_set_size) int32_t w_fd_filestat_set_size(int32_t fd, uint64_t size);
WASI(fd_filestat_set_times)
int32_t w_fd_filestat_set_times(int32_t fd, uint64_t atim, uint64_t mtim, uint32_t flags);
WASI(fd_advise) int32_t w_fd_advise(int32_t fd, uint64_t offset, uint64_t len, uint32_t advice);
WASI(fd_allocate) int32_t w_fd_allocate(int32_t fd, uint64_t offset, uint64_t len);
WASI(fd_sync) int32_t w_fd_sync(int32_t fd);
WASI(fd_datasync) int32_t w_fd_datasync(int32_t fd);
WASI(fd_prestat_get) int32_t w_fd_prestat_get(int32_t fd, uint32_t prestat[2]);
WASI(fd_prestat_dir_name) int32_t w_fd_prestat_dir_name(int32_t fd, char* path, uint32_t len);
WASI(fd_readdir)
int32_t w_fd_readdir(int32_t fd, void* buf, uint32_t len, uint64_t cookie, uint32_t* used);
WASI(path_create_directory) int32_t w_path_create_directory(int32_t fd, const char* p, uint32_t l);
WASI(path_remove_directory) int32_t w_path_remove_directory(int32_t fd, const char* p, uint32_t l);
WASI(path_unlink_file) int32_t w_path_unlink_file(int32_t fd, const char* p, uint32_t l);
WASI(path_filestat_get)
int32_t w_path_filestat_get(int32_t fd, uint32_t flags, const char* p, uint32_t l, void* stat);
WASI(path_filestat_set_times)
int32_t w_path_filestat_set_times(int32_t fd, uint32_t flags, const char* p, uint32_t l,
                                  uint64_t atim, uint64_t mtim, uint32_t fst);
WASI(path_link)
int32_t w_path_link(int32_t fd, uint32_t flags, const char* p, uint32_t l, int32_t to_fd,
                    const char* to, uint32_t to_len);
WASI(path_rename)
int32_t w_path_rename(int32_t fd, const char* p, uint32_t l, int32_t to_fd, const char* to,
                      uint32_t to_len);
WASI(path_symlink)
int32_t w_path_symlink(const char* target, uint32_t tl, int32_t fd, const char* p, uint32_t l);
WASI(path_readlink)
int32_t w_path_readlink(int32_t fd, const char* p, uint32_t l, char* buf, uint32_t len,
                        uint32_t* used);
WASI(sock_accept) int32_t w_sock_accept(int32_t fd, uint32_t flags, int32_t* out);
WASI(sock_recv)
int32_t w_sock_recv(int32_t fd, const struct iov* iovs, uint32_t n, uint32_t flags, uint32_t* len,
                    uint16_t* oflags);
WASI(sock_send)
int32_t w_sock_send(int32_t fd, const struct iov* iovs, uint32_t n, uint32_t flags, uint32_t* len);
WASI(sock_shutdown) int32_t w_sock_shutdown(int32_t fd, uint32_t how);
WASI(clock_res_get) int32_t w_clock_res_get(uint32_t id, uint64_t* res);
WASI(proc_raise) int32_t w_proc_raise(uint32_t sig);
WASI(args_sizes_get) int32_t w_args_sizes_get(uint32_t* count, uint32_t* size);
WASI(environ_sizes_get) int32_t w_environ_sizes_get(uint32_t* count, uint32_t* size);

#define S(text) text, (uint32_t)strlen(text)

static int32_t open_in(int32_t dir, const char* path, uint32_t oflags, int32_t* fd) {
  return w_path_open(dir, 1, path, (uint32_t)strlen(path), oflags, ALL_RIGHTS, ALL_RIGHTS, 0, fd);
}

static uint32_t read_into(int32_t fd, char* buf, uint32_t len, int32_t* rc) {
  struct iov v = {(uint32_t)(uintptr_t)buf, len};
  uint32_t n = 0;
  *rc = w_fd_read(fd, &v, 1, &n);
  return n;
}

/* Preopens, reading, seeking and listing (fd 4 is the scenario's preopen "data"). */
LH_EXPORT(read_preopened) void read_preopened(void) {
  uint32_t prestat[2] = {0};
  char name[16] = {0};
  printf("prestat(3)=%d len=%u", w_fd_prestat_get(3, prestat), prestat[1]);
  printf(" name=%d", w_fd_prestat_dir_name(3, name, prestat[1]));
  printf(" [%s]\n", name);
  memset(name, 0, sizeof name);
  printf("prestat(4)=%d len=%u", w_fd_prestat_get(4, prestat), prestat[1]);
  printf(" name=%d", w_fd_prestat_dir_name(4, name, prestat[1]));
  printf(" [%s]\n", name);
  printf("prestat(1)=%d prestat(9)=%d\n", w_fd_prestat_get(1, prestat),
         w_fd_prestat_get(9, prestat));

  int32_t fd = -1, rc = 0;
  printf("open=%d fd=%d\n", open_in(4, "hello.txt", 0, &fd), fd);
  char buf[64] = {0};
  uint32_t n = read_into(fd, buf, 5, &rc);
  printf("read=%d n=%u [%.*s]\n", rc, n, (int)n, buf);
  uint64_t pos = 0;
  printf("tell=%d", w_fd_tell(fd, &pos));
  printf(" pos=%llu\n", (unsigned long long)pos);
  struct iov v = {(uint32_t)(uintptr_t)buf, sizeof buf};
  n = 0;
  printf("pread=%d", w_fd_pread(fd, &v, 1, 6, &n));
  printf(" n=%u [%.*s]", n, (int)n, buf);
  printf(" seek(end-3)=%d", w_fd_seek(fd, -3, 2, &pos));
  printf(" pos=%llu", (unsigned long long)pos);
  printf(" seek(-1)=%d whence(3)=%d\n", w_fd_seek(fd, -100, 1, &pos), w_fd_seek(fd, 0, 3, &pos));
  uint8_t stat[64];
  printf("filestat=%d", w_fd_filestat_get(fd, stat));
  printf(" type=%u size=%u nlink=%u\n", stat[16], *(uint32_t*)(stat + 32), *(uint32_t*)(stat + 24));
  printf("advise=%d bad advice=%d\n", w_fd_advise(fd, 0, 10, 1), w_fd_advise(fd, 0, 10, 9));
  printf("readdir(file)=%d", w_fd_readdir(fd, buf, sizeof buf, 0, &n));
  printf(" read(dir)=%d", (read_into(4, buf, 4, &rc), rc));
  printf(" read(99)=%d", (read_into(99, buf, 4, &rc), rc));
  printf(" pread(stdin)=%d", w_fd_pread(0, &v, 1, 0, &n));
  printf(" write(opened rw)=%d\n", w_fd_write(fd, &v, 1, &n));

  int32_t sub = -1;
  printf("open(sub, directory)=%d", open_in(4, "sub", 2, &sub));
  printf(" prestat(sub)=%d dir_name(sub)=%d\n", w_fd_prestat_get(sub, prestat),
         w_fd_prestat_dir_name(sub, name, 3));
  uint8_t list[512];
  uint32_t used = 0;
  printf("readdir=%d", w_fd_readdir(4, list, sizeof list, 0, &used));
  for (uint32_t at = 0; at + 24 <= used;) {
    uint64_t next;
    uint32_t len;
    memcpy(&next, list + at, 8);
    memcpy(&len, list + at + 16, 4);
    printf(" %llu:%.*s(%u)", (unsigned long long)next, (int)len, (char*)list + at + 24,
           list[at + 20]);
    at += 24 + len;
  }
  printf("\n");
  printf("readdir(cookie 3, 30 bytes)=%d", w_fd_readdir(4, list, 30, 3, &used));
  printf(" used=%u\n", used);
  printf("close=%d close(preopen)=%d close again=%d\n", w_fd_close(fd), w_fd_close(4),
         w_fd_close(fd));
}

/* Writing: create, write, pwrite, size, allocate, flags, rights, renumber, times. */
LH_EXPORT(write_files) void write_files(void) {
  int32_t fd = -1, rc = 0;
  printf("create=%d fd=%d\n", open_in(3, "out.txt", 1 | 4, &fd), fd);
  printf("create again (excl)=%d\n", open_in(3, "out.txt", 1 | 4, &rc));
  struct iov v = {(uint32_t)(uintptr_t) "hello world", 11};
  uint32_t n = 0;
  printf("write=%d", w_fd_write(fd, &v, 1, &n));
  printf(" n=%u", n);
  struct iov h = {(uint32_t)(uintptr_t) "J", 1};
  printf(" pwrite=%d", w_fd_pwrite(fd, &h, 1, 0, &n));
  printf(" n=%u\n", n);
  printf("set_size(5)=%d allocate(0,8)=%d allocate(len 0)=%d\n", w_fd_filestat_set_size(fd, 5),
         w_fd_allocate(fd, 0, 8), w_fd_allocate(fd, 0, 0));
  printf("sync=%d datasync=%d sync(9)=%d\n", w_fd_sync(fd), w_fd_datasync(fd), w_fd_sync(9));
  printf("set_flags(append)=%d set_flags(sync)=%d set_flags(9)=%d\n", w_fd_fdstat_set_flags(fd, 1),
         w_fd_fdstat_set_flags(fd, 16), w_fd_fdstat_set_flags(9, 1));
  struct iov tail = {(uint32_t)(uintptr_t) "!", 1};
  printf("append=%d", w_fd_write(fd, &tail, 1, &n));
  printf(" set_times=%d atim and atim_now=%d set_times(9)=%d\n",
         w_fd_filestat_set_times(fd, 5, 6, 1 | 4), w_fd_filestat_set_times(fd, 5, 6, 1 | 2),
         w_fd_filestat_set_times(9, 0, 0, 0));
  printf("renumber(fd,20)=%d renumber(9,20)=%d renumber(20,3)=%d\n", w_fd_renumber(fd, 20),
         w_fd_renumber(9, 20), w_fd_renumber(20, 3));
  /* Rights shrink: without FD_READ a read is EBADF; growing them back is refused. */
  printf("set_rights(write only)=%d", w_fd_fdstat_set_rights(20, 1ull << 6, 0));
  char buf[32] = {0};
  printf(" read=%d", (read_into(20, buf, 4, &rc), rc));
  printf(" set_rights(grow)=%d set_rights(9)=%d\n", w_fd_fdstat_set_rights(20, ALL_RIGHTS, 0),
         w_fd_fdstat_set_rights(9, 0, 0));
  printf("close=%d\n", w_fd_close(20));
  int32_t r = -1;
  open_in(3, "out.txt", 0, &r);
  uint32_t got = read_into(r, buf, sizeof buf, &rc);
  uint8_t stat[64];
  w_fd_filestat_get(r, stat);
  printf("read back=%d [", rc);
  for (uint32_t i = 0; i < got; ++i) printf(buf[i] ? "%c" : "\\0", buf[i]);
  uint64_t atim, mtim;
  memcpy(&atim, stat + 40, 8);
  memcpy(&mtim, stat + 48, 8);
  printf("] atim=%llu mtim=%llu\n", (unsigned long long)atim, (unsigned long long)mtim);
}

/* Directories, links, renames and their errors, under ".". */
LH_EXPORT(paths) void paths(void) {
  uint8_t stat[64];
  printf("mkdir=%d mkdir again=%d\n", w_path_create_directory(3, S("d")),
         w_path_create_directory(3, S("d")));
  int32_t fd = -1;
  open_in(3, "d/f", 1, &fd);
  w_fd_close(fd);
  printf("filestat(d)=%d", w_path_filestat_get(3, 1, S("d"), stat));
  printf(" type=%u", stat[16]);
  printf(" filestat(missing)=%d\n", w_path_filestat_get(3, 1, S("nothing"), stat));
  printf("set_times=%d set_times(missing)=%d\n",
         w_path_filestat_set_times(3, 1, S("d/f"), 7, 8, 1 | 4),
         w_path_filestat_set_times(3, 1, S("nothing"), 7, 8, 1));
  printf("link=%d link again=%d", w_path_link(3, 0, S("d/f"), 3, S("d/g")),
         w_path_link(3, 0, S("d/f"), 3, S("d/g")));
  w_path_filestat_get(3, 0, S("d/f"), stat);
  printf(" nlink=%u\n", stat[24]);
  printf("symlink=%d symlink again=%d", w_path_symlink(S("f"), 3, S("d/s")),
         w_path_symlink(S("f"), 3, S("d/s")));
  char target[16] = {0};
  uint32_t used = 0;
  printf(" readlink=%d", w_path_readlink(3, S("d/s"), target, sizeof target, &used));
  printf(" [%.*s] readlink(file)=%d\n", (int)used, target,
         w_path_readlink(3, S("d/f"), target, sizeof target, &used));
  printf("rename=%d rename(missing)=%d\n", w_path_rename(3, S("d/g"), 3, S("d/h")),
         w_path_rename(3, S("d/g"), 3, S("d/i")));
  printf("rmdir(nonempty)=%d rmdir(file)=%d unlink(dir)=%d unlink(missing)=%d\n",
         w_path_remove_directory(3, S("d")), w_path_remove_directory(3, S("d/f")),
         w_path_unlink_file(3, S("d")), w_path_unlink_file(3, S("d/nothing")));
  printf("unlink=%d,%d,%d rmdir=%d\n", w_path_unlink_file(3, S("d/f")),
         w_path_unlink_file(3, S("d/h")), w_path_unlink_file(3, S("d/s")),
         w_path_remove_directory(3, S("d")));
  int32_t r = -1;
  printf("open(missing)=%d open(escape)=%d open(missing f)=%d open(base stdout)=%d\n",
         open_in(3, "nothing", 0, &r), open_in(3, "../x", 0, &r), open_in(3, "f", 2, &r),
         open_in(1, "x", 0, &r));
  open_in(3, "f", 1, &r);
  printf("open(dir flag on file)=%d open(base 9)=%d mkdir(base 9)=%d\n", open_in(3, "f", 2, &r),
         open_in(9, "x", 0, &r), w_path_create_directory(9, S("x")));
}

/* The sock_* functions on the standard streams (no sockets: EBADF), clock resolutions. */
LH_EXPORT(sockets_and_clocks) void sockets_and_clocks(void) {
  int32_t fd = 0;
  uint32_t n = 0;
  uint16_t flags = 0;
  struct iov v = {(uint32_t)(uintptr_t) "x", 1};
  printf("sock_accept=%d sock_accept(9)=%d\n", w_sock_accept(1, 0, &fd), w_sock_accept(9, 0, &fd));
  printf("sock_recv=%d sock_recv(9)=%d\n", w_sock_recv(0, &v, 1, 0, &n, &flags),
         w_sock_recv(9, &v, 1, 0, &n, &flags));
  printf("sock_send=%d sock_send(9)=%d\n", w_sock_send(1, &v, 1, 0, &n),
         w_sock_send(9, &v, 1, 0, &n));
  printf("sock_shutdown=%d sock_shutdown(9)=%d\n", w_sock_shutdown(1, 1), w_sock_shutdown(9, 1));
  uint64_t res = 0;
  printf("clock_res_get(0)=%d", w_clock_res_get(0, &res));
  printf(" res=%llu clock_res_get(2)=%d clock_res_get(3)=%d clock_res_get(7)=%d", res,
         w_clock_res_get(2, &res), w_clock_res_get(3, &res), w_clock_res_get(7, &res));
  printf(" clock_res_get(bad ptr)=%d\n", w_clock_res_get(1, (uint64_t*)0xFFFFFFF0u));
}

LH_EXPORT(raise_signal) void raise_signal(void) { w_proc_raise(6); }

/* The same file system through wasi-libc, as a C program uses it, and stdin. */
LH_EXPORT(libc_files) void libc_files(void) {
  char line[64];
  FILE* in = fopen("data/hello.txt", "r");
  if (in && fgets(line, sizeof line, in)) printf("data/hello.txt: %s", line);
  if (in) fclose(in);
  FILE* out = fopen("notes.txt", "w");
  fputs("note 1\n", out);
  fclose(out);
  in = fopen("notes.txt", "r");
  if (in && fgets(line, sizeof line, in)) printf("notes.txt: %s", line);
  if (in) fclose(in);
  DIR* dir = opendir("data");
  struct dirent* entry;
  printf("data:");
  while (dir && (entry = readdir(dir))) printf(" %s", entry->d_name);
  printf("\n");
  if (dir) closedir(dir);
  printf("missing: %s\n", fopen("missing.txt", "r") ? "opened" : "not found");
  while (fgets(line, sizeof line, stdin)) printf("stdin: %s", line);
}

static void report_inputs(void) {
  uint32_t args = 0, envs = 0, size = 0, prestat[2] = {0};
  w_args_sizes_get(&args, &size);
  w_environ_sizes_get(&envs, &size);
  printf("args=%u env=%u prestat(3)=%d\n", args, envs, w_fd_prestat_get(3, prestat));
}

LH_EXPORT(report_inputs) void report_inputs_entry(void) { report_inputs(); }

static void spawn_reporter(int64_t config) {
  uint64_t id = 0;
  lunatic_spawn(0, config, -1, "report_inputs", 13, 0, 0, &id);
  lunatic_sleep_ms(1);
}

/* A5: the child's WASI inputs come from the config it is spawned with. */
LH_EXPORT(config_inputs) void config_inputs(void) {
  int64_t config = lunatic_create_config();
  spawn_reporter(config);
  spawn_reporter(-1);
  lunatic_config_add_command_line_argument(config, S("prog"));
  lunatic_config_add_command_line_argument(config, S("arg"));
  lunatic_config_add_environment_variable(config, S("KEY"), S("value"));
  lunatic_config_preopen_dir(config, S("."));
  spawn_reporter(config);
}

LH_EXPORT(config_unknown_env) void config_unknown_env(void) {
  lunatic_config_add_environment_variable(99, S("K"), S("V"));
}
LH_EXPORT(config_unknown_arg) void config_unknown_arg(void) {
  lunatic_config_add_command_line_argument(99, S("a"));
}
LH_EXPORT(config_unknown_dir) void config_unknown_dir(void) {
  lunatic_config_preopen_dir(99, S("."));
}
LH_EXPORT(config_bad_utf8) void config_bad_utf8(void) {
  lunatic_config_add_command_line_argument(lunatic_create_config(), "\xff", 1);
}
LH_EXPORT(config_missing_preopen) void config_missing_preopen(void) {
  int64_t config = lunatic_create_config();
  lunatic_config_preopen_dir(config, S("nowhere"));
  spawn_reporter(config);
}

WASI(clock_time_get) int32_t w_clock_time_get(uint32_t id, uint64_t precision, uint64_t* time);
WASI(poll_oneoff) int32_t w_poll_oneoff(const void* in, void* out, uint32_t n, uint32_t* nevents);

/* A20 and A7: a misaligned out-pointer is EINVAL; the CPU-time clocks EBADF; stdio has no
   TELL (a terminal, A11). */
LH_EXPORT(misaligned_and_cputime) void misaligned_and_cputime(void) {
  static uint64_t buf[8];
  uint64_t t = 0;
  printf("fdstat(misaligned)=%d clock_time_get(misaligned)=%d\n",
         w_fd_fdstat_get(1, (char*)buf + 1), w_clock_time_get(1, 0, (uint64_t*)((char*)buf + 4)));
  printf("clock_time_get(2)=%d clock_time_get(3)=%d fd_tell(1)=%d\n", w_clock_time_get(2, 0, &t),
         w_clock_time_get(3, 0, &t), w_fd_tell(1, &t));
}

static void clock_sub(uint8_t* sub, uint64_t userdata, uint64_t timeout_ns) {
  memset(sub, 0, 48);
  memcpy(sub, &userdata, 8);
  sub[16] = 1; /* MONOTONIC */
  memcpy(sub + 24, &timeout_ns, 8);
}

LH_EXPORT(poller) void poller(void) {
  uint8_t subs[96], events[64];
  uint32_t n = 0;
  clock_sub(subs, 7, 50000000);
  clock_sub(subs + 48, 8, 50000001);
  int32_t rc = w_poll_oneoff(subs, events, 2, &n);
  uint64_t userdata;
  memcpy(&userdata, events, 8);
  printf("poll_oneoff=%d nevents=%u userdata=%llu\n", rc, n, (unsigned long long)userdata);
  lunatic_sleep_ms(1);
  printf("never printed\n");
}

/* A4: a Kill sent while the child blocks in poll_oneoff is handled only once the call has
   returned and the child next suspends. */
LH_EXPORT(poll_defers_kill) void poll_defers_kill(void) {
  uint64_t id = 0;
  lunatic_spawn(0, -1, -1, "poller", 6, 0, 0, &id);
  lunatic_sleep_ms(10);
  lunatic_kill(id);
  printf("killed at 10 ms\n");
}

/* Descriptors that are not open, or a directory where a file is needed: EBADF. */
LH_EXPORT(badf_cases) void badf_cases(void) {
  uint8_t stat[64];
  printf("advise=%d allocate=%d datasync=%d filestat_get=%d set_size=%d\n", w_fd_advise(9, 0, 1, 0),
         w_fd_allocate(3, 0, 1), w_fd_datasync(9), w_fd_filestat_get(9, stat),
         w_fd_filestat_set_size(3, 1));
}
