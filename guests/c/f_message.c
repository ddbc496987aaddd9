/* Entry points for the lunatic::message and lunatic::error fixtures (fixtures/message,
   fixtures/error): the scratch area, sending, (selective) receiving, modules in messages,
   error texts, and every trap of both namespaces. */
#include <stdio.h>
#include <string.h>

#include "f_modules.h"
#include "lunatic.h"

#define BAD_PTR 0xFFFFFFF0u

/* Puts a LinkDied message into the scratch area (die_when_link_dies off, link to nobody). */
static void receive_link_died(void) {
  lunatic_die_when_link_dies(0);
  lunatic_link(42, 9999);
  uint32_t rc = lunatic_receive(0, 0, LUNATIC_FOREVER);
  printf("receive=%u tag=%lld\n", rc, (long long)lunatic_get_tag());
}

LH_EXPORT(message_roundtrip) void message_roundtrip(void) {
  char buffer[32] = {0};
  lunatic_create_data(5, 16);
  uint32_t written = lunatic_write_data("hello world", 11);
  printf("written=%u size=%llu tag=%lld\n", written, (unsigned long long)lunatic_data_size(),
         (long long)lunatic_get_tag());
  lunatic_seek_data(6);
  uint32_t n = lunatic_read_data(buffer, 5);
  printf("read=%u '%s'\n", n, buffer);
  printf("read at end=%u\n", lunatic_read_data(buffer, 5));
  uint32_t rc = lunatic_send(lunatic_process_id());
  printf("send=%u\n", rc);
  rc = lunatic_receive(0, 0, LUNATIC_FOREVER);
  memset(buffer, 0, sizeof buffer);
  lunatic_seek_data(0);
  n = lunatic_read_data(buffer, sizeof buffer - 1);
  printf("receive=%u tag=%lld read=%u '%s'\n", rc, (long long)lunatic_get_tag(), n, buffer);
  lunatic_create_data(0, 0);
  printf("new message: tag=%lld size=%llu\n", (long long)lunatic_get_tag(),
         (unsigned long long)lunatic_data_size());
}

static void send_self(int64_t tag, const char* text) {
  lunatic_create_data(tag, 0);
  lunatic_write_data(text, (uint32_t)strlen(text));
  lunatic_send(lunatic_process_id());
}

static void print_received(uint32_t rc) {
  char buffer[16] = {0};
  if (rc == LUNATIC_RECEIVED_DATA) lunatic_read_data(buffer, sizeof buffer - 1);
  printf("receive=%u tag=%lld data=%s\n", rc, (long long)lunatic_get_tag(), buffer);
}

/* Three messages queued (tags 1, 2, 3): a filter on {3, 2} takes the first match in FIFO
   order (2), then 3; an empty filter takes the oldest (1); then a filter on 7 times out. */
LH_EXPORT(receive_selective) void receive_selective(void) {
  send_self(1, "one");
  send_self(2, "two");
  send_self(3, "three");
  int64_t tags[2] = {3, 2};
  print_received(lunatic_receive(tags, 2, LUNATIC_FOREVER));
  print_received(lunatic_receive(tags, 1, LUNATIC_FOREVER));
  print_received(lunatic_receive(0, 0, LUNATIC_FOREVER));
  int64_t seven = 7;
  printf("receive=%u\n", lunatic_receive(&seven, 1, 15));
}

LH_EXPORT(receive_timeout) void receive_timeout(void) {
  int64_t tags[1] = {5};
  uint32_t rc = lunatic_receive(tags, 1, 25);
  printf("receive=%u\n", rc);
}

LH_EXPORT(receive_link_died_message) void receive_link_died_message(void) { receive_link_died(); }

/* A message to a process that does not exist is dropped; send still returns 0. */
LH_EXPORT(send_to_unknown) void send_to_unknown(void) {
  lunatic_create_data(1, 0);
  lunatic_write_data("lost", 4);
  printf("send=%u\n", lunatic_send(9999));
  printf("receive=%u\n", lunatic_receive(0, 0, 5));
}

/* The child echoes one message back with tag + 1. */
LH_EXPORT(f_echo) void f_echo(int64_t parent) {
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  char buffer[64] = {0};
  uint32_t n = lunatic_read_data(buffer, sizeof buffer - 1);
  lunatic_create_data(lunatic_get_tag() + 1, 0);
  lunatic_write_data(buffer, n);
  lunatic_send((uint64_t)parent);
}

