#include "harness/instrument/binaryen_worker.h"

#include <binaryen-c.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "harness/instrument/names.h"

extern char** environ;

#if defined(__SANITIZE_ADDRESS__)
#define LH_WORKER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LH_WORKER_ASAN 1
#endif
#endif

namespace lh::instrument {
namespace {

// The worker side (this block up to the client) runs during static initialisation when the
// executable re-executes itself, so it uses no global of another translation unit and no
// namespace-scope object that needs dynamic initialisation.

constexpr char kFdVariable[] = "LH_BINARYEN_WORKER_FD";
constexpr int kWorkerFd = 3;
constexpr std::string_view kHello = "lh-binaryen-worker protocol 1";
constexpr uint64_t kMaxFrame = uint64_t{1} << 31;  // no module or reply is that large
constexpr uint8_t kReplyDone = 0, kReplyRefused = 1;

// --- Framing: a frame is a u64 payload length and the payload; integers in native byte
// order (both ends run on this machine).

void put(std::vector<uint8_t>& out, const void* data, size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  out.insert(out.end(), bytes, bytes + size);
}
template <typename T>
void put_int(std::vector<uint8_t>& out, T value) {
  put(out, &value, sizeof value);
}
// A frame to append the payload to; finish_frame writes its length.
std::vector<uint8_t> start_frame() { return std::vector<uint8_t>(sizeof(uint64_t), 0); }
void finish_frame(std::vector<uint8_t>& frame) {
  uint64_t size = frame.size() - sizeof(uint64_t);
  std::memcpy(frame.data(), &size, sizeof size);
}

// Reads from a frame's payload; any overrun leaves ok() false.
class Cursor {
 public:
  Cursor(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  template <typename T>
  T get() {
    T value{};
    if (size_ - pos_ < sizeof value) {
      ok_ = false;
      return value;
    }
    std::memcpy(&value, data_ + pos_, sizeof value);
    pos_ += sizeof value;
    return value;
  }
  std::string_view take(uint64_t size) {
    if (size_ - pos_ < size) {
      ok_ = false;
      return {};
    }
    std::string_view out(reinterpret_cast<const char*>(data_ + pos_), size);
    pos_ += size;
    return out;
  }
  [[nodiscard]] bool ok() const { return ok_; }
  [[nodiscard]] bool at_end() const { return pos_ == size_; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// A request: the job, and the limits the worker applies to itself.
std::vector<uint8_t> encode_request(const BinaryenJob& job, const BinaryenWorkerOptions& options) {
  std::vector<uint8_t> frame = start_frame();
  put_int<uint8_t>(frame, static_cast<uint8_t>(job.kind));
  put_int<uint8_t>(frame, job.optimize_after ? 1 : 0);
  put_int<int32_t>(frame, job.optimize_level);
  put_int<uint32_t>(frame, job.features);
  put_int<uint64_t>(frame, static_cast<uint64_t>(options.cpu_limit.count()));
  put_int<uint64_t>(frame, options.memory_limit);
  put_int<uint64_t>(frame, job.asyncify_imports.size());
  put(frame, job.asyncify_imports.data(), job.asyncify_imports.size());
  put_int<uint64_t>(frame, job.wasm.size());
  put(frame, job.wasm.data(), job.wasm.size());
  finish_frame(frame);
  return frame;
}

struct Request {
  BinaryenJob job;
  uint64_t cpu_limit_ms = 0;
  uint64_t memory_limit = 0;
};

bool decode_request(const std::vector<uint8_t>& payload, Request& out) {
  Cursor in(payload.data(), payload.size());
  auto kind = in.get<uint8_t>();
  out.job.optimize_after = in.get<uint8_t>() != 0;
  out.job.optimize_level = in.get<int32_t>();
  out.job.features = in.get<uint32_t>();
  out.cpu_limit_ms = in.get<uint64_t>();
  out.memory_limit = in.get<uint64_t>();
  out.job.asyncify_imports = std::string(in.take(in.get<uint64_t>()));
  std::string_view wasm = in.take(in.get<uint64_t>());
  out.job.wasm.assign(wasm.begin(), wasm.end());
  if (kind > static_cast<uint8_t>(BinaryenJob::Kind::kHangForTest)) return false;
  out.job.kind = static_cast<BinaryenJob::Kind>(kind);
  return in.ok() && in.at_end();
}

std::vector<uint8_t> encode_reply(const BinaryenOutcome& outcome) {
  std::vector<uint8_t> frame = start_frame();
  const std::string& message = outcome.bytes.message();
  put_int<uint8_t>(frame, outcome.bytes.ok() ? kReplyDone : kReplyRefused);
  put_int<uint64_t>(frame, message.size());
  put(frame, message.data(), message.size());
  if (outcome.bytes.ok()) {
    const std::vector<uint8_t>& bytes = outcome.bytes.value();
    put_int<uint64_t>(frame, bytes.size());
    put(frame, bytes.data(), bytes.size());
  } else {
    put_int<uint64_t>(frame, 0);
  }
  finish_frame(frame);
  return frame;
}

// --- The libbinaryen calls.

struct ModuleDeleter {
  void operator()(BinaryenModuleRef module) const { BinaryenModuleDispose(module); }
};
using BinaryenModule = std::unique_ptr<std::remove_pointer_t<BinaryenModuleRef>, ModuleDeleter>;

std::mutex& in_process_mutex() {
  static std::mutex mutex;
  return mutex;
}

BinaryenOutcome refused(std::string why) { return {Status::error(std::move(why)), false}; }

// The pass's control functions only set its two globals (and check the buffer's bounds,
// which the host does itself), so the host sets the globals directly: two global exports
// instead of five function exports make every instantiation cheaper.
std::optional<std::string> export_state_globals(BinaryenModuleRef module) {
  for (const char* name : {kAsyncifyStateExport, kAsyncifyDataExport}) {
    if (BinaryenGetExport(module, name))
      return std::string("the module already exports \"") + name + "\"";
  }
  for (const char* name : {"__asyncify_state", "__asyncify_data"}) {
    if (!BinaryenGetGlobal(module, name)) return std::string("asyncify added no global ") + name;
  }
  for (const char* name : {"asyncify_start_unwind", "asyncify_stop_unwind", "asyncify_start_rewind",
                           "asyncify_stop_rewind", "asyncify_get_state"}) {
    BinaryenRemoveExport(module, name);
  }
  BinaryenAddGlobalExport(module, "__asyncify_state", kAsyncifyStateExport);
  BinaryenAddGlobalExport(module, "__asyncify_data", kAsyncifyDataExport);
  return std::nullopt;
}

// The caller serialises (the worker runs one job at a time; in process, the mutex).
BinaryenOutcome run_job(const BinaryenJob& job) {
  // BinaryenModuleRead copies its input; it takes a non-const pointer all the same.
  std::vector<char> input(job.wasm.begin(), job.wasm.end());
  BinaryenModule module(BinaryenModuleRead(input.data(), input.size()));
  BinaryenModuleSetFeatures(module.get(), job.features);
  if (!BinaryenModuleValidate(module.get())) {
    return refused(job.kind == BinaryenJob::Kind::kValidate
                       ? "Binaryen validation failed"
                       : "Binaryen validation failed before asyncify");
  }
  if (job.kind == BinaryenJob::Kind::kValidate) return {};
  // Global settings: set every call, other Binaryen users may have changed them.
  BinaryenClearPassArguments();
  BinaryenSetPassArgument("asyncify-imports", job.asyncify_imports.c_str());
  BinaryenSetOptimizeLevel(job.optimize_level);
  BinaryenSetShrinkLevel(0);
  BinaryenSetDebugInfo(false);
  const char* passes[] = {"asyncify"};
  BinaryenModuleRunPasses(module.get(), passes, 1);
  if (job.optimize_after && job.optimize_level > 0) BinaryenModuleOptimize(module.get());
  BinaryenClearPassArguments();
  if (auto why = export_state_globals(module.get())) return refused(*why);
  BinaryenModuleAllocateAndWriteResult written =
      BinaryenModuleAllocateAndWrite(module.get(), nullptr);
  const auto* data = static_cast<const uint8_t*>(written.binary);
  std::vector<uint8_t> out(data, data + written.binaryBytes);
  std::free(written.binary);
  std::free(written.sourceMap);
  return {std::move(out), false};
}

// --- The worker loop.

// Reads exactly `size` bytes; false on end-of-file or error.
bool read_exactly(int fd, void* data, size_t size) {
  auto* out = static_cast<uint8_t*>(data);
  while (size > 0) {
    ssize_t n = read(fd, out, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    out += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool send_all(int fd, const std::vector<uint8_t>& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<size_t>(n);
  }
  return true;
}

void set_soft_limit(int resource, rlim_t value) {
  struct rlimit limit;
  if (getrlimit(resource, &limit) != 0) return;
  limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? value : std::min(value, limit.rlim_max);
  (void)setrlimit(resource, &limit);
}

// RLIMIT_CPU as a backstop to the harness's own measurement (whole seconds, counted from
// what the worker has used so far): an orphaned worker stuck in a job still ends.
void limit_cpu(uint64_t cpu_limit_ms) {
  struct rusage usage;
  if (getrusage(RUSAGE_SELF, &usage) != 0) return;
  uint64_t used = static_cast<uint64_t>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1;
  set_soft_limit(RLIMIT_CPU, static_cast<rlim_t>(used + cpu_limit_ms / 1000 + 2));
}

void limit_memory(uint64_t memory_limit) {
#if defined(LH_WORKER_ASAN)
  (void)memory_limit;  // AddressSanitizer's shadow memory needs terabytes of address space
#else
  if (memory_limit > 0) set_soft_limit(RLIMIT_AS, static_cast<rlim_t>(memory_limit));
#endif
}

[[noreturn]] void serve(int fd) {
  set_soft_limit(RLIMIT_CORE, 0);
  std::vector<uint8_t> hello = start_frame();
  put(hello, kHello.data(), kHello.size());
  finish_frame(hello);
  if (!send_all(fd, hello)) _exit(0);
  std::vector<uint8_t> payload;
  for (;;) {
    uint64_t size = 0;
    if (!read_exactly(fd, &size, sizeof size)) _exit(0);  // the harness is gone or done
    if (size > kMaxFrame) _exit(3);
    payload.resize(size);
    if (!read_exactly(fd, payload.data(), size)) _exit(0);
    Request request;
    if (!decode_request(payload, request)) _exit(3);
    limit_cpu(request.cpu_limit_ms);
    limit_memory(request.memory_limit);
    if (request.job.kind == BinaryenJob::Kind::kHangForTest) {
      volatile uint64_t spin = 0;
      for (;;) spin = spin + 1;
    }
    BinaryenOutcome outcome = run_job(request.job);
    if (!send_all(fd, encode_reply(outcome))) _exit(0);
  }
}

// Entered when this executable was started as the worker (see the header).
[[maybe_unused]] const bool kServedAsWorker = [] {
  serve_binaryen_jobs_if_worker();
  return false;
}();

// --- The client.

constexpr std::chrono::milliseconds kPollSlice{20};  // how often a running job's CPU is read

Status errno_error(std::string_view what) {
  return Status::error(std::string(what) + ": " + std::strerror(errno));
}

// `fd` moved to a number >= 10 (so that dup2 onto 1, 2 or 3 in the child never meets it).
int high_fd(int fd) {
  if (fd >= 10) return fd;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 10);
  close(fd);
  return moved;
}

std::string signal_name(int signal) {
  std::string text = std::to_string(signal);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  if (const char* abbrev = sigabbrev_np(signal)) text += std::string(" (SIG") + abbrev + ")";
#endif
  return text;
}

// What the worker last printed that says why it failed: its last two lines, without the
// sanitizers' report lines (which carry process ids and addresses).
std::string stderr_detail(const std::string& tail) {
  std::vector<std::string_view> lines;
  std::string_view rest(tail);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line.starts_with("==") || line.starts_with("    #") ||
        line.starts_with("SUMMARY:") || line.starts_with("AddressSanitizer") ||
        line.find("runtime error:") != std::string_view::npos) {
      continue;
    }
    lines.push_back(line.substr(0, 300));
  }
  std::string detail;
  for (size_t i = lines.size() > 2 ? lines.size() - 2 : 0; i < lines.size(); ++i) {
    detail += (detail.empty() ? "" : " ") + std::string(lines[i]);
  }
  return detail;
}

std::string failure_text(std::string_view what, std::string_view detail) {
  std::string text = "guest preparation: Binaryen " + std::string(what) + " on this module";
  if (!detail.empty()) text += ": " + std::string(detail);
  return text;
}

BinaryenOutcome failed(std::string message) { return {Status::error(std::move(message)), true}; }

int64_t milliseconds_of(const timespec& t) {
  return static_cast<int64_t>(t.tv_sec) * 1000 + t.tv_nsec / 1'000'000;
}

}  // namespace

void serve_binaryen_jobs_if_worker() {
  const char* value = std::getenv(kFdVariable);
  if (!value || std::strcmp(value, "3") != 0) return;
  struct stat st;
  if (fstat(kWorkerFd, &st) != 0 || !S_ISSOCK(st.st_mode)) return;  // not started by us
  serve(kWorkerFd);
}

BinaryenOutcome run_binaryen_job_in_process(const BinaryenJob& job) {
  std::lock_guard lock(in_process_mutex());
  return run_job(job);
}

std::string binaryen_worker_executable() {
  if (const char* path = std::getenv("LH_BINARYEN_WORKER"); path && *path) return path;
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    std::string dir(self, static_cast<size_t>(n));
    dir.erase(dir.rfind('/') + 1);
    std::string sibling = dir + "lh-binaryen-worker";
    if (access(sibling.c_str(), X_OK) == 0) return sibling;
  }
#ifdef LH_BINARYEN_WORKER_BUILD_PATH
  if (access(LH_BINARYEN_WORKER_BUILD_PATH, X_OK) == 0) return LH_BINARYEN_WORKER_BUILD_PATH;
#endif
  return "/proc/self/exe";
}

BinaryenWorker::BinaryenWorker(BinaryenWorkerOptions options) : options_(std::move(options)) {}

BinaryenWorker::~BinaryenWorker() {
  std::lock_guard lock(mutex_);
  if (pid_ > 0) (void)reap_locked(true);
  close_locked();
}

void BinaryenWorker::set_options(BinaryenWorkerOptions options) {
  std::lock_guard lock(mutex_);
  options_ = std::move(options);
}

BinaryenWorkerOptions BinaryenWorker::options() const {
  std::lock_guard lock(mutex_);
  return options_;
}

pid_t BinaryenWorker::pid() const {
  std::lock_guard lock(mutex_);
  return pid_;
}

uint64_t BinaryenWorker::starts() const {
  std::lock_guard lock(mutex_);
  return starts_;
}

void BinaryenWorker::close_locked() {
  if (socket_ >= 0) close(socket_);
  if (stderr_ >= 0) close(stderr_);
  socket_ = stderr_ = -1;
  pid_ = -1;
}

Status BinaryenWorker::start_locked() {
  std::string path =
      options_.executable.empty() ? binaryen_worker_executable() : options_.executable;
  auto cannot = [&](Status why) {
    return why.with_context("guest preparation: cannot start the Binaryen worker " + path);
  };
  int sockets[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0)
    return cannot(errno_error("socketpair"));
  int pipe_fds[2];
  if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
    Status why = errno_error("pipe2");
    close(sockets[0]);
    close(sockets[1]);
    return cannot(why);
  }
  int child_socket = high_fd(sockets[1]);
  int child_stderr = high_fd(pipe_fds[1]);
  socket_ = sockets[0];
  stderr_ = pipe_fds[0];
  if (child_socket < 0 || child_stderr < 0) {
    Status why = errno_error("fcntl");
    if (child_socket >= 0) close(child_socket);
    if (child_stderr >= 0) close(child_stderr);
    close_locked();
    return cannot(why);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, child_stderr, 1);
  posix_spawn_file_actions_adddup2(&actions, child_stderr, 2);
  posix_spawn_file_actions_adddup2(&actions, child_socket, kWorkerFd);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
  posix_spawn_file_actions_addclosefrom_np(&actions, kWorkerFd + 1);  // anyone's leaked fds
#endif
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t no_signals, all_signals;
  sigemptyset(&no_signals);
  sigfillset(&all_signals);
  sigdelset(&all_signals, SIGKILL);
  sigdelset(&all_signals, SIGSTOP);
  posix_spawnattr_setsigmask(&attributes, &no_signals);      // the thread's mask is not its own
  posix_spawnattr_setsigdefault(&attributes, &all_signals);  // nor are ignored signals
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::string fd_entry = std::string(kFdVariable) + "=" + std::to_string(kWorkerFd);
  // The environment, but: our fd variable set afresh; one Binaryen thread (its pool would
  // start one per core, each with a stack and a malloc arena counted against the memory
  // limit; the output is the same either way); and, in sanitizer builds, no leak check when
  // Binaryen calls exit() (it leaks by design then, and the report would replace its status).
  std::string asan_options = "ASAN_OPTIONS=detect_leaks=0";
  std::vector<char*> env;
  auto named = [](const char* entry, std::string_view name) {
    return std::string_view(entry).starts_with(name) && entry[name.size()] == '=';
  };
  for (char** entry = environ; entry && *entry; ++entry) {
    if (named(*entry, kFdVariable)) continue;
    if (named(*entry, "ASAN_OPTIONS")) {
      asan_options = std::string(*entry) + ":detect_leaks=0";  // the last setting wins
      continue;
    }
    env.push_back(*entry);
  }
  env.push_back(fd_entry.data());
  env.push_back(asan_options.data());
  char one_core[] = "BINARYEN_CORES=1";
  if (!std::getenv("BINARYEN_CORES")) env.push_back(one_core);
  env.push_back(nullptr);
  char name[] = "lh-binaryen-worker";
  char* argv[] = {name, nullptr};

