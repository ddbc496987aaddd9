/* Suspension must be invisible (spec/harness.md, "Suspension"): the guest's allocations,
   memory.size and memory limit are the same whether or not it was ever suspended, and any
   stack depth that fits in its memory suspends. Entries:
     heap_around_sleep(sleep)  mallocs, sleeps 1 ms when `sleep` is 1, mallocs again and
                               prints every address and memory.size: the same output for 0
                               and 1
     burn_then_sleep(k)        burns k loop iterations, then sleeps: the first suspension
                               lands anywhere in a fuel slice as k varies (review R1)
     deep_stack_sleep(frames)  recurses `frames` deep, each frame holding 1 KiB of shadow
                               stack, sleeps at the bottom, and prints a checksum of every
                               frame afterwards (built with a 1 MiB stack) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lunatic.h"

LH_EXPORT(heap_around_sleep) void heap_around_sleep(int32_t sleep) {
  void* first = malloc(100);
  printf("first=%p pages=%lu\n", first, (unsigned long)__builtin_wasm_memory_size(0));
  if (sleep) lunatic_sleep_ms(1);
  void* second = malloc(70000);
  void* third = malloc(100);
  printf("second=%p third=%p pages=%lu\n", second, third,
         (unsigned long)__builtin_wasm_memory_size(0));
}

LH_EXPORT(burn_then_sleep) void burn_then_sleep(int32_t k) {
  volatile int32_t sink = 0;
  for (int32_t i = 0; i < k; ++i) sink += i;
  lunatic_sleep_ms(1);
  void* after = malloc(16);
  printf("k=%d after=%p\n", k, after);
}

__attribute__((noinline)) static uint32_t down(int32_t frames, uint32_t seed) {
  volatile uint8_t block[1024];
  for (int i = 0; i < 1024; ++i) block[i] = (uint8_t)(seed + (uint32_t)i);
  uint32_t below = frames == 0 ? (lunatic_sleep_ms(1), 0u) : down(frames - 1, seed * 31u + 7u);
  uint32_t sum = 0;
  for (int i = 0; i < 1024; ++i) sum += block[i];
  return below * 17u + sum;
}

LH_EXPORT(deep_stack_sleep) void deep_stack_sleep(int32_t frames) {
  printf("frames=%d checksum=%08x\n", frames, down(frames, 1));
}
