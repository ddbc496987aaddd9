/* Entry points for the lunatic::process fixtures (fixtures/process-*): spawn and its
   checks, configs, modules, links, kill, exists and sleep. Each export is the entry of one
   or more scenarios; what it prints is the scenario's expected stdout. */
#include <stdio.h>
#include <string.h>

#include "f_modules.h"
#include "lunatic.h"

#define BAD_PTR 0xFFFFFFF0u

static void param_chunk(uint8_t* chunk, uint8_t type, uint64_t low, uint64_t high) {
  chunk[0] = type;
  for (int i = 0; i < 8; ++i) chunk[1 + i] = (uint8_t)(low >> (8 * i));
  for (int i = 0; i < 8; ++i) chunk[9 + i] = (uint8_t)(high >> (8 * i));
}

/* spawn with the caller's config and module; prints and returns the code. */
static int32_t spawn_entry(int64_t link, const char* entry, const uint8_t* params, uint32_t len,
                           uint64_t* id) {
  return lunatic_spawn(link, -1, -1, entry, (uint32_t)strlen(entry), params, len, id);
}

/* Prints the text of error `id` from the caller's error table. */
static void print_error(uint64_t id) {
  static char text[512];
  uint32_t size = lunatic_error_string_size(id);
  if (size >= sizeof text) size = sizeof text - 1;
  lunatic_error_to_string(id, text);
  text[size] = 0;
  printf("error %llu: %s\n", (unsigned long long)id, text);
}

/* ---- children ---- */

LH_EXPORT(f_exit_normally) void f_exit_normally(void) {}

LH_EXPORT(f_fail_now) void f_fail_now(void) { __builtin_trap(); }

LH_EXPORT(f_print_params) void f_print_params(int32_t a, int64_t b) {
  printf("process %llu got a=%d b=%lld\n", (unsigned long long)lunatic_process_id(), a,
         (long long)b);
}

LH_EXPORT(f_sleep_then_fail) void f_sleep_then_fail(int64_t ms) {
  lunatic_sleep_ms((uint64_t)ms);
  __builtin_trap();
}

LH_EXPORT(f_sleep_then_print) void f_sleep_then_print(int64_t ms) {
  lunatic_sleep_ms((uint64_t)ms);
  printf("process %llu awake after %lld ms\n", (unsigned long long)lunatic_process_id(),
         (long long)ms);
}

LH_EXPORT(f_sleep_long) void f_sleep_long(void) { lunatic_sleep_ms(1000000); }

LH_EXPORT(f_spawner) void f_spawner(void) {
  uint64_t id = 0;
  printf("create_config=%lld\n", (long long)lunatic_create_config());
  printf("compile_module=%d\n", lunatic_compile_module(kTwoPageModule, sizeof kTwoPageModule, &id));
  printf("spawning\n");
  spawn_entry(0, "f_exit_normally", 0, 0, &id);
  printf("not reached\n");
}

/* ---- spawn ---- */

/* Spawns f_print_params with an i32 chunk whose u128 has bits above 32 set (only the low 32
   bits count) and an i64 chunk with bits above 64 set. */
LH_EXPORT(spawn_with_params) void spawn_with_params(void) {
  uint8_t params[34];
  param_chunk(params, 0x7F, 0x00000001FFFFFFFBull, 0x55);      /* i32 -5 */
  param_chunk(params + 17, 0x7E, 0x0000010000000000ull, 0x77); /* i64 2^40 */
  uint64_t id = 0;
  int32_t rc = spawn_entry(0, "f_print_params", params, sizeof params, &id);
  printf("spawn rc=%d id=%llu\n", rc, (unsigned long long)id);
}

/* Plain spawn of a child that exits at once: the root's config decides permission. */
LH_EXPORT(spawn_plain) void spawn_plain(void) {
  uint64_t id = 0;
  int32_t rc = spawn_entry(0, "f_exit_normally", 0, 0, &id);
  printf("spawn rc=%d id=%llu\n", rc, (unsigned long long)id);
}

