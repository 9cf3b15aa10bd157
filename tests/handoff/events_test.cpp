#include "handoff/events.h"

#include <doctest/doctest.h>

#include <thread>

namespace trolyso::handoff {
namespace {

using std::chrono::milliseconds;

Event Numbered(int64_t id) {
  Event e;
  e.handoff_id = id;
  return e;
}

TEST_CASE("each subscriber gets every event in order") {
  EventHub hub;
  auto a = hub.Subscribe();
  auto b = hub.Subscribe();
  for (int64_t i = 1; i <= 3; ++i) hub.Publish(Numbered(i));
  bool overflowed = false;
  for (int64_t i = 1; i <= 3; ++i) {
    CHECK(a->Next(milliseconds(0), overflowed)->handoff_id == i);
    CHECK(b->Next(milliseconds(0), overflowed)->handoff_id == i);
  }
  CHECK_FALSE(a->Next(milliseconds(0), overflowed).has_value());
  CHECK_FALSE(overflowed);
}

TEST_CASE("a slow reader loses the oldest events and is told so") {
  EventHub hub;
  auto slow = hub.Subscribe();
  for (size_t i = 0; i < EventHub::kMaxBacklog + 5; ++i) hub.Publish(Numbered(static_cast<int64_t>(i)));
  bool overflowed = false;
  std::optional<Event> first = slow->Next(milliseconds(0), overflowed);
  CHECK(overflowed);
  CHECK(first->handoff_id == 5);
  slow->Next(milliseconds(0), overflowed);
  CHECK_FALSE(overflowed);  // reported once
}

TEST_CASE("a waiting reader wakes on publish, and on close") {
  EventHub hub;
  auto s = hub.Subscribe();
  std::thread publisher([&] {
    std::this_thread::sleep_for(milliseconds(20));
    hub.Publish(Numbered(7));
  });
  bool overflowed = false;
  CHECK(s->Next(milliseconds(5000), overflowed)->handoff_id == 7);
  publisher.join();
  std::thread closer([&] {
    std::this_thread::sleep_for(milliseconds(20));
    hub.Close();
  });
  auto start = std::chrono::steady_clock::now();
  CHECK_FALSE(s->Next(milliseconds(5000), overflowed).has_value());
  CHECK(std::chrono::steady_clock::now() - start < milliseconds(4000));
  CHECK(s->closed());
  closer.join();
  CHECK(hub.Subscribe()->closed());  // after Close nobody subscribes
}

TEST_CASE("an unsubscribed reader gets nothing more") {
  EventHub hub;
  auto s = hub.Subscribe();
  hub.Unsubscribe(s);
  CHECK(hub.subscriber_count() == 0);
  hub.Publish(Numbered(1));
  bool overflowed = false;
  CHECK_FALSE(s->Next(milliseconds(0), overflowed).has_value());
}

}  // namespace
}  // namespace trolyso::handoff
