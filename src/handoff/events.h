// EventHub: live updates for connected consoles. Whatever changes the queue
// (a new escalation, a claim, a citizen writing into a held chat...)
// publishes one Event after its transaction commits; each console's stream
// holds a Subscription and forwards the events its user may see.
//
// Thread-safe. Publishing never blocks on a slow reader: each subscription
// keeps a bounded backlog and, past it, drops the oldest events and says so,
// and the console then re-reads the queue.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace trolyso::handoff {

struct Event {
  enum class Kind { kHandoff, kMessage };
  Kind kind = Kind::kHandoff;
  // kHandoff: created, claimed, released, resolved, transferred, offered, rated.
  std::string type;
  int64_t handoff_id = 0;
  int64_t conversation_id = 0;
  int64_t message_id = 0;   // kMessage
  std::string author;       // kMessage: citizen, bot, volunteer, system
  std::string state;        // kHandoff: the handoff's state afterwards
  std::vector<std::string> areas;  // who may see it: the handoff's areas (before and after)
  int64_t published_at_ms = 0;
};

class EventHub;

class Subscription {
 public:
  // The next event, or nullopt after `timeout` or once the hub closed.
  // `overflowed` is set when events were dropped since the last call.
  std::optional<Event> Next(std::chrono::milliseconds timeout, bool& overflowed);
  bool closed() const;

 private:
  friend class EventHub;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Event> backlog_;
  bool overflowed_ = false;
  bool closed_ = false;
};

class EventHub {
 public:
  static constexpr size_t kMaxBacklog = 1000;

  std::shared_ptr<Subscription> Subscribe();
  void Unsubscribe(const std::shared_ptr<Subscription>& subscription);
  void Publish(const Event& event);
  // Wakes every subscriber for good (server shutdown).
  void Close();
  size_t subscriber_count() const;

 private:
  mutable std::mutex mu_;
  std::vector<std::shared_ptr<Subscription>> subscribers_;
  bool closed_ = false;
};

}  // namespace trolyso::handoff
