/* Entry points exercising processes: sleeping, spawning, links, kills and messages.
   Each exported function is the entry of one or more scenarios in fixtures/. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lunatic.h"

/* Spawns `entry` of this module with the given params; returns the child id or -1. */
static int64_t spawn_self(int64_t link, const char* entry, const uint8_t* params, uint32_t len) {
  uint64_t id = 0;
  int32_t rc = lunatic_spawn(link, -1, -1, entry, (uint32_t)strlen(entry), params, len, &id);
  if (rc != 0) {
    printf("spawn %s failed: error %llu\n", entry, (unsigned long long)id);
    return -1;
  }
  return (int64_t)id;
}

static void i64_param(uint8_t* chunk, int64_t value) {
  memset(chunk, 0, 17);
  chunk[0] = 0x7E;
  for (int i = 0; i < 8; ++i) chunk[1 + i] = (uint8_t)((uint64_t)value >> (8 * i));
  if (value < 0) memset(chunk + 9, 0xff, 8);
}

LH_EXPORT(sleep_then_print) void sleep_then_print(int64_t ms) {
  lunatic_sleep_ms((uint64_t)ms);
  printf("awake after %lld ms\n", (long long)ms);
}

LH_EXPORT(fail_now) void fail_now(void) { __builtin_trap(); }

LH_EXPORT(exit_normally) void exit_normally(void) {}

LH_EXPORT(spin_forever) void spin_forever(void) {
  volatile uint64_t n = 0;
  for (;;) ++n;
}

LH_EXPORT(sleep_forever) void sleep_forever(void) {
  for (;;) lunatic_sleep_ms(1000000);
}

/* A linked child that fails at once kills the parent (die_when_link_dies defaults on). */
LH_EXPORT(linked_child_fails) void linked_child_fails(void) {
  int64_t child = spawn_self(7, "fail_now", 0, 0);
  printf("spawned %lld\n", (long long)child);
  lunatic_sleep_ms(100);
  printf("still alive\n");
}

/* With die_when_link_dies(0) the failure arrives as a LinkDied message carrying the tag. */
LH_EXPORT(linked_child_fails_message) void linked_child_fails_message(void) {
  lunatic_die_when_link_dies(0);
  int64_t child = spawn_self(7, "fail_now", 0, 0);
  uint32_t rc = lunatic_receive(0, 0, LUNATIC_FOREVER);
  printf("child %lld: receive=%u tag=%lld\n", (long long)child, rc, (long long)lunatic_get_tag());
}

/* A Normal death of a linked child does not propagate. */
LH_EXPORT(linked_child_exits) void linked_child_exits(void) {
  spawn_self(3, "exit_normally", 0, 0);
  lunatic_sleep_ms(10);
  printf("parent survives a normal exit\n");
}

/* Kill takes effect on a process spinning in an infinite loop at its next fuel yield. */
LH_EXPORT(kill_spinner) void kill_spinner(void) {
  int64_t child = spawn_self(0, "spin_forever", 0, 0);
  lunatic_sleep_ms(1);
  printf("exists before kill: %d\n", lunatic_exists((uint64_t)child));
  lunatic_kill((uint64_t)child);
  lunatic_sleep_ms(1);
  printf("exists after kill: %d\n", lunatic_exists((uint64_t)child));
}

/* Linking to a process that does not exist: NoProcess arrives as a LinkDied. */
LH_EXPORT(link_missing) void link_missing(int32_t as_message) {
  if (as_message) lunatic_die_when_link_dies(0);
  lunatic_link(42, 9999);
  uint32_t rc = lunatic_receive(0, 0, 50);
  printf("receive=%u tag=%lld\n", rc,
         rc == LUNATIC_RECEIVED_LINK_DIED ? (long long)lunatic_get_tag() : 0LL);
}

/* Unlinking a dead process is harmless. */
LH_EXPORT(unlink_dead) void unlink_dead(void) {
  int64_t child = spawn_self(0, "exit_normally", 0, 0);
  lunatic_sleep_ms(5);
  lunatic_unlink((uint64_t)child);
  lunatic_unlink(123456);
  printf("exists=%d\n", lunatic_exists((uint64_t)child));
}