/* One trapping spawn per `which`, in the order of the reference's checks. */
LH_EXPORT(spawn_trap) void spawn_trap(int32_t which) {
  uint64_t id = 0;
  uint8_t params[40];
  const char* entry = "f_exit_normally";
  uint32_t len = (uint32_t)strlen(entry);
  printf("case %d\n", which);
  fflush(stdout);
  switch (which) {
    case 1: lunatic_spawn(0, 99, -1, entry, len, 0, 0, &id); break;                /* config */
    case 2: lunatic_spawn(0, -1, 99, entry, len, 0, 0, &id); break;                /* module */
    case 3: lunatic_spawn(0, -1, -1, (const char*)BAD_PTR, 100, 0, 0, &id); break; /* name range */
    case 4: lunatic_spawn(0, -1, -1, "\xff\xfe", 2, 0, 0, &id); break;             /* not UTF-8 */
    case 5: lunatic_spawn(0, -1, -1, entry, len, (const uint8_t*)BAD_PTR, 34, &id); break;
    case 6: /* a bad type id in a full chunk wins over a bad length */
      param_chunk(params, 0x7C, 1, 0);
      lunatic_spawn(0, -1, -1, entry, len, params, 17 + 5, &id);
      break;
    case 7: /* a valid chunk and 3 bytes more */
      param_chunk(params, 0x7F, 1, 0);
      lunatic_spawn(0, -1, -1, entry, len, params, 17 + 3, &id);
      break;
    case 8: /* unlinked: the child exists and runs; the caller traps writing its id */
      lunatic_spawn(0, -1, -1, "f_sleep_then_print", 18, (param_chunk(params, 0x7E, 5, 0), params),
                    17, (uint64_t*)BAD_PTR);
      break;
    case 9: /* linked: the caller's death (after its yield) kills the child */
      lunatic_spawn(1, -1, -1, "f_sleep_long", 12, 0, 0, (uint64_t*)BAD_PTR);
      break;
  }
  printf("not reached\n");
}

/* spawn returns 0 and the child fails when it starts: missing entry, params mismatch. */
LH_EXPORT(spawn_child_fails_at_start) void spawn_child_fails_at_start(int32_t which) {
  uint64_t id = 0;
  int32_t rc = 0;
  if (which == 0) rc = spawn_entry(0, "no_such_function", 0, 0, &id);
  if (which == 1) rc = spawn_entry(0, "f_print_params", 0, 0, &id);
  printf("spawn rc=%d id=%llu\n", rc, (unsigned long long)id);
  lunatic_sleep_ms(1);
  printf("child exists=%d\n", lunatic_exists(id));
}

/* Instantiation failures return 1 with an error id: initial memory over the config's limit,
   a start function that traps. */
LH_EXPORT(spawn_instantiation_fails) void spawn_instantiation_fails(void) {
  uint64_t big = 0, trapping = 0, id = 0;
  int64_t config = lunatic_create_config();
  lunatic_config_set_max_memory((uint64_t)config, 65536);
  lunatic_compile_module(kTwoPageModule, sizeof kTwoPageModule, &big);
  int32_t rc = lunatic_spawn(0, config, (int64_t)big, "run", 3, 0, 0, &id);
  printf("two pages under a 64 KiB limit: rc=%d\n", rc);
  print_error(id);
  lunatic_compile_module(kStartTrapModule, sizeof kStartTrapModule, &trapping);
  rc = lunatic_spawn(0, -1, (int64_t)trapping, "run", 3, 0, 0, &id);
  printf("trapping start function: rc=%d\n", rc);
  print_error(id);
}

/* A child spawned with a fresh config (every permission off) can do none of it. */
LH_EXPORT(spawn_child_config) void spawn_child_config(void) {
  uint64_t id = 0;
  int64_t config = lunatic_create_config();
  int32_t rc = lunatic_spawn(0, config, -1, "f_spawner", 9, 0, 0, &id);
  printf("spawn rc=%d id=%llu\n", rc, (unsigned long long)id);
}

/* The caller kills itself, then spawns linked: it dies at the spawn's yield; the child,
   registered already, runs normally (the harness's choice for the reference's leak). */
LH_EXPORT(spawn_linked_after_self_kill) void spawn_linked_after_self_kill(void) {
  uint8_t params[34];
  param_chunk(params, 0x7F, 1, 0);
  param_chunk(params + 17, 0x7E, 2, 0);
  uint64_t id = 0;
  lunatic_kill(lunatic_process_id());
  spawn_entry(5, "f_print_params", params, sizeof params, &id);
  printf("not reached\n");
}

