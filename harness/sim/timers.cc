// lunatic::timer in the World: messages delivered at a virtual time by scheduler event
// timers. Timers due at the same time fire in the order they were set (the scheduler's
// sequence), before any process runs at that time.
#include "harness/sim/world.h"

namespace lh::sim {

uint64_t World::send_after(Process& owner, uint64_t to, uint64_t delay_ms, Message message) {
  uint64_t now = now_ns();
  uint64_t time_ns = deadline_after_ms(now, delay_ms);
  uint64_t sequence = scheduler_.arm_event(time_ns);
  uint64_t id = owner.message_timers.add(now, {time_ns, sequence});
  record(EventKind::TimerSet, owner.id,
         {{"timer", id},
          {"to", to},
          {"ms", delay_ms},
          {"tag", message.tag},
          {"size", uint64_t{message.data.size()}}});
  message_timers_.emplace(
      sequence, MessageTimer{owner.id, id, to, find_alive(to) != nullptr, std::move(message)});
  return id;
}

bool World::cancel_message_timer(Process& owner, uint64_t id) {
  std::optional<TimerTable::Timer> timer = owner.message_timers.remove(id);
  if (timer) {
    scheduler_.cancel(timer->time_ns, timer->sequence);
    message_timers_.erase(timer->sequence);
  }
  record(EventKind::TimerCancel, owner.id, {{"timer", id}, {"found", uint64_t{timer ? 1u : 0u}}});
  return timer.has_value();
}

void World::fire_message_timer(uint64_t sequence) {
  auto it = message_timers_.find(sequence);
  if (it == message_timers_.end()) return;
  MessageTimer timer = std::move(it->second);
  message_timers_.erase(it);
  // A target that did not exist when the timer was set never gets the message (lunatic
  // looked it up then); one that has died since drops it as any send to the dead.
  bool delivered = timer.target_existed && find_alive(timer.to) != nullptr;
  record(EventKind::TimerFire, timer.owner,
         {{"timer", timer.id}, {"to", timer.to}, {"delivered", uint64_t{delivered ? 1u : 0u}}});
  if (!delivered) return;
  Signal signal{Signal::Kind::Message};
  signal.message = std::move(timer.message);
  send_signal(timer.to, std::move(signal));
}

}  // namespace lh::sim