LH_EXPORT(request_reply) void request_reply(void) {
  uint8_t param[17] = {0x7E};
  uint64_t self = lunatic_process_id(), child = 0;
  for (int i = 0; i < 8; ++i) param[1 + i] = (uint8_t)(self >> (8 * i));
  lunatic_spawn(0, -1, -1, "f_echo", 6, param, sizeof param, &child);
  lunatic_create_data(10, 0);
  lunatic_write_data("ping", 4);
  uint32_t rc = lunatic_send_receive_skip_search(child, 11, 1000);
  print_received(rc);
}

/* A tag-4 message already queued is not searched: the call times out. */
LH_EXPORT(skip_search_ignores_queued) void skip_search_ignores_queued(void) {
  send_self(4, "old");
  lunatic_sleep_ms(0); /* the Message signal is handled: the mailbox holds it */
  lunatic_create_data(4, 0);
  uint32_t rc = lunatic_send_receive_skip_search(9999, 4, 20);
  printf("send_receive_skip_search=%u\n", rc);
  int64_t four = 4;
  print_received(lunatic_receive(&four, 1, 0));
}

/* A module travels in a message: push_module, send to self, take_module, spawn from it. */
LH_EXPORT(module_in_message) void module_in_message(void) {
  uint64_t module = 0, child = 0;
  lunatic_compile_module(kSleepModule, sizeof kSleepModule, &module);
  lunatic_create_data(1, 0);
  printf("push_module=%llu\n", (unsigned long long)lunatic_push_module(module));
  lunatic_send(lunatic_process_id());
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  uint64_t taken = lunatic_take_module(0);
  printf("take_module=%llu\n", (unsigned long long)taken);
  int32_t rc = lunatic_spawn(0, -1, (int64_t)taken, "run", 3, 0, 0, &child);
  printf("spawn rc=%d child=%llu\n", rc, (unsigned long long)child);
}

LH_EXPORT(message_trap) void message_trap(int32_t which) {
  char buffer[8];
  if (which >= 10 && which < 20) receive_link_died();
  if (which >= 20) lunatic_create_data(1, 0);
  printf("case %d\n", which);
  fflush(stdout);
  switch (which % 10 + (which >= 20 ? 100 : 0)) {
    case 0: lunatic_write_data("x", 1); break;
    case 1: lunatic_read_data(buffer, 1); break;
    case 2: lunatic_seek_data(0); break;
    case 3: lunatic_get_tag(); break;
    case 4: lunatic_data_size(); break;
    case 5: { /* a valid module: lunatic looks the module up before the scratch area */
      uint64_t module = 0;
      lunatic_compile_module(kSleepModule, sizeof kSleepModule, &module);
      lunatic_push_module(module);
      break;
    }
    case 6: lunatic_take_module(0); break;
    case 7: lunatic_send(lunatic_process_id()); break;
    case 8: lunatic_send_receive_skip_search(lunatic_process_id(), 1, 10); break;
    case 100: lunatic_write_data((const void*)BAD_PTR, 100); break;
    case 101:
      lunatic_write_data("abc", 3);
      lunatic_read_data((void*)BAD_PTR, 100);
      break;
    case 102: lunatic_receive((const int64_t*)BAD_PTR, 4, 10); break;
    case 103: lunatic_push_module(5); break;
    case 104: lunatic_take_module(0); break;
  }
  printf("not reached\n");
}

/* ---- lunatic::error ---- */

LH_EXPORT(error_lifecycle) void error_lifecycle(void) {
  uint64_t a = 0, b = 0;
  lunatic_compile_module("bad", 3, &a);
  lunatic_compile_module("worse", 5, &b);
  uint32_t size = lunatic_error_string_size(b);
  static char text[512];
  memset(text, '#', sizeof text);
  lunatic_error_to_string(b, text);
  int exact = size < sizeof text && text[size] == '#';
  printf("errors %llu and %llu; to_string wrote exactly string_size bytes: %d\n",
         (unsigned long long)a, (unsigned long long)b, exact);
  lunatic_error_drop(a);
  printf("dropped %llu; %llu still has a text: %d\n", (unsigned long long)a, (unsigned long long)b,
         lunatic_error_string_size(b) > 0);
  lunatic_error_string_size(a); /* traps: dropped */
  printf("not reached\n");
}

LH_EXPORT(error_trap) void error_trap(int32_t which) {
  uint64_t id = 0;
  char buffer[8];
  printf("case %d\n", which);
  fflush(stdout);
  if (which == 0) lunatic_error_string_size(3);
  if (which == 1) lunatic_error_to_string(3, buffer);
  if (which == 2) lunatic_error_drop(3);
  if (which == 3) {
    lunatic_compile_module("bad", 3, &id);
    lunatic_error_to_string(id, (char*)BAD_PTR);
  }
  printf("not reached\n");
}
