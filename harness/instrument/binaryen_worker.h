// Every libbinaryen call of guest preparation, and the worker process that makes them.
// Binaryen 108 exits, aborts, crashes, or runs for minutes and gigabytes on some valid
// modules (fuzz/README.md lists them), and guests may hand the harness any module
// (compile_module), so preparation runs Binaryen out of process: a BinaryenJob goes to a
// persistent worker and comes back as the module Binaryen wrote or an error. When the worker
// exits, is killed or exceeds a limit, that job fails with "guest preparation: Binaryen
// <exited with status N | was killed by signal S | timed out> on this module" and the next
// job starts a fresh worker. Thread-safe (a worker runs one job at a time); deterministic as
// Binaryen is: the same job gives the same bytes, in the worker or in process.
//
// The worker is a small executable of its own, lh-binaryen-worker: $LH_BINARYEN_WORKER if
// set, else the one next to the running executable (the CLI's place), else the one built with
// this library. It loads libbinaryen and libstdc++ only, so it starts in ~12 ms where a
// V8-linked binary takes ~55 ms (prepare_bench WorkerStart); its main() is an ordinary main,
// and nothing of V8, GoogleTest or libFuzzer runs in it. When no such executable exists (an
// install without it), the current executable is re-executed through /proc/self/exe and a
// static initialiser of this library enters the worker loop before main: slower to start,
// but it works in every binary linking lh_instrument. The worker's code therefore uses only
// libc, libstdc++ and libbinaryen, which are initialised before any static initialiser of
// the executable runs. A job's round trip adds ~15 us to what Binaryen takes (EmptyJob).
// The worker runs Binaryen single-threaded (BINARYEN_CORES=1; the output is the same).
//
// Robustness: started with posix_spawn (safe beside V8's threads), every descriptor of ours
// O_CLOEXEC (the worker gets exactly stdin=/dev/null, stdout and stderr into a pipe the
// harness drains, and the socket as fd 3); jobs travel over a socketpair written with
// MSG_NOSIGNAL (a dead worker cannot SIGPIPE the harness) in a poll loop that survives
// partial reads and writes and EINTR; the one child is reaped with waitpid on its pid, so
// no zombie stays and no one else's child is reaped. Limits per job: CPU time (the harness
// reads the worker's CPU clock, and the worker sets RLIMIT_CPU as a backstop), wall time,
// and address space (RLIMIT_AS; not under AddressSanitizer, whose shadow memory needs
// terabytes of it). Core dumps are off in the worker.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "harness/base/result.h"

namespace lh::instrument {

// One call into libbinaryen: read `wasm`, validate it, and for kAsyncify run the pass and
// write the module back.
struct BinaryenJob {
  enum class Kind : uint8_t {
    kValidate = 0,     // the bytes are empty on success
    kAsyncify = 1,     // asyncify, export the state globals (names.h), write
    kHangForTest = 2,  // the worker spins until killed: tests of the time limit only
  };
  Kind kind = Kind::kValidate;
  std::vector<uint8_t> wasm;     // as Binaryen is to read it (with a target_features section)
  uint32_t features = 0;         // BinaryenFeatures to set after reading
  std::string asyncify_imports;  // the pass's "asyncify-imports" argument
  int optimize_level = 1;
  bool optimize_after = false;  // also run Binaryen's full optimiser
};

// What became of a job: the bytes Binaryen wrote, or why there are none.
struct BinaryenOutcome {
  Result<std::vector<uint8_t>> bytes = std::vector<uint8_t>{};
  // Binaryen itself failed (exited, was killed, timed out; or the worker could not start)
  // rather than refusing the module; the error says which.
  bool binaryen_failed = false;
};

// Runs `job` in this process, serialised with other in-process jobs (Binaryen's pass
// settings are process-global). Unprotected: Binaryen's exits and crashes end the process.
// For the worker itself, and for tests and benchmarks that compare with it.
[[nodiscard]] BinaryenOutcome run_binaryen_job_in_process(const BinaryenJob& job);

struct BinaryenWorkerOptions {
  std::chrono::milliseconds cpu_limit{60'000};    // CPU time per job, then "timed out"
  std::chrono::milliseconds wall_limit{300'000};  // per job, for a worker stuck off the CPU
  std::chrono::milliseconds start_limit{30'000};  // from spawn until the worker says hello
  uint64_t memory_limit = uint64_t{4} << 30;      // the worker's address space; 0: none
  std::string executable = {};                    // empty: binaryen_worker_executable()
};

// The worker executable to start: $LH_BINARYEN_WORKER if set, else lh-binaryen-worker in the
// running executable's directory, else the one built with this library, else /proc/self/exe.
[[nodiscard]] std::string binaryen_worker_executable();

// One worker process, started on the first job and after each failure.
class BinaryenWorker {
 public:
  explicit BinaryenWorker(BinaryenWorkerOptions options = {});
  ~BinaryenWorker();  // kills and reaps the worker
  BinaryenWorker(const BinaryenWorker&) = delete;
  BinaryenWorker& operator=(const BinaryenWorker&) = delete;

  // Runs `job` in the worker (starting one if none runs). Never ends this process.
  [[nodiscard]] BinaryenOutcome run(const BinaryenJob& job);
  // Options for the jobs after this call (a new executable applies from the next start).
  void set_options(BinaryenWorkerOptions options);
  [[nodiscard]] BinaryenWorkerOptions options() const;
  // The running worker's process id, or -1 (for tests).
  [[nodiscard]] pid_t pid() const;
  // How many workers this object has started.
  [[nodiscard]] uint64_t starts() const;

 private:
  // How an exchange ended; kDiedUnsent: the worker was gone before it had the whole request.
  enum class Io { kDone, kDied, kDiedUnsent, kCpuTimeout, kWallTimeout, kBroken };
  [[nodiscard]] Status start_locked();
  // Reaps and forgets a worker that ended while idle (the next job starts another).
  void forget_ended_worker_locked();
  [[nodiscard]] Io exchange_locked(const std::vector<uint8_t>& request, std::vector<uint8_t>& reply,
                                   std::chrono::milliseconds wall_limit, bool limit_cpu);
  void drain_stderr_locked();
  [[nodiscard]] int reap_locked(bool kill_first);  // the wait status, or -1 if unknown
  [[nodiscard]] BinaryenOutcome fail_locked(Io io);
  void close_locked();

  mutable std::mutex mutex_;
  BinaryenWorkerOptions options_;
  pid_t pid_ = -1;
  int socket_ = -1;  // ours of the socketpair; the worker's is its fd 3
  int stderr_ = -1;  // read end of the worker's stdout and stderr
  std::string stderr_tail_;
  uint64_t starts_ = 0;
};

// The process's worker, used by run_asyncify and binaryen_validate (never destroyed: at exit
// the worker reads end-of-file and leaves).
[[nodiscard]] BinaryenWorker& shared_binaryen_worker();

// Where libbinaryen runs for run_asyncify and binaryen_validate.
struct BinaryenRunner {
  BinaryenWorker* worker = nullptr;  // nullptr: shared_binaryen_worker()
  bool in_process = false;  // run_binaryen_job_in_process: unprotected, for tests and benchmarks
};

// Runs `job` where `runner` says.
[[nodiscard]] BinaryenOutcome run_binaryen_job(const BinaryenJob& job,
                                               const BinaryenRunner& runner);

// The worker's entry: serves jobs on fd 3 when the environment says this process was started
// as a worker (never returns then); returns at once otherwise. lh-binaryen-worker's main calls
// it; a static initialiser calls it in every executable linking this library.
void serve_binaryen_jobs_if_worker();

}  // namespace lh::instrument
