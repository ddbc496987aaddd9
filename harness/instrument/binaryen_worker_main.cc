// lh-binaryen-worker: the process in which guest preparation runs libbinaryen (see
// binaryen_worker.h). The harness starts it; run by hand it only says so.
#include <cstdio>

#include "harness/instrument/binaryen_worker.h"

int main() {
  lh::instrument::serve_binaryen_jobs_if_worker();  // does not return in a worker
  std::fputs("lh-binaryen-worker: runs Binaryen for lunatic-harness, which starts it\n", stderr);
  return 2;
}