/* ---- modules ---- */

LH_EXPORT(module_lifecycle) void module_lifecycle(void) {
  uint64_t module = 0, child = 0;
  int32_t rc = lunatic_compile_module(kSleepModule, sizeof kSleepModule, &module);
  printf("compile rc=%d module=%llu\n", rc, (unsigned long long)module);
  rc = lunatic_spawn(0, -1, (int64_t)module, "run", 3, 0, 0, &child);
  printf("spawn rc=%d child=%llu\n", rc, (unsigned long long)child);
  lunatic_drop_module(module);
  printf("dropped; child exists=%d\n", lunatic_exists(child));
  lunatic_sleep_ms(10);
  printf("child exists=%d\n", lunatic_exists(child));
  lunatic_spawn(0, -1, (int64_t)module, "run", 3, 0, 0, &child); /* traps: dropped */
  printf("not reached\n");
}

LH_EXPORT(compile_invalid) void compile_invalid(void) {
  uint64_t id = 99;
  int32_t rc = lunatic_compile_module("not wasm", 8, &id);
  printf("compile rc=%d id=%llu text_len>0=%d\n", rc, (unsigned long long)id,
         lunatic_error_string_size(id) > 0);
  rc = lunatic_compile_module(kSleepModule, sizeof kSleepModule, &id);
  printf("compile rc=%d id=%llu\n", rc, (unsigned long long)id);
}

LH_EXPORT(compile_unknown_import) void compile_unknown_import(void) {
  uint64_t id = 99, child = 0;
  int32_t rc = lunatic_compile_module(kUnknownImportModule, sizeof kUnknownImportModule, &id);
  printf("compile rc=%d\n", rc);
  if (rc == 1) print_error(id);
  if (rc == 0) {
    rc = lunatic_spawn(0, -1, (int64_t)id, "run", 3, 0, 0, &child);
    printf("spawn rc=%d\n", rc);
  }
}

LH_EXPORT(compile_plain) void compile_plain(void) {
  uint64_t id = 99;
  int32_t rc = lunatic_compile_module(kSleepModule, sizeof kSleepModule, &id);
  printf("compile rc=%d id=%llu\n", rc, (unsigned long long)id);
}

LH_EXPORT(module_trap) void module_trap(int32_t which) {
  uint64_t id = 0;
  printf("case %d\n", which);
  fflush(stdout);
  if (which == 0) lunatic_compile_module((const void*)BAD_PTR, 100, &id);
  if (which == 1) lunatic_compile_module(kSleepModule, sizeof kSleepModule, (uint64_t*)BAD_PTR);
  if (which == 2) lunatic_drop_module(7);
  printf("not reached\n");
}

/* ---- configs ---- */

LH_EXPORT(config_trap) void config_trap(int32_t which) {
  const uint64_t c = 77;
  printf("case %d\n", which);
  fflush(stdout);
  switch (which) {
    case 0: lunatic_drop_config(c); break;
    case 1: lunatic_config_set_max_memory(c, 1); break;
    case 2: lunatic_config_get_max_memory(c); break;
    case 3: lunatic_config_set_max_fuel(c, 1); break;
    case 4: lunatic_config_get_max_fuel(c); break;
    case 5: lunatic_config_can_compile_modules(c); break;
    case 6: lunatic_config_set_can_compile_modules(c, 1); break;
    case 7: lunatic_config_can_create_configs(c); break;
    case 8: lunatic_config_set_can_create_configs(c, 1); break;
    case 9: lunatic_config_can_spawn_processes(c); break;
    case 10: lunatic_config_set_can_spawn_processes(c, 1); break;
  }
  printf("not reached\n");
}

LH_EXPORT(create_config_plain) void create_config_plain(void) {
  printf("create_config=%lld\n", (long long)lunatic_create_config());
}

/* A child spawned with max_fuel = 2 spins and dies once its two slices are used; the
   parent, sleeping meanwhile, is not blocked by it. */
