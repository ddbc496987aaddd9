/* Semantics-preservation corpus guest: printf (fd_write), malloc/free and qsort over a
   deterministic pseudo-random array; returns a checksum of the sorted data and the text
   printed. Instrumented and plain runs must agree on output and result. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lunatic.h"

static uint32_t fnv1a(uint32_t hash, const void* data, size_t size) {
  const unsigned char* p = data;
  for (size_t i = 0; i < size; ++i) hash = (hash ^ p[i]) * 16777619u;
  return hash;
}

static int compare_u32(const void* a, const void* b) {
  uint32_t x = *(const uint32_t*)a, y = *(const uint32_t*)b;
  return (x > y) - (x < y);
}

static int compare_str(const void* a, const void* b) {
  return strcmp(*(char* const*)a, *(char* const*)b);
}

/* Sorts `n` numbers and `n / 8` formatted strings; prints a summary; returns a checksum. */
LH_EXPORT(corpus_checksum) uint32_t corpus_checksum(int32_t n) {
  if (n <= 0) return 0;
  uint32_t* values = malloc((size_t)n * sizeof *values);
  if (!values) return 1;
  uint64_t state = 0x9e3779b97f4a7c15ull;
  for (int32_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    values[i] = (uint32_t)(state >> 33);
  }
  qsort(values, (size_t)n, sizeof *values, compare_u32);
  uint32_t hash = fnv1a(2166136261u, values, (size_t)n * sizeof *values);

  int32_t strings = n / 8 + 1;
  char** texts = malloc((size_t)strings * sizeof *texts);
  char line[96];
  for (int32_t i = 0; i < strings; ++i) {
    int len = snprintf(line, sizeof line, "%08x-%d-%.3f", values[(i * 7) % n], i,
                       (double)values[i % n] / 4294967296.0);
    texts[i] = malloc((size_t)len + 1);
    memcpy(texts[i], line, (size_t)len + 1);
  }
  qsort(texts, (size_t)strings, sizeof *texts, compare_str);
  for (int32_t i = 0; i < strings; ++i) {
    hash = fnv1a(hash, texts[i], strlen(texts[i]));
    if (i < 3 || i == strings - 1) printf("text[%d] = %s\n", i, texts[i]);
    free(texts[i]);
  }
  free(texts);
  printf("n=%d min=%u median=%u max=%u hash=%08x\n", n, values[0], values[n / 2], values[n - 1],
         hash);
  free(values);
  return hash;
}
