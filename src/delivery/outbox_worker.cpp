#include "delivery/outbox_worker.h"

#include <random>

#include <spdlog/spdlog.h>

#include "delivery/platform_client.h"
#include "store/repository.h"

namespace trolyso::delivery {
namespace {

std::string_view VerdictName(DeliveryVerdict v) {
  switch (v) {
    case DeliveryVerdict::kDelivered: return "delivered";
    case DeliveryVerdict::kRetryAfter: return "rate_limited";
    case DeliveryVerdict::kRetryBackoff: return "transient_error";
    case DeliveryVerdict::kUnreachable: return "unreachable";
    case DeliveryVerdict::kDead: return "dead";
  }
  return "unknown";
}

uint64_t Random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return engine();
}

}  // namespace

OutboxWorker::OutboxWorker(std::string sqlite_path, store::Writer& writer, PageLookup pages,
                           Metrics& metrics, Clock clock, DeliveryOptions options)
    : sqlite_path_(std::move(sqlite_path)),
      writer_(writer),
      pages_(std::move(pages)),
      metrics_(metrics),
      clock_(std::move(clock)),
      options_(options) {}

OutboxWorker::~OutboxWorker() { Stop(); }

Status OutboxWorker::Start() {
  // The dispatcher's connection is opened here so a bad path fails start-up
  // rather than a background thread; the thread then owns it.
  Result<std::unique_ptr<store::Database>> db =
      store::Database::Open(sqlite_path_, store::Database::Mode::kReadOnly);
  if (!db.ok()) return db.status();
  for (int i = 0; i < options_.senders; ++i) queues_.push_back(std::make_unique<SenderQueue>());
  for (auto& queue : queues_) threads_.emplace_back([this, q = queue.get()] { SendLoop(*q); });
  threads_.emplace_back(
      [this, owned = std::shared_ptr<store::Database>(std::move(db).value())] {
        DispatchLoop(*owned);
      });
  return Status::Ok();
}

void OutboxWorker::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& queue : queues_) {
    std::lock_guard lock(queue->mu);
    queue->wake.notify_all();
  }
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

void OutboxWorker::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  wake_.notify_one();
}

int64_t OutboxWorker::WaitMs(store::Database& db, int64_t now) {
  Result<std::optional<int64_t>> next = store::NextDueTime(db);
  if (!next.ok() || !next->has_value()) return options_.idle_poll_ms;
  return std::clamp<int64_t>(**next - now, 0, options_.idle_poll_ms);
}

void OutboxWorker::DispatchLoop(store::Database& db) {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      notified_ = false;
      // Rows finished from here on may still look pending in the snapshot
      // the next query reads; remember them so they are not sent again.
      finished_during_read_.clear();
    }
    int64_t now = clock_();
    Result<std::vector<store::OutboxItem>> due = store::DueOutbox(db, now, options_.batch);
    if (!due.ok()) spdlog::error("delivery: {}", due.status().message());
    size_t handed = 0;
    if (due.ok()) {
      for (store::OutboxItem& item : *due) {
        {
          std::lock_guard lock(mu_);
          if (finished_during_read_.count(item.id)) continue;
          if (!in_flight_.insert(item.id).second) continue;
        }
        SenderQueue& queue =
            *queues_[static_cast<size_t>(item.conversation_id) % queues_.size()];
        {
          std::lock_guard lock(queue.mu);
          queue.items.push_back(std::move(item));
        }
        queue.wake.notify_one();
        ++handed;
      }
    }
    // A full batch means more may be due right away; otherwise sleep until
    // the next row is due, a commit wakes us, or the poll interval passes.
    int64_t wait = handed == static_cast<size_t>(options_.batch) ? 0 : WaitMs(db, now);
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_ || notified_; });
  }
}

void OutboxWorker::SendLoop(SenderQueue& queue) {
  PlatformClient client;
  for (;;) {
    store::OutboxItem item;
    {
      std::unique_lock lock(queue.mu);
      queue.wake.wait(lock, [&] {
        std::lock_guard outer(mu_);
        return stopping_ || !queue.items.empty();
      });
      if (queue.items.empty()) return;  // stopping
      {
        std::lock_guard outer(mu_);
        if (stopping_) return;  // what is left stays pending for the next start
      }
      item = std::move(queue.items.front());
      queue.items.pop_front();
    }
    Deliver(item, client);
  }
}

void OutboxWorker::Deliver(const store::OutboxItem& item, PlatformClient& client) {
  std::shared_ptr<const Page> page = pages_(item.page_id);
  SendProgress progress;
  if (!page) {
    progress.outcome = {DeliveryVerdict::kDead, 0, "page no longer configured"};
    progress.parts_sent = item.parts_sent;
  } else {
    progress = client.Send(*page, item.chat_id, item.message, item.parts_sent);
  }
  const DeliveryOutcome& outcome = progress.outcome;
  int attempts = item.attempts + 1;
  metrics_.delivery_attempts.Add({item.page_id, VerdictName(outcome.verdict)});

  int64_t now = clock_();
  DeliveryVerdict verdict = outcome.verdict;
  bool retry = verdict == DeliveryVerdict::kRetryAfter || verdict == DeliveryVerdict::kRetryBackoff;
  if (retry && verdict == DeliveryVerdict::kRetryBackoff &&
      attempts >= options_.backoff.max_attempts) {
    verdict = DeliveryVerdict::kDead;  // gave up: keep it as a dead letter
  }
  int64_t next = verdict == DeliveryVerdict::kRetryAfter
                     ? now + int64_t{outcome.retry_after_s} * 1000
                     : now + BackoffDelayMs(attempts, options_.backoff, Random());
  if (verdict != DeliveryVerdict::kDelivered) {
    spdlog::warn("page={} conv={} outbox={} attempt={} {}: {}", item.page_id, item.conversation_id,
                 item.id, attempts, VerdictName(verdict), outcome.detail);
  }
  int parts = progress.parts_sent;
  std::string detail = outcome.detail;
  writer_.Post(
      [=, id = item.id, conversation = item.conversation_id](store::Database& db) -> Status {
        switch (verdict) {
          case DeliveryVerdict::kDelivered:
            return store::MarkDelivered(db, id, parts, attempts, now);
          case DeliveryVerdict::kRetryAfter:
          case DeliveryVerdict::kRetryBackoff:
            return store::MarkRetry(db, id, parts, attempts, next, detail);
          case DeliveryVerdict::kUnreachable:
            if (Status s = store::SetReachable(db, conversation, false, now); !s.ok()) return s;
            return store::MarkFailed(db, id, "unreachable", parts, attempts, detail, now);
          case DeliveryVerdict::kDead:
            return store::MarkFailed(db, id, "dead", parts, attempts, detail, now);
        }
        return Status::Ok();
      },
      [this, id = item.id](const Status& s) {
        if (!s.ok()) spdlog::error("delivery: recording outbox {} failed: {}", id, s.message());
        Finish(id);
      });
}

void OutboxWorker::Finish(int64_t outbox_id) {
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(outbox_id);
    finished_during_read_.insert(outbox_id);
    notified_ = true;  // the conversation's next row may now be due
  }
  wake_.notify_one();
}

}  // namespace trolyso::delivery