  pid_t pid = -1;
  int spawned = posix_spawn(&pid, path.c_str(), &actions, &attributes, argv, env.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  close(child_socket);
  close(child_stderr);
  if (spawned != 0) {
    close_locked();
    return cannot(Status::error(std::strerror(spawned)));
  }
  pid_ = pid;
  ++starts_;
  fcntl(socket_, F_SETFL, fcntl(socket_, F_GETFL) | O_NONBLOCK);
  fcntl(stderr_, F_SETFL, fcntl(stderr_, F_GETFL) | O_NONBLOCK);

  stderr_tail_.clear();
  std::vector<uint8_t> hello;
  Io io = exchange_locked({}, hello, options_.start_limit, false);
  if (io == Io::kDone && hello.size() == kHello.size() &&
      std::equal(hello.begin(), hello.end(), kHello.begin())) {
    return Status();
  }
  std::string why =
      io == Io::kDone ? "it does not speak the worker protocol"
      : io == Io::kWallTimeout
          ? "it did not answer within " + std::to_string(options_.start_limit.count()) + " ms"
          : "it ended";
  std::string detail = stderr_detail(stderr_tail_);
  (void)reap_locked(true);
  close_locked();
  return cannot(Status::error(why + (detail.empty() ? "" : ": " + detail)));
}

void BinaryenWorker::drain_stderr_locked() {
  char buffer[4096];
  while (stderr_ >= 0) {
    ssize_t n = read(stderr_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // EAGAIN: nothing more for now
    if (n == 0) {       // end-of-file: the worker is gone
      close(stderr_);
      stderr_ = -1;
      return;
    }
    stderr_tail_.append(buffer, static_cast<size_t>(n));
    constexpr size_t kKeep = 16 * 1024;
    if (stderr_tail_.size() > 2 * kKeep) stderr_tail_.erase(0, stderr_tail_.size() - kKeep);
  }
}

BinaryenWorker::Io BinaryenWorker::exchange_locked(const std::vector<uint8_t>& request,
                                                   std::vector<uint8_t>& reply,
                                                   std::chrono::milliseconds wall_limit,
                                                   bool limit_cpu) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + wall_limit;
  clockid_t cpu_clock;
  timespec cpu_now;
  bool have_cpu = limit_cpu && clock_getcpuclockid(pid_, &cpu_clock) == 0 &&
                  clock_gettime(cpu_clock, &cpu_now) == 0;
  const int64_t cpu_start = have_cpu ? milliseconds_of(cpu_now) : 0;

  size_t sent = 0;
  reply.clear();
  std::vector<uint8_t> received;
  uint8_t buffer[64 * 1024];
  for (;;) {
    if (received.size() >= sizeof(uint64_t)) {
      uint64_t size;
      std::memcpy(&size, received.data(), sizeof size);
      if (size > kMaxFrame) return Io::kBroken;
      if (received.size() - sizeof size > size) return Io::kBroken;  // more than one frame
      if (received.size() - sizeof size == size) {
        if (sent < request.size()) return Io::kBroken;  // a reply before the whole request
        reply.assign(received.begin() + sizeof size, received.end());
        return Io::kDone;
      }
    }
    Clock::time_point now = Clock::now();
    if (now >= deadline) return Io::kWallTimeout;
    if (have_cpu) {
      if (clock_gettime(cpu_clock, &cpu_now) == 0) {
        if (milliseconds_of(cpu_now) - cpu_start > options_.cpu_limit.count())
          return Io::kCpuTimeout;
      }
    }
    auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    int timeout = static_cast<int>(std::min(remaining, kPollSlice).count()) + 1;
    pollfd fds[2] = {
        {socket_, static_cast<short>(POLLIN | (sent < request.size() ? POLLOUT : 0)), 0},
        {stderr_, POLLIN, 0}};
    int ready = poll(fds, 2, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return Io::kBroken;
    }
    if (fds[1].revents != 0) drain_stderr_locked();
    if (fds[0].revents & POLLOUT) {
      ssize_t n = send(socket_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        return Io::kDiedUnsent;  // EPIPE, ECONNRESET: the worker is gone
      }
    }
    if (fds[0].revents & POLLIN) {
      ssize_t n = recv(socket_, buffer, sizeof buffer, 0);
      if (n > 0) {
        received.insert(received.end(), buffer, buffer + n);
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
        return sent < request.size() ? Io::kDiedUnsent : Io::kDied;  // end-of-file or reset
      }
    } else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
      return sent < request.size() ? Io::kDiedUnsent : Io::kDied;
    }
  }
}

int BinaryenWorker::reap_locked(bool kill_first) {
  if (pid_ <= 0) return -1;
  if (kill_first) kill(pid_, SIGKILL);
  if (!kill_first) {
    // It is ending by itself: collect what it printed, then give it a moment to be reaped.
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (stderr_ >= 0 && std::chrono::steady_clock::now() < until) {
      pollfd fd = {stderr_, POLLIN, 0};
      if (poll(&fd, 1, 50) > 0) drain_stderr_locked();
    }
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      pid_t done = waitpid(pid_, &status, WNOHANG);
      if (done == pid_) return status;
      if (done < 0 && errno != EINTR) return -1;  // ECHILD: someone else reaped it
      if (done == 0) usleep(2000);
    }
    kill(pid_, SIGKILL);  // alive after all (its socket closed): end it
  }
  for (;;) {
    int status = 0;
    pid_t done = waitpid(pid_, &status, 0);
    if (done == pid_) return status;
    if (done < 0 && errno != EINTR) return -1;
  }
}

