/* Two children race to message their parent; the parent prints who arrived first.
   Under fifo the first-spawned child always wins; under the random policy either may. */
#include <stdio.h>
#include <string.h>

#include "lunatic.h"

LH_EXPORT(racer) void racer(int64_t parent, int64_t name) {
  lunatic_create_data(name, 0);
  lunatic_send((uint64_t)parent);
}

static void spawn_racer(int64_t name) {
  uint8_t params[34] = {0};
  uint64_t parent = lunatic_process_id();
  params[0] = 0x7E;
  for (int i = 0; i < 8; ++i) params[1 + i] = (uint8_t)(parent >> (8 * i));
  params[17] = 0x7E;
  for (int i = 0; i < 8; ++i) params[18 + i] = (uint8_t)((uint64_t)name >> (8 * i));
  uint64_t id;
  lunatic_spawn(0, -1, -1, "racer", 5, params, sizeof params, &id);
}

LH_EXPORT(race) void race(void) {
  spawn_racer('A');
  spawn_racer('B');
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  char first = (char)lunatic_get_tag();
  lunatic_receive(0, 0, LUNATIC_FOREVER);
  char second = (char)lunatic_get_tag();
  printf("%c then %c\n", first, second);
}
