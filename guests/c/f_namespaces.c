/* Entry points for the fixtures of the namespaces beyond process, error and message
   (fixtures/registry, timer, monitor, distributed, metrics-version, message-sockets and the
   get_or_spawn ones under process-spawn): their results as text, and every trap they have. */
#include <stdio.h>
#include <string.h>

#include "f_modules.h"
#include "lunatic.h"

#define BAD_PTR 0xFFFFFFF0u
#define NAME(text) text, (uint32_t)strlen(text)

static const char kNotUtf8[] = {'a', (char)0xff, 'b'};

static int32_t spawn_entry(const char* entry, uint64_t* id) {
  return lunatic_spawn(0, -1, -1, entry, (uint32_t)strlen(entry), 0, 0, id);
}

/* A child that lives 5 ms, then returns. */
LH_EXPORT(child_sleep) void child_sleep(void) { lunatic_sleep_ms(5); }

/* A child that fails 5 ms after it starts. */
LH_EXPORT(child_fail) void child_fail(void) {
  lunatic_sleep_ms(5);
  __builtin_trap();
}

/* Puts a LinkDied message into the scratch area. */
static void receive_link_died(void) {
  lunatic_die_when_link_dies(0);
  lunatic_link(42, 9999);
  lunatic_receive(0, 0, LUNATIC_FOREVER);
}

/* Puts a ProcessDied message into the scratch area: a monitored child that returns. */
static uint64_t receive_process_died(void) {
  uint64_t child = 0;
  spawn_entry("child_sleep", &child);
  lunatic_monitor(child);
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  return child;
}

/* ---- lunatic::registry ---- */

/* put, get (found and not found), overwrite, remove, get_or_put_later then put. */
LH_EXPORT(registry_roundtrip) void registry_roundtrip(void) {
  uint64_t node = 99, id = 99;
  printf("get missing=%u\n", lunatic_registry_get(NAME("svc"), &node, &id));
  lunatic_registry_put(NAME("svc"), 0, 7);
  uint32_t rc = lunatic_registry_get(NAME("svc"), &node, &id);
  printf("get=%u node=%llu id=%llu\n", rc, (unsigned long long)node, (unsigned long long)id);
  lunatic_registry_put(NAME("svc"), 3, 1234); /* overwrites; no liveness check */
  rc = lunatic_registry_get(NAME("svc"), &node, &id);
  printf("get=%u node=%llu id=%llu\n", rc, (unsigned long long)node, (unsigned long long)id);
  lunatic_registry_remove(NAME("svc"));
  lunatic_registry_remove(NAME("svc")); /* absent: nothing */
  printf("after remove=%u\n", lunatic_registry_get(NAME("svc"), &node, &id));
  rc = lunatic_registry_get_or_put_later(NAME("later"), &node, &id);
  printf("get_or_put_later missing=%u\n", rc);
  lunatic_registry_put(NAME("later"), 0, lunatic_process_id()); /* releases the lock */
  rc = lunatic_registry_get_or_put_later(NAME("later"), &node, &id);
  printf("get_or_put_later=%u id=%llu\n", rc, (unsigned long long)id);
}

/* A child that looks "later" up: it blocks while the parent holds the write lock. */
LH_EXPORT(registry_reader) void registry_reader(void) {
  uint64_t node = 0, id = 0;
  uint32_t rc = lunatic_registry_get(NAME("later"), &node, &id);
  printf("reader get=%u id=%llu\n", rc, (unsigned long long)id);
}

/* The parent takes the lock with get_or_put_later, spawns a reader, sleeps 10 ms and puts:
   the reader's get waits for the put and then finds the name. */
LH_EXPORT(registry_lock_blocks_others) void registry_lock_blocks_others(void) {
  uint64_t node = 0, id = 0, child = 0;
  printf("get_or_put_later=%u\n", lunatic_registry_get_or_put_later(NAME("later"), &node, &id));
  spawn_entry("registry_reader", &child);
  lunatic_sleep_ms(10);
  printf("put\n");
  lunatic_registry_put(NAME("later"), 0, 77);
  lunatic_sleep_ms(10);
}

/* ---- lunatic::timer ---- */

/* Two timers to self: the 20 ms one is cancelled (cancel=1, then 0 again), the 10 ms one
   arrives after 10 ms of virtual time. An unknown id cancels to 0. */
LH_EXPORT(timer_send_and_cancel) void timer_send_and_cancel(void) {
  uint64_t self = lunatic_process_id();
  lunatic_create_data(5, 0);
  lunatic_write_data("soon", 4);
  uint64_t soon = lunatic_send_after(self, 10);
  lunatic_create_data(6, 0);
  lunatic_write_data("late", 4);
  uint64_t late = lunatic_send_after(self, 20);
  printf("timers %llu %llu\n", (unsigned long long)soon, (unsigned long long)late);
  printf("cancel=%u\n", lunatic_cancel_timer(late));
  printf("cancel again=%u\n", lunatic_cancel_timer(late));
  printf("cancel unknown=%u\n", lunatic_cancel_timer(1000));
  uint32_t rc = lunatic_receive(0, 0, LUNATIC_FOREVER);
  printf("receive=%u tag=%lld\n", rc, (long long)lunatic_get_tag());
  printf("late=%u\n", lunatic_receive(0, 0, 50));
}

