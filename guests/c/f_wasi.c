/* Entry points for the WASI fixtures (fixtures/wasi): the harness's deterministic subset of
   wasi_snapshot_preview1, called directly so that every return code is visible. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lunatic.h"

#define WASI_IMPORT(name) \
  __attribute__((import_module("wasi_snapshot_preview1"), import_name(#name)))
#define BAD_PTR 0xFFFFFFF0u

WASI_IMPORT(fd_write)
int32_t w_fd_write(int32_t fd, const void* iovs, uint32_t n, uint32_t* written);
WASI_IMPORT(fd_fdstat_get) int32_t w_fd_fdstat_get(int32_t fd, void* stat);
WASI_IMPORT(fd_seek) int32_t w_fd_seek(int32_t fd, int64_t offset, int32_t whence, uint64_t* pos);
WASI_IMPORT(fd_close) int32_t w_fd_close(int32_t fd);
WASI_IMPORT(args_get) int32_t w_args_get(char** argv, char* buf);
WASI_IMPORT(args_sizes_get) int32_t w_args_sizes_get(uint32_t* count, uint32_t* size);
WASI_IMPORT(environ_get) int32_t w_environ_get(char** env, char* buf);
WASI_IMPORT(environ_sizes_get) int32_t w_environ_sizes_get(uint32_t* count, uint32_t* size);
WASI_IMPORT(clock_time_get)
int32_t w_clock_time_get(uint32_t id, uint64_t precision, uint64_t* time);
WASI_IMPORT(random_get) int32_t w_random_get(void* buf, uint32_t len);
WASI_IMPORT(sched_yield) int32_t w_sched_yield(void);
WASI_IMPORT(poll_oneoff)
int32_t w_poll_oneoff(const void* in, void* out, uint32_t n, uint32_t* nevents);

struct iovec32 {
  uint32_t ptr, len;
};

LH_EXPORT(fd_write_codes) void fd_write_codes(void) {
  uint32_t written = 0;
  struct iovec32 iov[2] = {{(uint32_t)(uintptr_t) "out ", 4}, {(uint32_t)(uintptr_t) "text\n", 5}};
  int32_t ok = w_fd_write(1, iov, 2, &written);
  struct iovec32 err = {(uint32_t)(uintptr_t) "to stderr\n", 10};
  int32_t ok2 = w_fd_write(2, &err, 1, &written);
  int32_t badf = w_fd_write(3, iov, 1, &written);
  struct iovec32 bad = {BAD_PTR, 100};
  int32_t fault = w_fd_write(1, &bad, 1, &written);
  printf("fd_write: stdout=%d stderr=%d written=%u fd3=%d bad_iov=%d\n", ok, ok2, written, badf,
         fault);
}

LH_EXPORT(fd_misc_codes) void fd_misc_codes(void) {
  uint8_t stat[24];
  uint64_t pos = 0;
  int32_t ok = w_fd_fdstat_get(1, stat);
  printf("fd_fdstat_get(1)=%d filetype=%u\n", ok, stat[0]);
  printf("fd_fdstat_get(5)=%d\n", w_fd_fdstat_get(5, stat));
  printf("fd_fdstat_get(bad ptr)=%d\n", w_fd_fdstat_get(2, (void*)BAD_PTR));
  printf("fd_seek(1)=%d\n", w_fd_seek(1, 0, 0, &pos));
  int32_t closed = w_fd_close(2);
  printf("fd_close(2)=%d again=%d\n", closed, w_fd_close(2));
}

LH_EXPORT(args_and_environ) void args_and_environ(void) {
  uint32_t count = 0, size = 0;
  int32_t rc = w_args_sizes_get(&count, &size);
  printf("args_sizes_get=%d count=%u size=%u\n", rc, count, size);
  char** argv = malloc(count * sizeof(char*));
  char* buf = malloc(size);
  rc = w_args_get(argv, buf);
  printf("args_get=%d", rc);
  for (uint32_t i = 0; i < count; ++i) printf(" [%s]", argv[i]);
  printf("\n");
  rc = w_environ_sizes_get(&count, &size);
  printf("environ_sizes_get=%d count=%u size=%u\n", rc, count, size);
  char** env = malloc(count * sizeof(char*));
  char* ebuf = malloc(size);
  rc = w_environ_get(env, ebuf);
  printf("environ_get=%d", rc);
  for (uint32_t i = 0; i < count; ++i) printf(" [%s]", env[i]);
  printf("\n");
  printf("faults: args_sizes_get=%d args_get=%d environ_sizes_get=%d environ_get=%d\n",
         w_args_sizes_get((uint32_t*)BAD_PTR, &size), w_args_get((char**)BAD_PTR, buf),
         w_environ_sizes_get(&count, (uint32_t*)BAD_PTR), w_environ_get(env, (char*)BAD_PTR));
}

LH_EXPORT(clock_and_random) void clock_and_random(void) {
  uint64_t before = 0, after = 0;
  int32_t rc = w_clock_time_get(1, 1, &before);
  lunatic_sleep_ms(7);
  w_clock_time_get(1, 1, &after);
  printf("clock_time_get=%d slept_ms=%llu\n", rc, (unsigned long long)((after - before) / 1000000));
  printf("clock_time_get(id 4)=%d clock_time_get(bad ptr)=%d\n", w_clock_time_get(4, 1, &after),
         w_clock_time_get(0, 1, (uint64_t*)BAD_PTR));
  uint8_t a[16] = {0}, b[16] = {0};
  int32_t r1 = w_random_get(a, sizeof a), r2 = w_random_get(b, sizeof b);
  printf("random_get=%d,%d differ=%d bad ptr=%d\n", r1, r2, memcmp(a, b, sizeof a) != 0,
         w_random_get((void*)BAD_PTR, 100));
}

/* Prints random bytes: the same seed gives the same bytes. */
LH_EXPORT(random_bytes) void random_bytes(void) {
  uint8_t a[8];
  w_random_get(a, sizeof a);
  for (int i = 0; i < 8; ++i) printf("%02x", a[i]);
  printf("\n");
}

