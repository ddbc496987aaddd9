/* Prints a greeting with the process and environment ids through WASI fd_write. */
#include <stdio.h>

#include "lunatic.h"

LH_EXPORT(hello) void hello(void) {
  printf("hello from process %llu in environment %llu\n", (unsigned long long)lunatic_process_id(),
         (unsigned long long)lunatic_environment_id());
  fprintf(stderr, "a line on stderr\n");
}
