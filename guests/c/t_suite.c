/* A program's own test suite, as `lunatic-harness test` (and Lunatic's `cargo test` mode)
   finds it: exports named `#lunatic_test_[#ignore_][#panic_<MSG>#]<path>::<name>`.
   Tests named fails_* fail on purpose, race_* only under some schedules; the others pass.
   Output goes through write(2) so nothing waits in a stdio buffer when a test traps, and no
   test needs the reactor's constructors (_initialize is never called for a test). */
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#include "lunatic.h"

#define TEST(name) __attribute__((export_name("#lunatic_test_" name)))

static void say(int fd, const char* text) { write(fd, text, strlen(text)); }

/* What Rust's default panic hook prints, for the should-panic rule. */
static void panic_with(const char* message) {
  say(2, "thread 'main' panicked at '");
  say(2, message);
  say(2, "', src/lib.rs:10:5\n");
  __builtin_trap();
}

TEST("suite::passes") void passes(void) { say(1, "a passing test prints this\n"); }

TEST("suite::exits_with_zero") void exits_with_zero(void) {
  __wasi_proc_exit(0);
  __builtin_trap();
}

TEST("suite::fails_with_a_trap") void fails_with_a_trap(void) {
  say(1, "about to trap\n");
  __builtin_trap();
}

TEST("suite::fails_with_an_exit_code") void fails_with_an_exit_code(void) { __wasi_proc_exit(3); }

TEST("#ignore_suite::ignored_by_default") void ignored_by_default(void) {
  say(1, "the ignored test ran\n");
}

TEST("#panic_#suite::should_panic_without_a_message") void should_panic_without_a_message(void) {
  __builtin_trap();
}

TEST("#panic_out of range#suite::should_panic_with_a_message")
void should_panic_with_a_message(void) { panic_with("index out of range: 7"); }

TEST("#panic_issue \\#7#suite::should_panic_with_a_hash_in_the_message")
void should_panic_with_a_hash_in_the_message(void) { panic_with("see issue #7"); }

TEST("#panic_out of range#suite::fails_panicking_with_another_message")
void fails_panicking_with_another_message(void) { panic_with("division by zero"); }

TEST("#panic_#suite::fails_not_panicking") void fails_not_panicking(void) {}

/* A child linked to the test traps; the link kills the test, which waits forever. */
LH_EXPORT(crasher) void crasher(void) { __builtin_trap(); }

TEST("suite::fails_when_a_linked_child_dies") void fails_when_a_linked_child_dies(void) {
  uint64_t id;
  lunatic_spawn(1, -1, -1, "crasher", 7, 0, 0, &id);
  lunatic_receive(0, 0, LUNATIC_FOREVER);
}

/* Only the test process's own output is captured, never its children's. */
LH_EXPORT(chatty_child) void chatty_child(int64_t parent) {
  say(1, "the child prints this\n");
  lunatic_create_data(1, 0);
  lunatic_send((uint64_t)parent);
}

static void spawn_with_i64(const char* entry, int64_t a, int64_t b, int count) {
  uint8_t params[34] = {0};
  params[0] = 0x7E;
  for (int i = 0; i < 8; ++i) params[1 + i] = (uint8_t)((uint64_t)a >> (8 * i));
  params[17] = 0x7E;
  for (int i = 0; i < 8; ++i) params[18 + i] = (uint8_t)((uint64_t)b >> (8 * i));
  uint64_t id;
  lunatic_spawn(0, -1, -1, entry, strlen(entry), params, 17 * count, &id);
}

TEST("suite::output_of_the_test_only") void output_of_the_test_only(void) {
  spawn_with_i64("chatty_child", (int64_t)lunatic_process_id(), 0, 1);
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  say(1, "the test prints this\n");
}

/* Two children race to message the test; it asserts the first-spawned one wins, which holds
   under fifo and fails under some random schedules (`--seeds` finds them). */
LH_EXPORT(racer) void racer(int64_t parent, int64_t name) {
  lunatic_create_data(name, 0);
  lunatic_send((uint64_t)parent);
}

TEST("suite::race_first_spawned_child_messages_first")
void race_first_spawned_child_messages_first(void) {
  int64_t me = (int64_t)lunatic_process_id();
  spawn_with_i64("racer", me, 'A', 2);
  spawn_with_i64("racer", me, 'B', 2);
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  if (lunatic_get_tag() != 'A') panic_with("B messaged first");
  lunatic_receive(0, 0, LUNATIC_FOREVER);
}

/* The environment is an explicit input: empty unless `--env` or `--inherit-env`. */
TEST("suite::fails_unless_env_greeting_is_hello") void fails_unless_env_greeting_is_hello(void) {
  __wasi_size_t count = 0, size = 0;
  if (__wasi_environ_sizes_get(&count, &size) != 0 || count != 1 || size != 15)
    panic_with("GREETING=hello is not the whole environment");
  char* pointers[1];
  char buffer[15];
  if (__wasi_environ_get((uint8_t**)pointers, (uint8_t*)buffer) != 0 ||
      memcmp(buffer, "GREETING=hello", 15) != 0)
    panic_with("GREETING is not hello");
}

/* `--dir test-dir` preopens test-dir (fd 4, after "." at fd 3) with the host folder's files. */
TEST("suite::fails_unless_dir_test_dir_holds_input")
void fails_unless_dir_test_dir_holds_input(void) {
  __wasi_fd_t file;
  if (__wasi_path_open(4, 0, "input.txt", 0, __WASI_RIGHTS_FD_READ, 0, 0, &file) != 0)
    panic_with("cannot open input.txt in the second preopen");
  char text[16] = {0};
  __wasi_iovec_t iov = {(uint8_t*)text, sizeof text - 1};
  __wasi_size_t read = 0;
  if (__wasi_fd_read(file, &iov, 1, &read) != 0 || strcmp(text, "from the host\n") != 0)
    panic_with("input.txt does not hold the host file's text");
}
