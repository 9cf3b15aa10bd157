#include "delivery/outbox_worker.h"

#include <pthread.h>

#include <limits>
#include <random>

#include <spdlog/spdlog.h>

#include "delivery/platform_client.h"
#include "store/handoff_repository.h"
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
    case DeliveryVerdict::kRefreshCredentials: return "credentials_expired";
  }
  return "unknown";
}

// A citizen the platform will no longer deliver to (blocked, unfollowed,
// outside Zalo's 7-day window): if their chat is waiting for or held by a
// volunteer, a note tells the volunteer why their reply cannot arrive.
Status NoteUnreachable(store::Database& db, int64_t conversation_id, const std::string& detail,
                       int64_t now, std::optional<store::HandoffRecord>& noted) {
  auto open = store::OpenHandoffOf(db, conversation_id);
  if (!open.ok()) return open.status();
  if (!open->has_value()) return Status::Ok();
  store::NoteRow note;
  note.handoff_id = (*open)->id;
  note.text = "Không gửi được tin tới người dân (" + detail +
              "). Tin sẽ gửi được khi người dân nhắn lại cho trang.";
  note.created_at = now;
  if (Result<int64_t> n = store::InsertNote(db, note); !n.ok()) return n.status();
  noted = std::move(**open);
  return Status::Ok();
}

// Shortest sleep between two reads of the outbox.
constexpr int64_t kMinPollMs = 20;

// Bounds the start-up scan of pending rows (one per conversation).
constexpr int kMaxPendingAtStart = 1'000'000;

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
  // Rows a previous run left pending head their conversations, so a fresh
  // reply to the same chat cannot overtake one still waiting for its retry.
  Result<std::vector<store::OutboxItem>> pending =
      store::DueOutbox(**db, std::numeric_limits<int64_t>::max(), kMaxPendingAtStart);
  if (!pending.ok()) return pending.status();
  for (const store::OutboxItem& item : *pending) conversation_head_[item.conversation_id] = item.id;
  for (int i = 0; i < options_.senders; ++i) queues_.push_back(std::make_unique<SenderQueue>());
  for (auto& queue : queues_) threads_.emplace_back([this, q = queue.get()] { SendLoop(*q); });
  threads_.emplace_back(
      [this, owned = std::shared_ptr<store::Database>(std::move(db).value())] {
        DispatchLoop(*owned);
      });
  return Status::Ok();
}

void OutboxWorker::Stop() {
  if (stopping_.exchange(true)) return;
  {
    std::lock_guard lock(mu_);  // so a dispatcher about to wait sees stopping_
  }
  wake_.notify_all();
  for (auto& queue : queues_) {
    std::lock_guard lock(queue->mu);
    queue->wake.notify_all();
  }
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

bool OutboxWorker::ClaimLocked(const store::OutboxItem& item) {
  if (finished_during_read_.count(item.id) || in_flight_.count(item.id)) return false;
  auto head = conversation_head_.find(item.conversation_id);
  if (head != conversation_head_.end() && head->second != item.id) return false;
  in_flight_.insert(item.id);
  conversation_head_[item.conversation_id] = item.id;
  return true;
}

void OutboxWorker::Enqueue(store::OutboxItem item) {
  SenderQueue& queue = *queues_[static_cast<size_t>(item.conversation_id) % queues_.size()];
  {
    std::lock_guard lock(queue.mu);
    queue.items.push_back(std::move(item));
  }
  queue.wake.notify_one();
}

void OutboxWorker::Submit(std::vector<store::OutboxItem> items) {
  std::vector<store::OutboxItem> claimed;
  {
    std::lock_guard lock(mu_);
    for (store::OutboxItem& item : items) {
      if (ClaimLocked(item)) {
        claimed.push_back(std::move(item));
      } else if (!in_flight_.count(item.id)) {
        waiting_conversations_.insert(item.conversation_id);
      }
    }
  }
  for (store::OutboxItem& item : claimed) Enqueue(std::move(item));
}

int64_t OutboxWorker::WaitMs(store::Database& db, int64_t now) {
  Result<std::optional<int64_t>> next = store::NextRetryTime(db);
  if (!next.ok() || !next->has_value()) return options_.idle_poll_ms;
  // A retry that is due but still in flight must not make this loop spin.
  return std::clamp<int64_t>(**next - now, kMinPollMs, options_.idle_poll_ms);
}

void OutboxWorker::DispatchLoop(store::Database& db) {
  pthread_setname_np(pthread_self(), "outbox-dispatch");
  while (!stopping_) {
    {
      std::lock_guard lock(mu_);
      notified_ = false;
      // Rows finished from here on may still look pending in the snapshot
      // the next query reads; remember them so they are not sent again.
      finished_during_read_.clear();
    }
    int64_t now = clock_();
    Result<std::vector<store::OutboxItem>> due = store::DueOutbox(db, now, options_.batch);
    if (!due.ok()) spdlog::error("delivery: {}", due.status().message());
    std::vector<store::OutboxItem> claimed;
    if (due.ok()) {
      std::lock_guard lock(mu_);
      for (store::OutboxItem& item : *due) {
        if (ClaimLocked(item)) {
          claimed.push_back(std::move(item));
        } else if (!in_flight_.count(item.id)) {
          // Behind its conversation's head: look again when the head is done.
          waiting_conversations_.insert(item.conversation_id);
        }
      }
    }
    bool full = due.ok() && due->size() == static_cast<size_t>(options_.batch) && !claimed.empty();
    for (store::OutboxItem& item : claimed) Enqueue(std::move(item));
    // A full batch means more may be due right away; otherwise sleep until
    // the next row is due, something finishes that others wait for, or the
    // poll interval passes.
    int64_t wait = full ? 0 : WaitMs(db, now);
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, std::chrono::milliseconds(wait), [this] { return stopping_ || notified_; });
  }
}

