// The registry's table and lock (Registry), and the World's side of the lock: waiting,
// taking and releasing it, with their trace events.
#include "harness/sim/registry.h"

#include <algorithm>

#include "harness/sim/world.h"

namespace lh::sim {

std::optional<Registry::Entry> Registry::get(std::string_view name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

void Registry::put(std::string_view name, Entry entry) {
  auto it = entries_.find(name);
  if (it == entries_.end())
    entries_.emplace(std::string(name), entry);
  else
    it->second = entry;
}

bool Registry::remove(std::string_view name) {
  auto it = entries_.find(name);
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

std::vector<uint64_t> Registry::unlock() {
  holder_.reset();
  return waiters_;
}

void Registry::add_waiter(uint64_t pid) {
  if (std::find(waiters_.begin(), waiters_.end(), pid) == waiters_.end()) waiters_.push_back(pid);
}

void Registry::remove_waiter(uint64_t pid) {
  waiters_.erase(std::remove(waiters_.begin(), waiters_.end(), pid), waiters_.end());
}

void World::wait_for_registry(uint64_t pid) {
  registry_.add_waiter(pid);
  record(EventKind::RegistryWait, pid, {{"holder", registry_.holder().value_or(0)}});
}

void World::lock_registry(uint64_t pid, std::string_view name) {
  registry_.lock(pid);
  record(EventKind::RegistryLock, pid, {{"name", std::string(name)}});
}

void World::release_registry(uint64_t pid, std::string_view why) {
  // A waiter that is not alive (a start function that tried to wait, and so failed its
  // instantiation) leaves the list.
  std::vector<uint64_t> woken;
  for (uint64_t waiter : registry_.unlock()) {
    if (find_alive(waiter))
      woken.push_back(waiter);
    else
      registry_.remove_waiter(waiter);
  }
  record(EventKind::RegistryRelease, pid,
         {{"reason", std::string(why)}, {"waiters", uint64_t{woken.size()}}});
  for (uint64_t waiter : woken) scheduler_.enqueue(waiter);
}

}  // namespace lh::sim