BinaryenOutcome BinaryenWorker::fail_locked(Io io) {
  std::string message;
  switch (io) {
    case Io::kDone: break;
    case Io::kCpuTimeout:
    case Io::kWallTimeout: {
      (void)reap_locked(true);
      drain_stderr_locked();
      message = failure_text(
          "timed out",
          io == Io::kCpuTimeout
              ? "more than " + std::to_string(options_.cpu_limit.count()) + " ms of CPU time"
              : "more than " + std::to_string(options_.wall_limit.count()) + " ms");
      break;
    }
    case Io::kBroken: {
      (void)reap_locked(true);
      message = "guest preparation: the Binaryen worker broke the protocol on this module";
      break;
    }
    case Io::kDied:
    case Io::kDiedUnsent: {
      int status = reap_locked(false);
      std::string detail = stderr_detail(stderr_tail_);
      if (detail.find("std::bad_alloc") != std::string::npos && options_.memory_limit > 0) {
        detail += " (the worker's memory limit is " + std::to_string(options_.memory_limit >> 20) +
                  " MiB)";
      }
      if (status < 0) {
        message = failure_text("ended (its status is unknown)", detail);
      } else if (WIFEXITED(status)) {
        message = failure_text("exited with status " + std::to_string(WEXITSTATUS(status)), detail);
      } else if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
        message =
            failure_text("timed out", "more than " + std::to_string(options_.cpu_limit.count()) +
                                          " ms of CPU time");
      } else if (WIFSIGNALED(status)) {
        message = failure_text("was killed by signal " + signal_name(WTERMSIG(status)), detail);
      } else {
        message = failure_text("ended", detail);
      }
      break;
    }
  }
  close_locked();
  return failed(std::move(message));
}

