// The volunteer queue's SQL: handoffs, the areas they are offered to, notes,
// ratings, and the transcript as the console reads it. Same rules as
// repository.h. Conditional updates return whether a row changed, so a
// caller on the writer thread can tell "claimed it" from "someone else had".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/records.h"

namespace trolyso::store {

struct HandoffFilter {
  bool waiting = true;
  bool claimed = true;
  bool resolved = false;
  std::string area;          // only handoffs offered to this area; empty: any
  int64_t visible_to = 0;    // only those offered to an area of this user; 0: all (admin)
  int limit = 200;
};

Result<std::optional<HandoffRecord>> FindHandoff(Database& db, int64_t handoff_id);
// Waiting first, then claimed, then resolved (latest first); within a state
// urgent (higher priority) first, then oldest first.
Result<std::vector<HandoffRecord>> ListHandoffs(Database& db, const HandoffFilter& filter);
// The conversation's handoff that is not resolved yet, if any.
Result<std::optional<HandoffRecord>> OpenHandoffOf(Database& db, int64_t conversation_id);

// Whether one of the user's areas is among those the handoff is offered to.
Result<bool> IsOfferedToUser(Database& db, int64_t handoff_id, int64_t user_id);
// 1-based place among the waiting handoffs of its home area, in claim order.
Result<int> QueuePosition(Database& db, const HandoffRecord& handoff);
Result<int> CountHeldBy(Database& db, int64_t user_id);
// The citizen's last message in the conversation: (text, created_at).
Result<std::optional<std::pair<std::string, int64_t>>> LastCitizenMessage(Database& db,
                                                                          int64_t conversation_id);

Result<bool> ClaimHandoff(Database& db, int64_t handoff_id, int64_t user_id, int64_t now_ms);
// Back to waiting (release, or an idle holder); its place in line is kept.
Result<bool> ReturnHandoffToQueue(Database& db, int64_t handoff_id, int64_t deadline_ms);
// `user_id` 0: closed by the system (the citizen left), not by a volunteer.
Result<bool> ResolveHandoff(Database& db, int64_t handoff_id, int64_t user_id, int64_t now_ms);
// Moves it to `area` (waiting, offered to that area only).
Result<bool> TransferHandoff(Database& db, int64_t handoff_id, const std::string& area,
                             int64_t deadline_ms);
// Offers it to one more area (the next parent) and sets the next deadline.
Status OfferHandoff(Database& db, int64_t handoff_id, const std::string& area, int level,
                    int64_t deadline_ms);
Status SetHandoffDeadline(Database& db, int64_t handoff_id, int64_t deadline_ms);
Status TouchHandoff(Database& db, int64_t handoff_id, int64_t now_ms);
// Stores the citizen's 1-5 rating once, for a resolved handoff of that conversation.
Result<bool> RateHandoff(Database& db, int64_t handoff_id, int64_t conversation_id, int rating);

Result<std::vector<int64_t>> OverdueWaitingHandoffs(Database& db, int64_t now_ms, int limit);
Result<std::vector<int64_t>> IdleClaimedHandoffs(Database& db, int64_t idle_since_ms, int limit);

// Zalo's free reply window: open handoffs on Zalo whose citizen last wrote
// before `last_inbound_before` and that were not raised yet; and raising one
// (its priority to at least `priority`, marked so it happens once).
Result<std::vector<int64_t>> HandoffsWithClosingWindow(Database& db, int64_t last_inbound_before,
                                                       int limit);
Status RaiseForClosingWindow(Database& db, int64_t handoff_id, int priority);

Result<int64_t> InsertNote(Database& db, const NoteRow& note);
Result<std::vector<NoteRow>> ListNotes(Database& db, int64_t handoff_id);

// The conversation's transcript: the last `limit` messages when after_id is
// 0, else up to `limit` messages after it; oldest first either way.
Result<std::vector<TranscriptRow>> ListTranscript(Database& db, int64_t conversation_id,
                                                  int64_t after_id, int limit);

}  // namespace trolyso::store
