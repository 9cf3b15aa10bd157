// HandoffQueue: everything a volunteer does with an escalated chat — list,
// claim, reply, note, transfer, release, resolve — and the timer that offers
// unclaimed handoffs to the parent area and takes chats back from holders
// who went silent.
//
// Every call takes the acting user and checks on the server that they may
// act: a volunteer only on handoffs offered to one of their areas, and
// reply/release/resolve only on a chat they hold; an admin on all. Each
// change runs as one job on the store's writer, which re-reads the handoff
// inside the transaction: two volunteers claiming at the same instant are
// serialized there, and exactly one wins.
//
// Refusals are Status values whose context is the API error code
// ("already_claimed", "not_holder"...) and whose detail is the Vietnamese
// sentence shown to the volunteer. Thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/page.h"
#include "core/result.h"
#include "handoff/areas.h"
#include "handoff/events.h"
#include "handoff/team_notifier.h"
#include "store/handoff_repository.h"
#include "store/read_connections.h"
#include "store/records.h"
#include "store/writer.h"

namespace trolyso::handoff {

struct QueueOptions {
  int64_t default_sla_ms = 5 * 60 * 1000;       // for areas without their own
  int64_t idle_release_ms = 15 * 60 * 1000;     // holder silent this long: back to the queue
  int64_t tick_interval_ms = 1000;
  size_t max_reply_chars = 2000;                // Unicode code points
  size_t max_note_chars = 2000;
  const TeamNotifier* team_notifier = nullptr;  // tells a parent area's team when offered
  // Zalo lets a page answer free for 48 h after the citizen's last message
  // and refuses after 7 days (../shared/channels/zalo.md §5). A handoff whose
  // free window closes within `window_warning_ms` is raised and noted once.
  int64_t zalo_free_window_ms = 48LL * 3600 * 1000;
  int64_t zalo_hard_window_ms = 7LL * 24 * 3600 * 1000;
  int64_t window_warning_ms = 6LL * 3600 * 1000;
  int window_priority = 5;  // above ordinary (0), below urgent (10)
};

// A handoff as the console shows it.
struct HandoffView {
  store::HandoffRecord record;
  int position = 0;  // in line, waiting only
  std::optional<std::pair<std::string, int64_t>> last_message;  // masked text, time
  std::vector<store::NoteRow> notes;                            // Get() only
};

struct ListQuery {
  std::optional<store::HandoffState> state;  // nullopt: waiting and claimed
  std::string area;                          // empty: all the user may see
};

class HandoffQueue {
 public:
  using Clock = std::function<int64_t()>;
  using OutboxListener = std::function<void(std::vector<store::OutboxItem>)>;
  // Masks ID and phone numbers in text shown beyond the transcript.
  using Masker = std::function<std::string(const std::string&)>;

  HandoffQueue(store::Writer& writer, const store::ReadConnections& reads,
               const AreaDirectory& areas, EventHub& events, PageLookup pages, Clock clock,
               OutboxListener on_outbox, Masker mask, QueueOptions options = {});
  ~HandoffQueue();
  HandoffQueue(const HandoffQueue&) = delete;
  HandoffQueue& operator=(const HandoffQueue&) = delete;

  Result<std::vector<HandoffView>> List(const store::UserRow& actor, const ListQuery& query) const;
  Result<HandoffView> Get(const store::UserRow& actor, int64_t handoff_id) const;
  Result<std::vector<store::TranscriptRow>> Transcript(const store::UserRow& actor,
                                                       int64_t handoff_id, int64_t after_id,
                                                       int limit) const;
  // How many chats the user holds now.
  Result<int> OpenChats(const store::UserRow& actor) const;

  Result<HandoffView> Claim(const store::UserRow& actor, int64_t handoff_id);
  Result<HandoffView> Release(const store::UserRow& actor, int64_t handoff_id);
  Result<HandoffView> Resolve(const store::UserRow& actor, int64_t handoff_id);
  Result<HandoffView> Transfer(const store::UserRow& actor, int64_t handoff_id,
                               const std::string& area);
  Result<store::NoteRow> AddNote(const store::UserRow& actor, int64_t handoff_id,
                                 const std::string& text);
  Result<store::TranscriptRow> Reply(const store::UserRow& actor, int64_t handoff_id,
                                     const std::string& text);

  // Offers overdue handoffs to the parent area (telling the citizen their
  // place in line) and returns chats of idle holders to the queue. The timer
  // thread calls it every tick_interval_ms; tests may call it directly.
  Status Tick();
  void StartTimer();
  void StopTimer();

  int64_t SlaFor(std::string_view area) const;

 private:
  struct Effects;  // what a committed job publishes and hands to delivery
  Status RunJob(const std::function<Status(store::Database&, Effects&)>& job);
  Result<HandoffView> View(store::Database& db, store::HandoffRecord record,
                           bool with_notes) const;
  // After a change: re-reads the handoff, queues its event (for its areas
  // and `also_tell`, e.g. the areas it left) and fills `out` if given.
  Status Announce(store::Database& db, int64_t handoff_id, std::string type, Effects& effects,
                  HandoffView* out, std::vector<std::string> also_tell = {}) const;
  Result<store::HandoffRecord> LoadForActor(store::Database& db, const store::UserRow& actor,
                                            int64_t handoff_id) const;
  Result<int64_t> SendToCitizen(store::Database& db, const store::HandoffRecord& h,
                                store::Author author, const OutboundMessage& message,
                                int64_t user_id, int64_t now, Effects& effects) const;
  Status ReturnToQueue(store::Database& db, const store::HandoffRecord& h, int64_t now) const;
  Status OfferOverdue(store::Database& db, int64_t handoff_id, int64_t now, Effects& effects);
  Status ReleaseIdle(store::Database& db, int64_t handoff_id, int64_t now, Effects& effects);
  Status WarnClosingWindow(store::Database& db, int64_t handoff_id, int64_t now,
                           Effects& effects);
  bool OnZalo(const store::HandoffRecord& h) const;

  store::Writer& writer_;
  const store::ReadConnections& reads_;
  const AreaDirectory& areas_;
  EventHub& events_;
  const PageLookup pages_;
  const Clock clock_;
  const OutboxListener on_outbox_;
  const Masker mask_;
  const QueueOptions options_;

  std::mutex timer_mu_;
  std::condition_variable timer_wake_;
  bool timer_stopping_ = false;  // guarded by timer_mu_
  std::thread timer_;
};

// The Vietnamese label of an escalation reason ("human_request", "urgent:x"...).
std::string ReasonLabel(std::string_view reason);

}  // namespace trolyso::handoff