/* A chain: each process spawns the next linked; the last fails and all die in cascade. */
LH_EXPORT(chain) void chain(int64_t remaining) {
  if (remaining == 0) __builtin_trap();
  uint8_t param[17];
  i64_param(param, remaining - 1);
  spawn_self(1, "chain", param, sizeof param);
  lunatic_sleep_ms(1000000);
}

/* Ping-pong: the child echoes one message back to its parent. */
LH_EXPORT(echo) void echo(int64_t parent) {
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  char buffer[64] = {0};
  uint32_t n = lunatic_read_data(buffer, sizeof buffer - 1);
  lunatic_create_data(lunatic_get_tag() + 1, 0);
  lunatic_write_data(buffer, n);
  lunatic_send((uint64_t)parent);
}

LH_EXPORT(ping_pong) void ping_pong(void) {
  uint8_t param[17];
  i64_param(param, (int64_t)lunatic_process_id());
  int64_t child = spawn_self(0, "echo", param, sizeof param);
  lunatic_create_data(10, 0);
  lunatic_write_data("ping", 4);
  uint32_t rc = lunatic_send_receive_skip_search((uint64_t)child, 11, 1000);
  char buffer[16] = {0};
  lunatic_read_data(buffer, sizeof buffer - 1);
  printf("rc=%u tag=%lld data=%s\n", rc, (long long)lunatic_get_tag(), buffer);
}

/* Receive with a timeout and no sender times out with 9027 at the right virtual time. */
LH_EXPORT(receive_timeout) void receive_timeout(void) {
  int64_t tags[1] = {5};
  uint32_t rc = lunatic_receive(tags, 1, 25);
  printf("receive=%u\n", rc);
}

/* Configs: the permission functions and limits round-trip. */
LH_EXPORT(config_roundtrip) void config_roundtrip(void) {
  int64_t c = lunatic_create_config();
  printf("config=%lld max_memory=%llu max_fuel=%llu compile=%d create=%d spawn=%d\n", (long long)c,
         (unsigned long long)lunatic_config_get_max_memory((uint64_t)c),
         (unsigned long long)lunatic_config_get_max_fuel((uint64_t)c),
         lunatic_config_can_compile_modules((uint64_t)c),
         lunatic_config_can_create_configs((uint64_t)c),
         lunatic_config_can_spawn_processes((uint64_t)c));
  lunatic_config_set_max_memory((uint64_t)c, 65536);
  lunatic_config_set_max_fuel((uint64_t)c, 3);
  lunatic_config_set_can_compile_modules((uint64_t)c, 5);
  lunatic_config_set_can_create_configs((uint64_t)c, 0);
  lunatic_config_set_can_spawn_processes((uint64_t)c, 1);
  printf("config=%lld max_memory=%llu max_fuel=%llu compile=%d create=%d spawn=%d\n", (long long)c,
         (unsigned long long)lunatic_config_get_max_memory((uint64_t)c),
         (unsigned long long)lunatic_config_get_max_fuel((uint64_t)c),
         lunatic_config_can_compile_modules((uint64_t)c),
         lunatic_config_can_create_configs((uint64_t)c),
         lunatic_config_can_spawn_processes((uint64_t)c));
  printf("second config=%lld\n", (long long)lunatic_create_config());
  lunatic_drop_config((uint64_t)c);
  lunatic_config_get_max_fuel((uint64_t)c); /* traps: dropped */
}

/* Suspends and resumes many times and checks its heap survives every round. */
LH_EXPORT(suspend_many) void suspend_many(int32_t rounds) {
  uint32_t* heap = malloc(4096 * sizeof(uint32_t));
  uint64_t expected = 0;
  for (uint32_t i = 0; i < 4096; ++i) heap[i] = i * 2654435761u, expected += heap[i];
  for (int32_t r = 0; r < rounds; ++r) {
    lunatic_sleep_ms(0);
    uint64_t sum = 0;
    for (uint32_t i = 0; i < 4096; ++i) sum += heap[i];
    if (sum != expected) {
      printf("heap corrupted at round %d\n", r);
      __builtin_trap();
    }
  }
  printf("%d rounds, heap intact\n", rounds);
}