LH_EXPORT(config_fuel_limits_child) void config_fuel_limits_child(void) {
  uint64_t id = 0;
  int64_t config = lunatic_create_config();
  lunatic_config_set_max_fuel((uint64_t)config, 2);
  int32_t rc = lunatic_spawn(0, config, -1, "f_spin", 6, 0, 0, &id);
  printf("spawn rc=%d id=%llu\n", rc, (unsigned long long)id);
  lunatic_sleep_ms(10);
  printf("child exists=%d\n", lunatic_exists(id));
}

LH_EXPORT(f_spin) void f_spin(void) {
  volatile uint64_t n = 0;
  for (;;) ++n;
}

/* ---- links, kill, exists, sleep ---- */

LH_EXPORT(link_then_child_fails) void link_then_child_fails(void) {
  uint8_t param[17];
  param_chunk(param, 0x7E, 10, 0);
  uint64_t id = 0;
  spawn_entry(0, "f_sleep_then_fail", param, sizeof param, &id);
  lunatic_link(9, id);
  printf("linked to %llu\n", (unsigned long long)id);
  lunatic_sleep_ms(1000);
  printf("not reached\n");
}

LH_EXPORT(link_then_fail) void link_then_fail(void) {
  uint64_t id = 0;
  spawn_entry(0, "f_sleep_long", 0, 0, &id);
  lunatic_link(4, id);
  lunatic_sleep_ms(3);
  printf("failing\n");
  __builtin_trap();
}

LH_EXPORT(link_die_when_link_dies_restored) void link_die_when_link_dies_restored(void) {
  uint64_t id = 0;
  lunatic_die_when_link_dies(0);
  lunatic_die_when_link_dies(1);
  spawn_entry(6, "f_fail_now", 0, 0, &id);
  lunatic_sleep_ms(10); /* the child runs and fails; its LinkDied kills this process */
  printf("not reached\n");
}

LH_EXPORT(unlink_linked_child) void unlink_linked_child(void) {
  uint8_t param[17];
  param_chunk(param, 0x7E, 10, 0);
  uint64_t id = 0;
  spawn_entry(3, "f_sleep_then_fail", param, sizeof param, &id);
  lunatic_unlink(id);
  lunatic_sleep_ms(50);
  printf("child exists=%d; parent survives\n", lunatic_exists(id));
}

LH_EXPORT(kill_unknown) void kill_unknown(void) {
  lunatic_kill(9999);
  lunatic_sleep_ms(1);
  printf("still alive, exists(9999)=%d\n", lunatic_exists(9999));
}

LH_EXPORT(kill_self) void kill_self(void) {
  lunatic_kill(lunatic_process_id());
  printf("killed myself, running until the next suspension\n");
  lunatic_sleep_ms(1);
  printf("not reached\n");
}

/* Killing a linked process: the killer's link to it reports a failure, so it dies too
   unless it turned die_when_link_dies off. */
LH_EXPORT(kill_linked_child) void kill_linked_child(void) {
  uint64_t id = 0;
  lunatic_die_when_link_dies(0);
  spawn_entry(8, "f_sleep_long", 0, 0, &id);
  lunatic_kill(id);
  uint32_t rc = lunatic_receive(0, 0, LUNATIC_FOREVER);
  printf("receive=%u tag=%lld exists=%d\n", rc, (long long)lunatic_get_tag(), lunatic_exists(id));
}

LH_EXPORT(sleep_two_children) void sleep_two_children(void) {
  uint8_t param[17];
  uint64_t a = 0, b = 0;
  param_chunk(param, 0x7E, 30, 0);
  spawn_entry(0, "f_sleep_then_print", param, sizeof param, &a);
  param_chunk(param, 0x7E, 10, 0);
  spawn_entry(0, "f_sleep_then_print", param, sizeof param, &b);
  lunatic_sleep_ms(20);
  printf("parent awake at 20 ms\n");
}

LH_EXPORT(sleep_zero_yields) void sleep_zero_yields(void) {
  uint64_t id = 0;
  spawn_entry(0, "f_print_params", (const uint8_t*)"\x7f\x01\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0"
                                                   "\x7e\x02\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0",
              34, &id);
  printf("before sleep_ms(0)\n");
  lunatic_sleep_ms(0);
  printf("after sleep_ms(0)\n");
}