LH_EXPORT(f_print_once) void f_print_once(void) { printf("child ran\n"); }

LH_EXPORT(sched_yield_lets_others_run) void sched_yield_lets_others_run(void) {
  uint64_t id = 0;
  lunatic_spawn(0, -1, -1, "f_print_once", 12, 0, 0, &id);
  printf("before yield\n");
  printf("sched_yield=%d\n", w_sched_yield());
}

/* A clock subscription: 48 bytes, userdata at 0, type (0 = clock) at 8, timeout at 24,
   flags at 40 (bit 0 = absolute). */
static void clock_subscription(uint8_t* sub, uint64_t userdata, uint64_t timeout_ns) {
  memset(sub, 0, 48);
  memcpy(sub, &userdata, 8);
  memcpy(sub + 24, &timeout_ns, 8);
}

LH_EXPORT(poll_oneoff_codes) void poll_oneoff_codes(void) {
  uint8_t subs[96], events[64];
  uint32_t n = 0;
  clock_subscription(subs, 11, 15000000);
  clock_subscription(subs + 48, 22, 40000000);
  int32_t rc = w_poll_oneoff(subs, events, 2, &n);
  uint64_t userdata;
  memcpy(&userdata, events, 8);
  printf("poll_oneoff=%d nevents=%u userdata=%llu\n", rc, n, (unsigned long long)userdata);
  printf("no subscriptions=%d\n", w_poll_oneoff(subs, events, 0, &n));
  clock_subscription(subs + 48, 22, 1);
  subs[48 + 16] = 0; /* clock id REALTIME */
  subs[48 + 40] = 1; /* absolute */
  printf("absolute realtime=%d\n", w_poll_oneoff(subs, events, 2, &n));
  subs[8] = 1; /* fd_read of fd 0: stdin is always ready */
  printf("fd_read subscription=%d\n", w_poll_oneoff(subs, events, 1, &n));
  printf("bad ptr=%d\n", w_poll_oneoff((void*)BAD_PTR, events, 1, &n));
}
