// The world's process registry (lunatic::registry): one table of name -> (node id, process
// id) shared by every process of the world, with no liveness check (entries outlive their
// process), and the write lock that `get_or_put_later` keeps across host calls. Owned by the
// World; single-threaded. The World wakes the processes waiting for the lock and records
// the lock's trace events (spec/lunatic-registry.md).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lh::sim {

class Registry {
 public:
  struct Entry {
    uint64_t node_id = 0;
    uint64_t process_id = 0;
  };

  // The entry registered under `name`, or nullopt.
  [[nodiscard]] std::optional<Entry> get(std::string_view name) const;
  // Registers `entry` under `name`, replacing any entry there.
  void put(std::string_view name, Entry entry);
  // Removes `name`; false when it was not registered.
  bool remove(std::string_view name);
  [[nodiscard]] size_t size() const { return entries_.size(); }

  // The process holding the write lock (get_or_put_later's, or get_or_spawn's while it
  // runs), or nullopt.
  [[nodiscard]] std::optional<uint64_t> holder() const { return holder_; }
  [[nodiscard]] bool locked() const { return holder_.has_value(); }
  // `pid` takes the lock; the lock must be free.
  void lock(uint64_t pid) { holder_ = pid; }
  // Frees the lock and returns the processes waiting for it, in the order they began to
  // wait. They stay on the list: each tries again when it runs, and leaves the list when
  // its call goes through (remove_waiter) or it dies.
  [[nodiscard]] std::vector<uint64_t> unlock();

  // `pid` waits for the lock (once: waiting again keeps its place).
  void add_waiter(uint64_t pid);
  // `pid` no longer waits (its call went through, or it died).
  void remove_waiter(uint64_t pid);
  [[nodiscard]] const std::vector<uint64_t>& waiters() const { return waiters_; }

 private:
  std::map<std::string, Entry, std::less<>> entries_;
  std::optional<uint64_t> holder_;
  std::vector<uint64_t> waiters_;  // in the order they began to wait
};

}  // namespace lh::sim