/* A timer to a process that does not exist now is dropped when it fires. */
LH_EXPORT(timer_to_unknown_process) void timer_to_unknown_process(void) {
  lunatic_create_data(1, 0);
  lunatic_send_after(9999, 5);
  lunatic_sleep_ms(10);
  printf("done\n");
}

/* ---- monitors ---- */

/* A monitored child returns: ProcessDied (receive=2, tag 0, get_process_id = the child);
   get_process_id of a data message is 0; monitoring nobody does nothing. */
LH_EXPORT(monitor_child) void monitor_child(void) {
  lunatic_monitor(9999);
  uint64_t child = receive_process_died();
  printf("tag=%lld died=%d\n", (long long)lunatic_get_tag(), lunatic_get_process_id() == child);
  lunatic_create_data(3, 0);
  lunatic_send(lunatic_process_id());
  uint32_t rc = lunatic_receive(0, 0, LUNATIC_FOREVER);
  printf("receive=%u process_id=%llu\n", rc, (unsigned long long)lunatic_get_process_id());
  printf("nothing more=%u\n", lunatic_receive(0, 0, 20));
}

/* A monitor hears of a failure too, and is not killed by it; a tag filter skips ProcessDied. */
LH_EXPORT(monitor_failing_child) void monitor_failing_child(void) {
  uint64_t child = 0;
  spawn_entry("child_fail", &child);
  lunatic_monitor(child);
  int64_t tags[1] = {1};
  printf("filtered=%u\n", lunatic_receive(tags, 1, 20));
  printf("receive=%u\n", lunatic_receive(0, 0, LUNATIC_FOREVER));
}

/* stop_monitoring before the death: no ProcessDied. */
LH_EXPORT(stop_monitoring_child) void stop_monitoring_child(void) {
  uint64_t child = 0;
  spawn_entry("child_sleep", &child);
  lunatic_monitor(child);
  lunatic_stop_monitoring(child);
  lunatic_stop_monitoring(child);
  printf("receive=%u\n", lunatic_receive(0, 0, 20));
}

/* ---- get_or_spawn ---- */

static uint32_t get_or_spawn(const char* name, int64_t config, int64_t module, const char* entry,
                             uint64_t* id) {
  uint64_t node = 99;
  return lunatic_get_or_spawn(name, (uint32_t)strlen(name), 0, config, module, entry,
                              (uint32_t)strlen(entry), 0, 0, &node, id);
}

/* The first call spawns and registers, the second finds (no spawn, no checks: the entry
   does not even exist), and a module whose start function traps spawns nothing but
   registers the error id; registry::get sees it. */
LH_EXPORT(get_or_spawn_twice) void get_or_spawn_twice(void) {
  uint64_t first = 0, second = 0, failed = 0, node = 0, found = 0, module = 0;
  uint32_t rc = get_or_spawn("worker", -1, -1, "child_sleep", &first);
  printf("first=%u id=%llu\n", rc, (unsigned long long)first);
  rc = get_or_spawn("worker", 77, 77, "no_such_entry", &second);
  printf("second=%u same=%d\n", rc, first == second);
  lunatic_compile_module(kStartTrapModule, sizeof kStartTrapModule, &module);
  rc = get_or_spawn("broken", -1, (int64_t)module, "run", &failed);
  printf("broken=%u error=%u\n", rc, lunatic_error_string_size(failed) > 0);
  rc = lunatic_registry_get(NAME("broken"), &node, &found);
  printf("registered=%u same=%d\n", rc, found == failed);
}

/* ---- lunatic::distributed, version, metrics ---- */

LH_EXPORT(single_node) void single_node(void) {
  uint64_t nodes[4] = {0};
  printf("node_id=%llu module_id=%llu nodes_count=%u get_nodes=%u\n",
         (unsigned long long)lunatic_node_id(), (unsigned long long)lunatic_module_id(),
         lunatic_nodes_count(), lunatic_get_nodes(nodes, 4));
}

LH_EXPORT(version) void version(void) {
  printf("version %u.%u.%u\n", lunatic_version_major(), lunatic_version_minor(),
         lunatic_version_patch());
}

LH_EXPORT(metrics) void metrics(void) {
  lunatic_metrics_counter(NAME("requests"), 3);
  lunatic_metrics_increment_counter(NAME("requests"));
  lunatic_metrics_gauge(NAME("load"), 0.5);
  lunatic_metrics_increment_gauge(NAME("load"), 1.25);
  lunatic_metrics_decrement_gauge(NAME("load"), 2);
  lunatic_metrics_histogram(NAME("latency"), 12.5);
  printf("metrics done\n");
}

/* ---- traps: one case each ---- */

