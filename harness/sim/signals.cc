// Signal delivery and handling, and death with link propagation (lunatic's semantics).
#include <algorithm>

#include "harness/sim/world.h"

namespace lh::sim {

void World::send_signal(uint64_t to, Signal signal) {
  Process* target = find_alive(to);
  if (!target) return;
  signal.from = current_ ? current_->id : 0;
  // A delayed message holds back what its sender sends the same receiver after it.
  const std::pair<uint64_t, uint64_t> pair{signal.from, to};
  if (auto held = delayed_.find(pair); held != delayed_.end()) {
    held->second.push_back(std::move(signal));
    return;
  }
  if (signal.kind == Signal::Kind::Message && signal.from != 0 &&
      fault_plan_.roll(FaultKind::MessageDelay)) {
    const uint64_t delay = fault_plan_.delay_ns(FaultKind::MessageDelay);
    record(EventKind::Fault, to,
           {{"kind", std::string(fault_name(FaultKind::MessageDelay))},
            {"from", signal.from},
            {"ms", delay / 1'000'000}});
    delayed_[pair].push_back(std::move(signal));
    at(deadline_after_ms(now_ns(), delay / 1'000'000), [pair](World& world) {
      auto held = world.delayed_.find(pair);
      if (held == world.delayed_.end()) return;
      std::deque<Signal> signals = std::move(held->second);
      world.delayed_.erase(held);
      for (Signal& late : signals) world.deliver(pair.second, std::move(late));
    });
    return;
  }
  deliver(to, std::move(signal));
}

void World::deliver(uint64_t to, Signal signal) {
  Process* target = find_alive(to);
  if (!target) return;
  target->signals.push_back(std::move(signal));
  // A running process handles it at its next suspension point; any other one now (a held
  // linked child only once its parent releases it).
  if (target->held) return;
  if (target != current_ || !target->in_entry) scheduler_.enqueue(to);
}

void World::link(uint64_t a, uint64_t b, int64_t tag) {
  if (find_alive(b)) {
    Signal to_b{Signal::Kind::Link};
    to_b.process_id = a;
    to_b.tag = tag;
    send_signal(b, std::move(to_b));
    Signal to_a{Signal::Kind::Link};
    to_a.process_id = b;
    to_a.tag = tag;
    send_signal(a, std::move(to_a));
  } else {
    Signal died{Signal::Kind::LinkDied};
    died.process_id = b;
    died.tag = tag;
    died.reason = DeathReason::NoProcess;
    send_signal(a, std::move(died));
  }
}

void World::unlink(uint64_t a, uint64_t b) {
  if (find_alive(b)) {
    Signal to_b{Signal::Kind::Unlink};
    to_b.process_id = a;
    send_signal(b, std::move(to_b));
  }
  Signal to_a{Signal::Kind::Unlink};
  to_a.process_id = b;
  send_signal(a, std::move(to_a));
}

void World::handle_signal(Process& process, Signal signal) {
  std::vector<Field> fields;
  fields.reserve(5);
  fields.push_back({"signal", std::string(signal_name(signal.kind))});
  fields.push_back({"from", signal.from});
  if (signal.kind != Signal::Kind::Message && signal.kind != Signal::Kind::Kill &&
      signal.kind != Signal::Kind::DieWhenLinkDies)
    fields.push_back({"other", signal.process_id});
  if (signal.kind == Signal::Kind::Link || signal.kind == Signal::Kind::LinkDied)
    fields.push_back({"tag", signal.tag});
  if (signal.kind == Signal::Kind::LinkDied)
    fields.push_back({"reason", std::string(death_reason_name(signal.reason))});
  if (signal.kind == Signal::Kind::DieWhenLinkDies)
    fields.push_back({"value", uint64_t{signal.flag}});
  record(EventKind::Signal, process.id, std::move(fields));

  switch (signal.kind) {
    case Signal::Kind::Message: process.mailbox.push(std::move(signal.message)); break;
    case Signal::Kind::Kill: die(process, DeathReason::Failure, "killed"); break;
    case Signal::Kind::DieWhenLinkDies: process.die_when_link_dies = signal.flag; break;
    case Signal::Kind::Link: process.links[signal.process_id] = signal.tag; break;
    case Signal::Kind::Unlink: process.links.erase(signal.process_id); break;
    case Signal::Kind::LinkDied: {
      process.links.erase(signal.process_id);
      if (signal.reason == DeathReason::Normal) break;
      if (process.die_when_link_dies) {
        die(process, DeathReason::Failure,
            "linked process " + std::to_string(signal.process_id) + " died");
      } else {
        Message message;
        message.kind = Message::Kind::LinkDied;
        message.tag = signal.tag;
        message.link_died_id = signal.process_id;
        process.mailbox.push(std::move(message));
      }
      break;
    }
    // Monitors (lunatic v0.13.2): one entry per monitoring process; a ProcessDied always
    // becomes a message, whatever die_when_link_dies says.
    case Signal::Kind::Monitor: process.monitors.insert(signal.process_id); break;
    case Signal::Kind::StopMonitoring: process.monitors.erase(signal.process_id); break;
    case Signal::Kind::ProcessDied: {
      Message message;
      message.kind = Message::Kind::ProcessDied;
      message.process_died_id = signal.process_id;
      process.mailbox.push(std::move(message));
      break;
    }
  }
}

void World::die(Process& process, DeathReason reason, std::string message) {
  if (process.state == ProcessState::Dead) return;
  cancel_timer(process);
  process.state = ProcessState::Dead;
  process.outcome.death = reason;
  if (process.outcome.trap_message.empty()) process.outcome.trap_message = std::move(message);
  --alive_;
  dead_.push_back(process.id);
  record(EventKind::Death, process.id, {{"reason", std::string(death_reason_name(reason))}});
  // The instance may serve a later spawn, unless its code is still on the stack (a process
  // ending inside its own host call): it cannot be reset under running code.
  if (!process.in_entry) instance_pool_.keep_from(process.guest);
  process.guest.release();
  process.signals.clear();
  process.mailbox.clear();
  process.scratch.reset();
  if (root_id_ == process.id && options_.root_exit_ends_world) {
    // `lunatic run` returns when its root's task ends, and the runtime goes with it: no
    // other process runs again and no link is notified (A1).
    stopped_ = true;
    record(EventKind::WorldStop, 0, {{"reason", std::string("root_exited")}, {"alive", alive_}});
    return;
  }
  // Links are notified in process-id order (lunatic's order is its HashMap's).
  auto links = std::move(process.links);
  process.links.clear();
  for (const auto& [other, tag] : links) {
    Signal died{Signal::Kind::LinkDied};
    died.process_id = process.id;
    died.tag = tag;
    died.reason = reason;
    send_signal(other, std::move(died));
  }
  notify_monitors_and_registry(process);
}

void World::notify_monitors_and_registry(Process& process) {
  // Monitors hear of any death, after the links, in process-id order (lunatic v0.13.2).
  auto monitors = std::move(process.monitors);
  process.monitors.clear();
  for (uint64_t watcher : monitors) {
    Signal died{Signal::Kind::ProcessDied};
    died.process_id = process.id;
    send_signal(watcher, std::move(died));
  }
  // A dead process's registry lock is freed; it no longer waits for the lock.
  registry_.remove_waiter(process.id);
  if (registry_.holder() == process.id) release_registry(process.id, "death");
}

}  // namespace lh::sim
