// Repository: the SQL the pipeline runs inside writer jobs, and the reads the
// delivery worker and web chat make on their own connections.
//
// Every function takes the Database it runs on; writes must run on the
// writer thread (inside Writer::Run), reads on any connection owned by the
// calling thread. All SQL is prepared and bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/result.h"
#include "store/database.h"
#include "store/records.h"

namespace trolyso::store {

// Records that (channel, page, event) arrived. Returns false if it already
// had: the dedupe check. Runs inside the same transaction as everything the
// event causes, so "seen" and "answered" commit together.
Result<bool> RecordInboundEvent(Database& db, const Inbound& inbound, int64_t now_ms);

// The conversation of (page, chat), created in state bot if new.
Result<ConversationRow> UpsertConversation(Database& db, const Inbound& inbound, int64_t now_ms);

Status UpdateConversation(Database& db, int64_t conversation_id, ConversationState state,
                          int unmatched_streak, int64_t now_ms);

// Marks whether the platform will still deliver to this chat (a citizen who
// blocked the bot is unreachable until they come back).
Status SetReachable(Database& db, int64_t conversation_id, bool reachable, int64_t now_ms);
Status SetReachableByChat(Database& db, const std::string& page_id, const std::string& chat_id,
                          bool reachable, int64_t now_ms);

Result<int64_t> InsertMessage(Database& db, const MessageRow& message);

// Queues stored message `message_id` (whose content is `message`) for
// delivery to (page, chat), due at `now_ms`. Returns the item to hand to the
// delivery worker once the transaction commits.
Result<OutboxItem> EnqueueOutbox(Database& db, int64_t message_id, int64_t conversation_id,
                                 const std::string& page_id, const std::string& chat_id,
                                 const OutboundMessage& message, int64_t now_ms);

// Inserts the handoff and offers it to its own area; returns its id.
Result<int64_t> InsertHandoff(Database& db, const HandoffRow& handoff);

// --- Delivery ---

// Up to `limit` pending rows due by `now_ms`, oldest first, at most the
// oldest pending row of each conversation (so replies to one chat stay in
// order while an earlier one waits for a retry).
Result<std::vector<OutboxItem>> DueOutbox(Database& db, int64_t now_ms, int limit);
// When the next pending row that has failed before is due for its retry.
Result<std::optional<int64_t>> NextRetryTime(Database& db);
Result<int64_t> PendingOutboxCount(Database& db);

Status MarkDelivered(Database& db, int64_t outbox_id, int parts_sent, int attempts, int64_t now_ms);
Status MarkRetry(Database& db, int64_t outbox_id, int parts_sent, int attempts,
                 int64_t next_attempt_ms, const std::string& error);
// Final failure: `state` is "dead" (dead letter) or "unreachable".
Status MarkFailed(Database& db, int64_t outbox_id, std::string_view state, int parts_sent,
                  int attempts, const std::string& error, int64_t now_ms);

// --- Transcript ---

// Messages of (page, chat) with id > after_id, oldest first, at most `limit`.
// Returns an empty list when the conversation does not exist.
Result<std::vector<MessageRow>> ListMessages(Database& db, const std::string& page_id,
                                             const std::string& chat_id, int64_t after_id,
                                             int limit);
Result<std::optional<ConversationRow>> FindConversation(Database& db, const std::string& page_id,
                                                        const std::string& chat_id);

}  // namespace trolyso::store
