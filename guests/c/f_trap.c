/* Entry points for fixtures/trap: lunatic::trap::catch through this module's
   _lunatic_catch_trap, which calls the function pointer `function` with `pointer`, as
   lunatic-rs's does. No entry needs a constructor (_initialize). */
#include <stdio.h>
#include <stdlib.h>

#include "lunatic.h"

typedef int32_t (*caught_fn)(int32_t);

LH_EXPORT(_lunatic_catch_trap) int32_t lunatic_catch_trap(int32_t function, int32_t pointer) {
  return ((caught_fn)(uintptr_t)function)(pointer);
}

static int32_t catch_fn(caught_fn fn, int32_t pointer) {
  return lunatic_trap_catch((int32_t)(uintptr_t)fn, pointer);
}

static volatile int32_t g_written = 0;

static int32_t add_one(int32_t p) { return p + 1; }

static int32_t write_then_trap(int32_t p) {
  g_written = p;
  __builtin_trap();
}

static int32_t sleep_then_double(int32_t p) {
  lunatic_sleep_ms(10);
  return 2 * p;
}

static int32_t receive_tag(int32_t p) {
  (void)p;
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  return (int32_t)lunatic_get_tag();
}

static int32_t exit_three(int32_t p) {
  (void)p;
  _Exit(3);
}

static int32_t nested(int32_t p) {
  printf("inner trap: %d\n", catch_fn(write_then_trap, p));
  printf("inner sleep: %d\n", catch_fn(sleep_then_double, p));
  return 42;
}

/* A normal return gives back the export's i32. */
LH_EXPORT(catch_ok) void catch_ok(void) { printf("caught: %d\n", catch_fn(add_one, 41)); }

/* A trap inside returns 0; what was written before it stays; the process goes on. */
LH_EXPORT(catch_trap) void catch_trap(void) {
  printf("caught: %d\n", catch_fn(write_then_trap, 1234));
  printf("written: %d\n", g_written);
  printf("still running\n");
}

/* proc_exit inside is an error of the call like a trap: 0, and the process has not exited. */
LH_EXPORT(catch_exit) void catch_exit(void) {
  printf("caught: %d\n", catch_fn(exit_three, 0));
  printf("still running\n");
}

/* A child that sleeps 5 ms, then sends an empty message with tag 7 to process 1. */
LH_EXPORT(send_seven) void send_seven(void) {
  lunatic_sleep_ms(5);
  lunatic_create_data(7, 0);
  lunatic_send(1);
}

/* A receive inside the caught function suspends the process until the child's message. */
LH_EXPORT(catch_receive) void catch_receive(void) {
  uint64_t child = 0;
  lunatic_spawn(0, -1, -1, "send_seven", 10, 0, 0, &child);
  printf("caught: %d\n", catch_fn(receive_tag, 0));
  printf("slept in catch: %d\n", catch_fn(sleep_then_double, 21));
}

/* A catch inside a caught function: the inner one catches its trap; the inner sleep passes
   through both levels. */
LH_EXPORT(catch_nested) void catch_nested(void) {
  printf("outer: %d\n", catch_fn(nested, 8));
  printf("written: %d\n", g_written);
}

/* Waits in a caught receive for ever: a Kill signal ends the process. */
LH_EXPORT(catch_wait_forever) void catch_wait_forever(void) {
  printf("waiting\n");
  fflush(stdout);
  printf("caught: %d\n", catch_fn(receive_tag, 0));
}

/* catch with a function pointer to nothing callable: call_indirect traps inside, so 0. */
LH_EXPORT(catch_bad_pointer) void catch_bad_pointer(void) {
  printf("caught: %d\n", lunatic_trap_catch(-1, 0));
}