void OutboxWorker::SendLoop(SenderQueue& queue) {
  pthread_setname_np(pthread_self(), "outbox-sender");
  PlatformClient client(options_.zalo_tokens);
  for (;;) {
    store::OutboxItem item;
    {
      std::unique_lock lock(queue.mu);
      queue.wake.wait(lock, [&] { return stopping_ || !queue.items.empty(); });
      // On stop, what is left stays pending in the database for the next start.
      if (stopping_) return;
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
  // The sender refreshes credentials and retries at once; still refused,
  // the send waits like any transient failure (an operator may re-authorise).
  if (verdict == DeliveryVerdict::kRefreshCredentials) verdict = DeliveryVerdict::kRetryBackoff;
  if (verdict == DeliveryVerdict::kRetryBackoff && attempts >= options_.backoff.max_attempts) {
    verdict = DeliveryVerdict::kDead;  // gave up: keep it as a dead letter
  }
  bool retry = verdict == DeliveryVerdict::kRetryAfter || verdict == DeliveryVerdict::kRetryBackoff;
  int64_t next = verdict == DeliveryVerdict::kRetryAfter
                     ? now + int64_t{outcome.retry_after_s} * 1000
                     : now + BackoffDelayMs(attempts, options_.backoff, Random());
  if (verdict != DeliveryVerdict::kDelivered) {
    spdlog::warn("page={} conv={} outbox={} attempt={} {}: {}", item.page_id, item.conversation_id,
                 item.id, attempts, VerdictName(verdict), outcome.detail);
  }
  int parts = progress.parts_sent;
  std::string detail = outcome.detail;
  // Set by the job when a volunteer's chat was told the citizen is unreachable.
  auto noted = std::make_shared<std::optional<store::HandoffRecord>>();
  writer_.Post(
      [=, id = item.id, conversation = item.conversation_id](store::Database& db) -> Status {
        switch (verdict) {
          case DeliveryVerdict::kDelivered:
            return store::MarkDelivered(db, id, parts, attempts, now);
          case DeliveryVerdict::kRetryAfter:
          case DeliveryVerdict::kRetryBackoff:
            return store::MarkRetry(db, id, parts, attempts, next, detail);
          case DeliveryVerdict::kUnreachable: {
            if (Status s = store::SetReachable(db, conversation, false, now); !s.ok()) return s;
            if (Status s = NoteUnreachable(db, conversation, detail, now, *noted); !s.ok()) {
              return s;
            }
            return store::MarkFailed(db, id, "unreachable", parts, attempts, detail, now);
          }
          case DeliveryVerdict::kDead:
          case DeliveryVerdict::kRefreshCredentials:  // mapped to a retry above
            return store::MarkFailed(db, id, "dead", parts, attempts, detail, now);
        }
        return Status::Ok();
      },
      [this, id = item.id, conversation = item.conversation_id, retry, noted](const Status& s) {
        if (!s.ok()) spdlog::error("delivery: recording outbox {} failed: {}", id, s.message());
        if (s.ok() && *noted && options_.on_handoff_noted) options_.on_handoff_noted(**noted);
        Finish(id, conversation, retry || !s.ok());
      },
      // Every outcome but "unreachable" is one UPDATE, the common case by far.
      verdict == DeliveryVerdict::kUnreachable ? store::Writer::Isolation::kSavepoint
                                               : store::Writer::Isolation::kSingleStatement);
}

void OutboxWorker::Finish(int64_t outbox_id, int64_t conversation_id, bool retry_pending) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    in_flight_.erase(outbox_id);
    // A row waiting for its retry still heads its conversation: nothing
    // newer may overtake it. Only its final outcome frees the conversation.
    if (!retry_pending) conversation_head_.erase(conversation_id);
    finished_during_read_.insert(outbox_id);
    // The dispatcher reads the database only when someone waits: a retry
    // to schedule, or later replies of this chat that Submit left behind.
    wake = waiting_conversations_.erase(conversation_id) > 0 || retry_pending;
    notified_ = notified_ || wake;
  }
  if (wake) wake_.notify_one();
}

}  // namespace trolyso::delivery