LH_EXPORT(ns_trap) void ns_trap(int32_t which) {
  uint64_t a = 0, b = 0;
  printf("case %d\n", which);
  fflush(stdout);
  switch (which) {
    /* registry */
    case 1: lunatic_registry_put((const char*)BAD_PTR, 64, 0, 1); break;
    case 2: lunatic_registry_put(kNotUtf8, sizeof kNotUtf8, 0, 1); break;
    case 3: lunatic_registry_get((const char*)BAD_PTR, 64, &a, &b); break;
    case 4: lunatic_registry_get(kNotUtf8, sizeof kNotUtf8, &a, &b); break;
    case 5:
      lunatic_registry_put(NAME("x"), 0, 1);
      lunatic_registry_get(NAME("x"), &a, (uint64_t*)BAD_PTR);
      break;
    case 6:
      lunatic_registry_get_or_put_later(NAME("x"), &a, &b);
      lunatic_registry_get(NAME("x"), &a, &b);
      break;
    case 7:
      lunatic_registry_get_or_put_later(NAME("x"), &a, &b);
      lunatic_registry_remove(NAME("x"));
      break;
    case 8: lunatic_registry_remove(kNotUtf8, sizeof kNotUtf8); break;
    /* timer */
    case 10: lunatic_send_after(lunatic_process_id(), 5); break;
    /* distributed */
    case 20: lunatic_get_nodes((uint64_t*)BAD_PTR, 0); break;
    case 21: lunatic_distributed_spawn(0, -1, 0, NAME("child_sleep"), 0, 0, &a); break;
    case 22: lunatic_distributed_spawn(0, 77, 0, NAME("child_sleep"), 0, 0, &a); break;
    case 23: lunatic_distributed_spawn(0, -1, 0, kNotUtf8, sizeof kNotUtf8, 0, 0, &a); break;
    case 24: lunatic_distributed_send(0, 1); break;
    case 25:
      lunatic_create_data(0, 0);
      lunatic_distributed_send(0, 1);
      break;
    case 26:
      receive_link_died();
      lunatic_distributed_send(0, 1);
      break;
    case 27: {
      uint64_t module = 0;
      static const uint8_t kEmpty[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
      lunatic_compile_module(kEmpty, sizeof kEmpty, &module);
      lunatic_create_data(0, 0);
      lunatic_push_module(module);
      lunatic_distributed_send(0, 1);
      break;
    }
    case 28: lunatic_distributed_send_receive_skip_search(0, 1, 0, 0); break;
    case 29:
      lunatic_create_data(0, 0);
      lunatic_distributed_send_receive_skip_search(0, 1, 0, 0);
      break;
    case 30: lunatic_exec_lookup_nodes(NAME("name = x"), &a, &b, &b); break;
    case 31: lunatic_exec_lookup_nodes(kNotUtf8, sizeof kNotUtf8, &a, &b, &b); break;
    case 32: lunatic_copy_lookup_nodes_results(0, &a, 1, &b); break;
    /* metrics */
    case 40: lunatic_metrics_counter((const char*)BAD_PTR, 64, 1); break;
    case 41: lunatic_metrics_increment_counter(kNotUtf8, sizeof kNotUtf8); break;
    case 42: lunatic_metrics_gauge(kNotUtf8, sizeof kNotUtf8, 1); break;
    case 43: lunatic_metrics_increment_gauge(kNotUtf8, sizeof kNotUtf8, 1); break;
    case 44: lunatic_metrics_decrement_gauge(kNotUtf8, sizeof kNotUtf8, 1); break;
    case 45: lunatic_metrics_histogram((const char*)BAD_PTR, 64, 1); break;
    /* monitors */
    case 50: lunatic_get_process_id(); break;
    case 51:
      receive_process_died();
      lunatic_data_size();
      break;
    /* message push/take of sockets */
    case 60: lunatic_push_tcp_stream(0); break;
    case 61: lunatic_push_tls_stream(0); break;
    case 62: lunatic_push_udp_socket(0); break;
    case 63: lunatic_take_tcp_stream(0); break;
    case 64: lunatic_take_tls_stream(0); break;
    case 65: lunatic_take_udp_socket(0); break;
    case 66:
      lunatic_create_data(0, 0);
      lunatic_take_tcp_stream(0);
      break;
    case 67:
      lunatic_create_data(0, 0);
      lunatic_take_tls_stream(0);
      break;
    case 68:
      lunatic_create_data(0, 0);
      lunatic_take_udp_socket(0);
      break;
    /* get_or_spawn */
    case 70: {
      uint64_t node = 0;
      lunatic_get_or_spawn((const char*)BAD_PTR, 64, 0, -1, -1, NAME("child_sleep"), 0, 0, &node,
                           &a);
      break;
    }
    case 71: get_or_spawn(kNotUtf8, -1, -1, "child_sleep", &a); break;
    case 72: get_or_spawn("w", -1, -1, "child_sleep", &a); break; /* run without spawning */
    case 73: get_or_spawn("w", 77, -1, "child_sleep", &a); break;
    case 74: get_or_spawn("w", -1, 77, "child_sleep", &a); break;
    case 75: {
      uint64_t node = 0;
      lunatic_get_or_spawn(NAME("w"), 0, -1, -1, NAME("child_sleep"), 0, 0, &node,
                           (uint64_t*)BAD_PTR);
      break;
    }
    default: printf("no such case\n"); return;
  }
  printf("no trap\n");
}
