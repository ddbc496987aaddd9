/* Asyncify buffer overflow guest: `deep_sleep(n)` recurses n frames (each keeping values
   live across the call) and sleeps 1 ms at the bottom; the frames saved by the suspension
   grow with n, so a deep enough n overflows the harness's asyncify buffer. */
#include <stdint.h>
#include <stdio.h>

#include "lunatic.h"

__attribute__((noinline)) static uint32_t down(uint32_t n, uint32_t salt) {
  if (n == 0) {
    lunatic_sleep_ms(1);
    return salt;
  }
  uint32_t a = n * 2654435761u ^ salt, b = a >> 7, c = a + b;
  uint32_t below = down(n - 1, c);
  return below * (a | 1) + b; /* not an accumulator: the recursion stays a recursion */
}

LH_EXPORT(deep_sleep) void deep_sleep(int32_t n) {
  printf("depth %d: %08x\n", n, down((uint32_t)n, 1));
}
