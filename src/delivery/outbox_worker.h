// OutboxWorker: delivers the outbox, durably and in order per conversation.
//
// Fresh rows arrive through Submit() right after their commit and go
// straight to one of N sender threads, chosen by conversation. A dispatcher
// thread reads the database only for what Submit could not hand over: rows
// due for a retry, rows queued behind an earlier reply to the same chat,
// and rows left pending by a previous run. At most one row per conversation
// is in flight, so one chat's replies go out in order. A sender calls the platform, classifies the
// answer, and posts the result to the store's writer without waiting; the
// row stays "in flight" in memory until that result has committed, so it is
// never picked up twice. After a crash, rows not yet marked delivered are
// sent again on start-up: a reply can repeat only if the process died in the
// few milliseconds between the platform's OK and the commit of "delivered".
//
// Start() once, Stop() (or the destructor) once. Submit() is thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/metrics.h"
#include "core/page.h"
#include "delivery/backoff.h"
#include "store/database.h"
#include "store/records.h"
#include "store/writer.h"

namespace trolyso::delivery {

struct DeliveryOptions {
  // Parallel senders. Each holds one keep-alive connection per platform.
  int senders = 4;
  // Rows read per dispatcher pass.
  int batch = 512;
  // Longest the dispatcher sleeps when nothing is due (new rows wake it).
  int64_t idle_poll_ms = 1000;
  BackoffPolicy backoff;
  // Access tokens of Zalo pages; null when no page needs them.
  class ZaloTokens* zalo_tokens = nullptr;
  // Told (on the writer thread, after the commit) when a handoff got a note
  // because its citizen became unreachable, so consoles show it at once.
  std::function<void(const store::HandoffRecord&)> on_handoff_noted;
};

class OutboxWorker {
 public:
  using Clock = std::function<int64_t()>;  // Unix milliseconds

  OutboxWorker(std::string sqlite_path, store::Writer& writer, PageLookup pages,
               Metrics& metrics, Clock clock, DeliveryOptions options);
  ~OutboxWorker();
  OutboxWorker(const OutboxWorker&) = delete;
  OutboxWorker& operator=(const OutboxWorker&) = delete;

  Status Start();
  void Stop();

  // Rows that just committed; sent at once unless their conversation already
  // has a row in flight (then the dispatcher picks them up after it).
  void Submit(std::vector<store::OutboxItem> items);


 private:
  struct SenderQueue {
    std::mutex mu;
    std::condition_variable wake;
    std::deque<store::OutboxItem> items;  // guarded by mu
  };

  void DispatchLoop(store::Database& db);
  void SendLoop(SenderQueue& queue);
  void Deliver(const store::OutboxItem& item, class PlatformClient& client);
  // Claims `item` for sending; false if it or its conversation is busy.
  // Requires mu_.
  bool ClaimLocked(const store::OutboxItem& item);
  void Enqueue(store::OutboxItem item);
  void Finish(int64_t outbox_id, int64_t conversation_id, bool retry_pending);
  int64_t WaitMs(store::Database& db, int64_t now);

  const std::string sqlite_path_;
  store::Writer& writer_;
  const PageLookup pages_;
  Metrics& metrics_;
  const Clock clock_;
  const DeliveryOptions options_;

  std::atomic<bool> stopping_ = false;
  std::mutex mu_;
  std::condition_variable wake_;
  bool notified_ = false;                  // guarded by mu_
  std::unordered_set<int64_t> in_flight_;  // outbox ids; guarded by mu_
  // The one row each conversation is sending or retrying: later rows of that
  // conversation wait behind it. Guarded by mu_.
  std::unordered_map<int64_t, int64_t> conversation_head_;
  // Conversations with rows Submit had to leave for the dispatcher.
  std::unordered_set<int64_t> waiting_conversations_;
  // Rows whose result committed since the dispatcher last began a read: its
  // snapshot may predate that commit. Guarded by mu_.
  std::unordered_set<int64_t> finished_during_read_;

  std::vector<std::unique_ptr<SenderQueue>> queues_;
  std::vector<std::thread> threads_;
};

}  // namespace trolyso::delivery
