#include "store/repository.h"

#include "store/field_encoding.h"

#include <string_view>

namespace trolyso::store {
namespace {

constexpr const char* kInsertEvent =
    "INSERT OR IGNORE INTO inbound_events (channel, page_id, event_id, received_at) "
    "VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kSelectConversation =
    "SELECT id, state, unmatched_streak, reachable FROM conversations "
    "WHERE page_id = ?1 AND chat_id = ?2";
constexpr const char* kInsertConversation =
    "INSERT INTO conversations (channel, page_id, chat_id, user_id, display_name, created_at, "
    "updated_at, last_inbound_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?6)";
constexpr const char* kTouchConversation =
    "UPDATE conversations SET last_inbound_at = ?2, updated_at = ?2 WHERE id = ?1";
constexpr const char* kUpdateConversation =
    "UPDATE conversations SET state = ?2, unmatched_streak = ?3, updated_at = ?4 WHERE id = ?1";
constexpr const char* kSetReachable =
    "UPDATE conversations SET reachable = ?2, updated_at = ?3 WHERE id = ?1";
constexpr const char* kSetReachableByChat =
    "UPDATE conversations SET reachable = ?3, updated_at = ?4 WHERE page_id = ?1 AND chat_id = ?2";
constexpr const char* kInsertMessage =
    "INSERT INTO messages (conversation_id, direction, author, kind, text, buttons, intent, "
    "decision, event_id, created_at, user_id, entities) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
constexpr const char* kInsertOutbox =
    "INSERT INTO outbox (message_id, conversation_id, page_id, chat_id, next_attempt_at, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)";
constexpr const char* kInsertHandoff =
    "INSERT INTO handoffs (conversation_id, page_id, area, reason, priority, created_at, "
    "deadline_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* kInsertHandoffArea =
    "INSERT OR IGNORE INTO handoff_areas (handoff_id, area) VALUES (?1, ?2)";
// The NOT EXISTS keeps replies to one chat in order: a row waits while an
// older row of its conversation is still pending (for example in back-off).
constexpr const char* kDueOutbox =
    "SELECT o.id, o.conversation_id, o.page_id, o.chat_id, o.parts_sent, o.attempts, m.text, "
    "m.buttons FROM outbox o JOIN messages m ON m.id = o.message_id "
    "WHERE o.state = 'pending' AND o.next_attempt_at <= ?1 AND NOT EXISTS ("
    "  SELECT 1 FROM outbox p WHERE p.state = 'pending' AND p.conversation_id = o.conversation_id"
    "  AND p.id < o.id) "
    "ORDER BY o.next_attempt_at, o.id LIMIT ?2";
// Only rows that failed before: fresh rows are handed to delivery at commit.
constexpr const char* kNextRetry =
    "SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending' AND attempts > 0";
constexpr const char* kPendingCount = "SELECT COUNT(*) FROM outbox WHERE state = 'pending'";
constexpr const char* kMarkDelivered =
    "UPDATE outbox SET state = 'delivered', parts_sent = ?2, attempts = ?3, finished_at = ?4, "
    "last_error = NULL WHERE id = ?1 AND state = 'pending'";
constexpr const char* kMarkRetry =
    "UPDATE outbox SET parts_sent = ?2, attempts = ?3, next_attempt_at = ?4, last_error = ?5 "
    "WHERE id = ?1 AND state = 'pending'";
constexpr const char* kMarkFailed =
    "UPDATE outbox SET state = ?2, parts_sent = ?3, attempts = ?4, last_error = ?5, "
    "finished_at = ?6 WHERE id = ?1 AND state = 'pending'";
constexpr const char* kListMessages =
    "SELECT " TROLYSO_MESSAGE_COLUMNS " FROM messages m "
    "JOIN conversations c ON c.id = m.conversation_id "
    "WHERE c.page_id = ?1 AND c.chat_id = ?2 AND m.id > ?3 ORDER BY m.id LIMIT ?4";

}  // namespace

std::string_view StateName(ConversationState state) {
  switch (state) {
    case ConversationState::kBot: return "bot";
    case ConversationState::kQueued: return "queued";
    case ConversationState::kWithVolunteer: return "with_volunteer";
  }
  return "bot";
}

ConversationState ParseState(std::string_view name) {
  if (name == "queued") return ConversationState::kQueued;
  if (name == "with_volunteer") return ConversationState::kWithVolunteer;
  return ConversationState::kBot;
}

std::string_view AuthorName(Author author) {
  switch (author) {
    case Author::kCitizen: return "citizen";
    case Author::kBot: return "bot";
    case Author::kVolunteer: return "volunteer";
    case Author::kSystem: return "system";
  }
  return "system";
}

Result<bool> RecordInboundEvent(Database& db, const Inbound& inbound, int64_t now_ms) {
  Statement& stmt = db.Cached(kInsertEvent);
  stmt.Bind(1, ChannelName(inbound.channel)).Bind(2, inbound.page_id).Bind(3, inbound.event_id)
      .Bind(4, now_ms);
  if (Status s = stmt.Run(); !s.ok()) return StatementError(stmt, "record inbound event");
  return db.Changes() == 1;
}

static ConversationRow ReadConversation(const Statement& stmt) {
  ConversationRow row;
  row.id = stmt.Int(0);
  row.state = ParseState(stmt.Text(1));
  row.unmatched_streak = static_cast<int>(stmt.Int(2));
  row.reachable = stmt.Int(3) != 0;
  return row;
}

Result<std::optional<ConversationRow>> FindConversation(Database& db, const std::string& page_id,
                                                        const std::string& chat_id) {
  Statement& select = db.Cached(kSelectConversation);
  select.Bind(1, page_id).Bind(2, chat_id);
  if (select.Step()) {
    ConversationRow row = ReadConversation(select);
    select.Reset();
    return std::optional<ConversationRow>(row);
  }
  if (!select.status().ok()) return StatementError(select, "find conversation");
  return std::optional<ConversationRow>();
}

Result<ConversationRow> UpsertConversation(Database& db, const Inbound& inbound, int64_t now_ms) {
  Result<std::optional<ConversationRow>> found =
      FindConversation(db, inbound.page_id, inbound.chat_id);
  if (!found.ok()) return found.status();
  if (found->has_value()) {
    Statement& touch = db.Cached(kTouchConversation);
    touch.Bind(1, (*found)->id).Bind(2, now_ms);
    if (!touch.Run().ok()) return StatementError(touch, "touch conversation");
    return **found;
  }
  Statement& insert = db.Cached(kInsertConversation);
  insert.Bind(1, ChannelName(inbound.channel)).Bind(2, inbound.page_id).Bind(3, inbound.chat_id)
      .Bind(4, inbound.user_id).Bind(5, inbound.display_name).Bind(6, now_ms);
  if (!insert.Run().ok()) return StatementError(insert, "insert conversation");
  ConversationRow row;
  row.id = db.LastInsertId();
  row.created = true;
  return row;
}

Status UpdateConversation(Database& db, int64_t conversation_id, ConversationState state,
                          int unmatched_streak, int64_t now_ms) {
  Statement& stmt = db.Cached(kUpdateConversation);
  stmt.Bind(1, conversation_id).Bind(2, StateName(state)).Bind(3, unmatched_streak)
      .Bind(4, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "update conversation");
}

Status SetReachable(Database& db, int64_t conversation_id, bool reachable, int64_t now_ms) {
  Statement& stmt = db.Cached(kSetReachable);
  stmt.Bind(1, conversation_id).Bind(2, reachable ? 1 : 0).Bind(3, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "set reachable");
}

Status SetReachableByChat(Database& db, const std::string& page_id, const std::string& chat_id,
                          bool reachable, int64_t now_ms) {
  Statement& stmt = db.Cached(kSetReachableByChat);
  stmt.Bind(1, page_id).Bind(2, chat_id).Bind(3, reachable ? 1 : 0).Bind(4, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "set reachable");
}

Result<int64_t> InsertMessage(Database& db, const MessageRow& m) {
  auto optional = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  Statement& stmt = db.Cached(kInsertMessage);
  stmt.Bind(1, m.conversation_id).Bind(2, m.outbound ? "out" : "in").Bind(3, AuthorName(m.author))
      .Bind(4, m.kind).Bind(5, m.text).BindOptional(6, EncodeButtons(m.buttons)).BindOptional(7, optional(m.intent))
      .BindOptional(8, optional(m.decision)).BindOptional(9, optional(m.event_id)).Bind(10, m.created_at)
      .BindOptional(12, EncodePairs(m.entities));
  if (m.user_id != 0) {
    stmt.Bind(11, m.user_id);
  } else {
    stmt.BindNull(11);
  }
  if (!stmt.Run().ok()) return StatementError(stmt, "insert message");
  return db.LastInsertId();
}

Result<OutboxItem> EnqueueOutbox(Database& db, int64_t message_id, int64_t conversation_id,
                                 const std::string& page_id, const std::string& chat_id,
                                 const OutboundMessage& message, int64_t now_ms) {
  Statement& stmt = db.Cached(kInsertOutbox);
  stmt.Bind(1, message_id).Bind(2, conversation_id).Bind(3, page_id).Bind(4, chat_id)
      .Bind(5, now_ms);
  if (!stmt.Run().ok()) return StatementError(stmt, "enqueue outbox");
  OutboxItem item;
  item.id = db.LastInsertId();
  item.conversation_id = conversation_id;
  item.page_id = page_id;
  item.chat_id = chat_id;
  item.message = message;
  return item;
}

Result<int64_t> InsertHandoff(Database& db, const HandoffRow& h) {
  Statement& stmt = db.Cached(kInsertHandoff);
  stmt.Bind(1, h.conversation_id).Bind(2, h.page_id).Bind(3, h.area).Bind(4, h.reason)
      .Bind(5, h.priority).Bind(6, h.created_at).Bind(7, h.deadline_at);
  if (!stmt.Run().ok()) return StatementError(stmt, "insert handoff");
  int64_t id = db.LastInsertId();
  Statement& area = db.Cached(kInsertHandoffArea);
  area.Bind(1, id).Bind(2, h.area);
  if (!area.Run().ok()) return StatementError(area, "insert handoff area");
  return id;
}

Result<std::vector<OutboxItem>> DueOutbox(Database& db, int64_t now_ms, int limit) {
  Statement& stmt = db.Cached(kDueOutbox);
  stmt.Bind(1, now_ms).Bind(2, limit);
  std::vector<OutboxItem> items;
  while (stmt.Step()) {
    OutboxItem item;
    item.id = stmt.Int(0);
    item.conversation_id = stmt.Int(1);
    item.page_id = stmt.Text(2);
    item.chat_id = stmt.Text(3);
    item.parts_sent = static_cast<int>(stmt.Int(4));
    item.attempts = static_cast<int>(stmt.Int(5));
    item.message.text = stmt.Text(6);
    item.message.buttons = DecodeButtons(stmt.Text(7));
    items.push_back(std::move(item));
  }
  if (!stmt.status().ok()) return StatementError(stmt, "due outbox");
  return items;
}

Result<std::optional<int64_t>> NextRetryTime(Database& db) {
  Statement& stmt = db.Cached(kNextRetry);
  if (!stmt.Step()) return StatementError(stmt, "next retry time");
  std::optional<int64_t> next;
  if (!stmt.IsNull(0)) next = stmt.Int(0);
  stmt.Reset();
  return next;
}

Result<int64_t> PendingOutboxCount(Database& db) {
  Statement& stmt = db.Cached(kPendingCount);
  if (!stmt.Step()) return StatementError(stmt, "pending outbox count");
  int64_t count = stmt.Int(0);
  stmt.Reset();
  return count;
}

Status MarkDelivered(Database& db, int64_t outbox_id, int parts_sent, int attempts,
                     int64_t now_ms) {
  Statement& stmt = db.Cached(kMarkDelivered);
  stmt.Bind(1, outbox_id).Bind(2, parts_sent).Bind(3, attempts).Bind(4, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "mark delivered");
}

Status MarkRetry(Database& db, int64_t outbox_id, int parts_sent, int attempts,
                 int64_t next_attempt_ms, const std::string& error) {
  Statement& stmt = db.Cached(kMarkRetry);
  stmt.Bind(1, outbox_id).Bind(2, parts_sent).Bind(3, attempts).Bind(4, next_attempt_ms)
      .Bind(5, error);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "mark retry");
}

Status MarkFailed(Database& db, int64_t outbox_id, std::string_view state, int parts_sent,
                  int attempts, const std::string& error, int64_t now_ms) {
  Statement& stmt = db.Cached(kMarkFailed);
  stmt.Bind(1, outbox_id).Bind(2, state).Bind(3, parts_sent).Bind(4, attempts).Bind(5, error)
      .Bind(6, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "mark failed");
}

Result<std::vector<MessageRow>> ListMessages(Database& db, const std::string& page_id,
                                             const std::string& chat_id, int64_t after_id,
                                             int limit) {
  Statement& stmt = db.Cached(kListMessages);
  stmt.Bind(1, page_id).Bind(2, chat_id).Bind(3, after_id).Bind(4, limit);
  std::vector<MessageRow> rows;
  while (stmt.Step()) rows.push_back(ReadMessageColumns(stmt));
  if (!stmt.status().ok()) return StatementError(stmt, "list messages");
  return rows;
}

}  // namespace trolyso::store