void BinaryenWorker::forget_ended_worker_locked() {
  if (pid_ <= 0) return;
  int status = 0;
  pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_ || (done < 0 && errno == ECHILD)) {  // reaped: its pid must not be used
    close_locked();
    return;
  }
  // An idle worker writes nothing: a readable or hung-up socket means it is ending.
  pollfd fd = {socket_, POLLIN, 0};
  if (poll(&fd, 1, 0) != 0) {
    (void)reap_locked(true);
    close_locked();
  }
}

BinaryenOutcome BinaryenWorker::run(const BinaryenJob& job) {
  std::lock_guard lock(mutex_);
  const std::vector<uint8_t> request = encode_request(job, options_);
  std::vector<uint8_t> payload;
  for (int attempt = 0;; ++attempt) {
    // A worker that ended between jobs (killed from outside, say) is replaced unseen; so is
    // one that ended before it had the whole request: neither is this module's doing.
    forget_ended_worker_locked();
    if (pid_ <= 0) {
      if (Status started = start_locked(); !started.ok()) return failed(started.message());
    }
    stderr_tail_.clear();
    Io io = exchange_locked(request, payload, options_.wall_limit, true);
    if (io == Io::kDiedUnsent && attempt == 0) {
      (void)reap_locked(false);
      close_locked();
      continue;
    }
    if (io != Io::kDone) return fail_locked(io);
    break;
  }
  Cursor in(payload.data(), payload.size());
  auto status = in.get<uint8_t>();
  std::string message(in.take(in.get<uint64_t>()));
  std::string_view bytes = in.take(in.get<uint64_t>());
  if (!in.ok() || !in.at_end() || status > kReplyRefused ||
      (status == kReplyRefused && message.empty())) {
    return fail_locked(Io::kBroken);
  }
  if (status == kReplyRefused) return refused(std::move(message));
  return {std::vector<uint8_t>(bytes.begin(), bytes.end()), false};
}

BinaryenWorker& shared_binaryen_worker() {
  static BinaryenWorker* worker = new BinaryenWorker();
  return *worker;
}

BinaryenOutcome run_binaryen_job(const BinaryenJob& job, const BinaryenRunner& runner) {
  if (runner.in_process) return run_binaryen_job_in_process(job);
  return (runner.worker ? *runner.worker : shared_binaryen_worker()).run(job);
}

}  // namespace lh::instrument
