#include "handoff/events.h"

#include <algorithm>

namespace trolyso::handoff {

std::optional<Event> Subscription::Next(std::chrono::milliseconds timeout, bool& overflowed) {
  std::unique_lock lock(mu_);
  ready_.wait_for(lock, timeout, [&] { return !backlog_.empty() || closed_; });
  overflowed = overflowed_;
  overflowed_ = false;
  if (backlog_.empty()) return std::nullopt;
  Event event = std::move(backlog_.front());
  backlog_.pop_front();
  return event;
}

bool Subscription::closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

std::shared_ptr<Subscription> EventHub::Subscribe() {
  auto subscription = std::make_shared<Subscription>();
  std::lock_guard lock(mu_);
  if (closed_) {
    subscription->closed_ = true;
  } else {
    subscribers_.push_back(subscription);
  }
  return subscription;
}

void EventHub::Unsubscribe(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard lock(mu_);
  std::erase(subscribers_, subscription);
}

void EventHub::Publish(const Event& event) {
  std::lock_guard lock(mu_);
  for (const auto& s : subscribers_) {
    {
      std::lock_guard inner(s->mu_);
      if (s->backlog_.size() >= kMaxBacklog) {
        s->backlog_.pop_front();
        s->overflowed_ = true;
      }
      s->backlog_.push_back(event);
    }
    s->ready_.notify_one();
  }
}

void EventHub::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  for (const auto& s : subscribers_) {
    {
      std::lock_guard inner(s->mu_);
      s->closed_ = true;
    }
    s->ready_.notify_all();
  }
  subscribers_.clear();
}

size_t EventHub::subscriber_count() const {
  std::lock_guard lock(mu_);
  return subscribers_.size();
}

}  // namespace trolyso::handoff
