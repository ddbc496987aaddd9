#include "harness/explore/workers.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <limits>
#include <map>
#include <string>

#include "harness/engine/handles.h"
#include "harness/explore/explore_jsonl.h"

namespace lh::explore {

namespace {

using Status = scenario::ScenarioResult::Status;

// The lowest failing seed any worker has seen (max: none yet), shared across fork.
class SharedFloor {
 public:
  SharedFloor() {
    void* memory = mmap(nullptr, sizeof(std::atomic<uint64_t>), PROT_READ | PROT_WRITE,
                        MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (memory != MAP_FAILED) word_ = new (memory) std::atomic<uint64_t>(kNone);
  }
  ~SharedFloor() {
    if (word_) munmap(word_, sizeof(std::atomic<uint64_t>));
  }
  SharedFloor(const SharedFloor&) = delete;
  SharedFloor& operator=(const SharedFloor&) = delete;

  // Whether `seed` comes after the lowest failing seed found so far (a serial run stops there).
  [[nodiscard]] bool after_first_failure(uint64_t seed) const {
    return word_ && seed > word_->load();
  }
  void lower_to(uint64_t seed) {
    if (!word_) return;
    uint64_t current = word_->load();
    while (seed < current && !word_->compare_exchange_weak(current, seed)) {
    }
  }

 private:
  static constexpr uint64_t kNone = std::numeric_limits<uint64_t>::max();
  std::atomic<uint64_t>* word_ = nullptr;
};

bool write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// A worker's whole life: never returns.
[[noreturn]] void work(const scenario::Scenario& scenario, const ExploreOptions& options,
                       const std::vector<uint64_t>& seeds, unsigned worker, int out,
                       SharedFloor& floor) {
  int code = 0;
  {
    engine::EnginePtr engine(wasm_engine_new());
    engine::StorePtr store(wasm_store_new(engine.get()));
    uint64_t pct_steps =
        options.strategy.policy == sim::Policy::Pct ? pct_steps_for(store.get(), scenario) : 0;
    bool ok = write_all(out, fmt::format("{{\"pct_steps\":{}}}\n", pct_steps));
    for (size_t i = worker; ok && i < seeds.size(); i += options.jobs) {
      if (!options.keep_going && floor.after_first_failure(seeds[i])) break;
      SeedRun run = run_seed(store.get(), scenario, options.strategy, pct_steps, seeds[i]);
      if (!options.keep_going && run.status != Status::Passed) floor.lower_to(run.seed);
      ok = write_all(out, seed_run_line(run) + "\n");
    }
    code = ok ? 0 : 1;
  }
  std::fflush(nullptr);
  _exit(code);
}

}  // namespace

void run_in_workers(const scenario::Scenario& scenario, const ExploreOptions& options,
                    const std::vector<uint64_t>& seeds, const SeedDone& on_seed,
                    Exploration& exploration) {
  SharedFloor floor;
  struct Worker {
    pid_t pid = -1;
    int fd = -1;
    std::string pending;  // bytes after the last complete line
  };
  const unsigned jobs = static_cast<unsigned>(std::min<size_t>(options.jobs, seeds.size()));
  ExploreOptions worker_options = options;
  worker_options.jobs = jobs;
  std::vector<Worker> workers(jobs);
  std::fflush(nullptr);  // nothing buffered is written twice
  for (unsigned w = 0; w < jobs; ++w) {
    int fds[2];
    if (pipe(fds) != 0) {
      exploration.worker_error = fmt::format("cannot create a pipe for worker {}", w + 1);
      break;
    }
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      for (unsigned other = 0; other < w; ++other) close(workers[other].fd);
      work(scenario, worker_options, seeds, w, fds[1], floor);
    }
    close(fds[1]);
    if (pid < 0) {
      close(fds[0]);
      exploration.worker_error = fmt::format("cannot start worker {}", w + 1);
      break;
    }
    workers[w] = {pid, fds[0], {}};
  }

  std::map<uint64_t, SeedRun> by_seed;
  size_t done = 0;
  auto take_line = [&](const std::string& line) {
    if (line.rfind("{\"pct_steps\":", 0) == 0) {
      exploration.pct_steps = std::stoull(line.substr(13));
      return;
    }
    auto run = parse_seed_run_line(line);
    if (!run.ok()) {
      exploration.worker_error = "a worker sent an unreadable line: " + run.message();
      return;
    }
    ++done;
    if (on_seed) on_seed(*run, done, seeds.size());
    by_seed.emplace(run->seed, std::move(*run));
  };
  char buffer[65536];
  for (;;) {
    std::vector<pollfd> open;
    for (const Worker& worker : workers)
      if (worker.fd >= 0) open.push_back({worker.fd, POLLIN, 0});
    if (open.empty()) break;
    if (poll(open.data(), open.size(), -1) < 0) {
      if (errno == EINTR) continue;
      exploration.worker_error = "poll failed while reading the workers";
      break;
    }
    for (Worker& worker : workers) {
      if (worker.fd < 0) continue;
      auto it = std::find_if(open.begin(), open.end(),
                             [&](const pollfd& p) { return p.fd == worker.fd; });
      if (it == open.end() || it->revents == 0) continue;
      ssize_t n = read(worker.fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(worker.fd);
        worker.fd = -1;
        continue;
      }
      worker.pending.append(buffer, static_cast<size_t>(n));
      size_t start = 0;
      for (size_t end; (end = worker.pending.find('\n', start)) != std::string::npos;
           start = end + 1)
        take_line(worker.pending.substr(start, end - start));
      worker.pending.erase(0, start);
    }
  }
  for (unsigned w = 0; w < jobs; ++w) {
    if (workers[w].pid <= 0) continue;
    int status = 0;
    while (waitpid(workers[w].pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      exploration.worker_error =
          WIFSIGNALED(status)
              ? fmt::format("worker {} was killed by signal {}", w + 1, WTERMSIG(status))
              : fmt::format("worker {} exited with {}", w + 1, WEXITSTATUS(status));
  }
  for (auto& [seed, run] : by_seed) {
    exploration.runs.push_back(std::move(run));
    if (!options.keep_going && exploration.runs.back().status != Status::Passed) break;
  }
}

}  // namespace lh::explore
