#include "store/handoff_repository.h"

#include <algorithm>

#include "store/field_encoding.h"

namespace trolyso::store {
namespace {

#define TROLYSO_HANDOFF_COLUMNS                                                               \
  "SELECT h.id, h.conversation_id, h.page_id, h.area, h.reason, h.priority, h.state, "        \
  "h.created_at, h.deadline_at, COALESCE(h.claimed_at, 0), COALESCE(h.resolved_at, 0), "      \
  "COALESCE(h.last_activity_at, 0), COALESCE(h.claimed_by, 0), COALESCE(u.display_name, ''), " \
  "h.escalation_level, COALESCE(h.rating, 0), c.chat_id, c.display_name, c.reachable, "       \
  "c.state, COALESCE(c.last_inbound_at, 0), h.window_warned "                                 \
  "FROM handoffs h JOIN conversations c ON c.id = h.conversation_id "                          \
  "LEFT JOIN users u ON u.id = h.claimed_by "

constexpr const char* kFindHandoff = TROLYSO_HANDOFF_COLUMNS "WHERE h.id = ?1";
constexpr const char* kOpenHandoffOf =
    TROLYSO_HANDOFF_COLUMNS "WHERE h.conversation_id = ?1 AND h.state != 'resolved'";
// ?1 state mask (1 waiting, 2 claimed, 4 resolved), ?2 area or '', ?3 user or 0.
constexpr const char* kListHandoffs =
    TROLYSO_HANDOFF_COLUMNS
    "WHERE (?1 & CASE h.state WHEN 'waiting' THEN 1 WHEN 'claimed' THEN 2 ELSE 4 END) != 0 "
    "AND (?2 = '' OR EXISTS (SELECT 1 FROM handoff_areas a "
    "     WHERE a.handoff_id = h.id AND a.area = ?2)) "
    "AND (?3 = 0 OR EXISTS (SELECT 1 FROM handoff_areas a JOIN user_areas ua ON ua.area = a.area "
    "     WHERE a.handoff_id = h.id AND ua.user_id = ?3)) "
    "ORDER BY CASE h.state WHEN 'waiting' THEN 0 WHEN 'claimed' THEN 1 ELSE 2 END, "
    "CASE WHEN h.state = 'resolved' THEN -h.resolved_at ELSE 0 END, "
    "h.priority DESC, h.created_at, h.id LIMIT ?4";
#undef TROLYSO_HANDOFF_COLUMNS

constexpr const char* kOfferedAreas =
    "SELECT a.area FROM handoff_areas a JOIN handoffs h ON h.id = a.handoff_id "
    "WHERE a.handoff_id = ?1 ORDER BY a.area != h.area, a.area";
constexpr const char* kOfferedToUser =
    "SELECT 1 FROM handoff_areas a JOIN user_areas ua ON ua.area = a.area "
    "WHERE a.handoff_id = ?1 AND ua.user_id = ?2 LIMIT 1";
constexpr const char* kQueuePosition =
    "SELECT COUNT(*) FROM handoffs o WHERE o.state = 'waiting' AND o.area = ?1 AND "
    "(o.priority > ?2 OR (o.priority = ?2 AND (o.created_at < ?3 OR "
    "(o.created_at = ?3 AND o.id < ?4))))";
constexpr const char* kCountHeld =
    "SELECT COUNT(*) FROM handoffs WHERE claimed_by = ?1 AND state = 'claimed'";
constexpr const char* kLastCitizenMessage =
    "SELECT text, created_at FROM messages WHERE conversation_id = ?1 AND direction = 'in' "
    "ORDER BY id DESC LIMIT 1";
constexpr const char* kClaim =
    "UPDATE handoffs SET state = 'claimed', claimed_by = ?2, claimed_at = ?3, "
    "last_activity_at = ?3 WHERE id = ?1 AND state = 'waiting'";
constexpr const char* kReturnToQueue =
    "UPDATE handoffs SET state = 'waiting', claimed_by = NULL, claimed_at = NULL, "
    "deadline_at = ?2 WHERE id = ?1 AND state = 'claimed'";
constexpr const char* kResolve =
    "UPDATE handoffs SET state = 'resolved', resolved_at = ?2, resolved_by = ?3 "
    "WHERE id = ?1 AND state != 'resolved'";
constexpr const char* kTransfer =
    "UPDATE handoffs SET area = ?2, state = 'waiting', claimed_by = NULL, claimed_at = NULL, "
    "escalation_level = 0, deadline_at = ?3 WHERE id = ?1 AND state != 'resolved'";
constexpr const char* kClearAreas = "DELETE FROM handoff_areas WHERE handoff_id = ?1";
constexpr const char* kAddArea =
    "INSERT OR IGNORE INTO handoff_areas (handoff_id, area) VALUES (?1, ?2)";
constexpr const char* kSetLevel =
    "UPDATE handoffs SET escalation_level = ?2, deadline_at = ?3 WHERE id = ?1";
constexpr const char* kSetDeadline = "UPDATE handoffs SET deadline_at = ?2 WHERE id = ?1";
constexpr const char* kTouch = "UPDATE handoffs SET last_activity_at = ?2 WHERE id = ?1";
constexpr const char* kRate =
    "UPDATE handoffs SET rating = ?3 WHERE id = ?1 AND conversation_id = ?2 "
    "AND state = 'resolved' AND rating IS NULL";
constexpr const char* kOverdue =
    "SELECT id FROM handoffs WHERE state = 'waiting' AND deadline_at <= ?1 ORDER BY id LIMIT ?2";
constexpr const char* kIdle =
    "SELECT id FROM handoffs WHERE state = 'claimed' AND last_activity_at <= ?1 "
    "ORDER BY id LIMIT ?2";
// Open Zalo handoffs whose citizen last wrote before ?1, not yet raised.
constexpr const char* kClosingWindow =
    "SELECT h.id FROM handoffs h JOIN conversations c ON c.id = h.conversation_id "
    "WHERE h.state != 'resolved' AND h.window_warned = 0 AND c.channel = 'zalo' "
    "AND c.last_inbound_at <= ?1 ORDER BY h.id LIMIT ?2";
constexpr const char* kRaise =
    "UPDATE handoffs SET window_warned = 1, priority = MAX(priority, ?2) WHERE id = ?1";
constexpr const char* kInsertNote =
    "INSERT INTO handoff_notes (handoff_id, user_id, text, created_at) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kListNotes =
    "SELECT n.id, n.handoff_id, COALESCE(n.user_id, 0), COALESCE(u.display_name, ''), n.text, "
    "n.created_at FROM handoff_notes n LEFT JOIN users u ON u.id = n.user_id "
    "WHERE n.handoff_id = ?1 ORDER BY n.id";

#define TROLYSO_TRANSCRIPT_COLUMNS                                                  \
  "SELECT " TROLYSO_MESSAGE_COLUMNS ", COALESCE(u.display_name, ''), "               \
  "COALESCE(o.state, '') FROM messages m LEFT JOIN users u ON u.id = m.user_id "     \
  "LEFT JOIN outbox o ON o.message_id = m.id "
constexpr const char* kTranscriptTail =
    TROLYSO_TRANSCRIPT_COLUMNS "WHERE m.conversation_id = ?1 ORDER BY m.id DESC LIMIT ?2";
constexpr const char* kTranscriptAfter =
    TROLYSO_TRANSCRIPT_COLUMNS "WHERE m.conversation_id = ?1 AND m.id > ?2 ORDER BY m.id LIMIT ?3";
#undef TROLYSO_TRANSCRIPT_COLUMNS

HandoffRecord ReadHandoff(const Statement& s) {
  HandoffRecord h;
  h.id = s.Int(0);
  h.conversation_id = s.Int(1);
  h.page_id = s.Text(2);
  h.area = s.Text(3);
  h.reason = s.Text(4);
  h.priority = static_cast<int>(s.Int(5));
  h.state = ParseHandoffState(s.Text(6)).value_or(HandoffState::kWaiting);
  h.created_at = s.Int(7);
  h.deadline_at = s.Int(8);
  h.claimed_at = s.Int(9);
  h.resolved_at = s.Int(10);
  h.last_activity_at = s.Int(11);
  h.claimed_by = s.Int(12);
  h.claimed_by_name = s.Text(13);
  h.escalation_level = static_cast<int>(s.Int(14));
  h.rating = static_cast<int>(s.Int(15));
  h.chat_id = s.Text(16);
  h.citizen_name = s.Text(17);
  h.reachable = s.Int(18) != 0;
  h.conversation_state = ParseState(s.Text(19));
  h.last_inbound_at = s.Int(20);
  h.window_warned = s.Int(21) != 0;
  return h;
}

Status LoadOfferedAreas(Database& db, HandoffRecord& h) {
  Statement& stmt = db.Cached(kOfferedAreas);
  stmt.Bind(1, h.id);
  h.offered_areas.clear();
  while (stmt.Step()) h.offered_areas.push_back(stmt.Text(0));
  return stmt.status().ok() ? Status::Ok() : StatementError(stmt, "offered areas");
}

Result<std::optional<HandoffRecord>> ReadOneHandoff(Database& db, Statement& stmt) {
  if (!stmt.Step()) {
    if (!stmt.status().ok()) return StatementError(stmt, "find handoff");
    return std::optional<HandoffRecord>();
  }
  HandoffRecord h = ReadHandoff(stmt);
  stmt.Reset();
  if (Status s = LoadOfferedAreas(db, h); !s.ok()) return s;
  return std::optional<HandoffRecord>(std::move(h));
}

Result<int64_t> CountOf(Statement& stmt, std::string_view what) {
  if (!stmt.Step()) return StatementError(stmt, what);
  int64_t n = stmt.Int(0);
  stmt.Reset();
  return n;
}

Result<bool> ChangedOne(Database& db, Statement& stmt, std::string_view what) {
  if (!stmt.Run().ok()) return StatementError(stmt, what);
  return db.Changes() == 1;
}

Result<std::vector<int64_t>> Ids(Statement& stmt, std::string_view what) {
  std::vector<int64_t> ids;
  while (stmt.Step()) ids.push_back(stmt.Int(0));
  if (!stmt.status().ok()) return StatementError(stmt, what);
  return ids;
}

}  // namespace

Result<std::optional<HandoffRecord>> FindHandoff(Database& db, int64_t handoff_id) {
  Statement& stmt = db.Cached(kFindHandoff);
  stmt.Bind(1, handoff_id);
  return ReadOneHandoff(db, stmt);
}

Result<std::optional<HandoffRecord>> OpenHandoffOf(Database& db, int64_t conversation_id) {
  Statement& stmt = db.Cached(kOpenHandoffOf);
  stmt.Bind(1, conversation_id);
  return ReadOneHandoff(db, stmt);
}

Result<std::vector<HandoffRecord>> ListHandoffs(Database& db, const HandoffFilter& f) {
  int mask = (f.waiting ? 1 : 0) | (f.claimed ? 2 : 0) | (f.resolved ? 4 : 0);
  Statement& stmt = db.Cached(kListHandoffs);
  stmt.Bind(1, mask).Bind(2, f.area).Bind(3, f.visible_to).Bind(4, f.limit);
  std::vector<HandoffRecord> list;
  while (stmt.Step()) list.push_back(ReadHandoff(stmt));
  if (!stmt.status().ok()) return StatementError(stmt, "list handoffs");
  for (HandoffRecord& h : list) {
    if (Status s = LoadOfferedAreas(db, h); !s.ok()) return s;
  }
  return list;
}

Result<bool> IsOfferedToUser(Database& db, int64_t handoff_id, int64_t user_id) {
  Statement& stmt = db.Cached(kOfferedToUser);
  stmt.Bind(1, handoff_id).Bind(2, user_id);
  if (stmt.Step()) {
    stmt.Reset();
    return true;
  }
  if (!stmt.status().ok()) return StatementError(stmt, "handoff visibility");
  return false;
}

Result<int> QueuePosition(Database& db, const HandoffRecord& h) {
  Statement& stmt = db.Cached(kQueuePosition);
  stmt.Bind(1, h.area).Bind(2, h.priority).Bind(3, h.created_at).Bind(4, h.id);
  Result<int64_t> ahead = CountOf(stmt, "queue position");
  if (!ahead.ok()) return ahead.status();
  return static_cast<int>(*ahead) + 1;
}

Result<int> CountHeldBy(Database& db, int64_t user_id) {
  Statement& stmt = db.Cached(kCountHeld);
  stmt.Bind(1, user_id);
  Result<int64_t> n = CountOf(stmt, "count held");
  if (!n.ok()) return n.status();
  return static_cast<int>(*n);
}

Result<std::optional<std::pair<std::string, int64_t>>> LastCitizenMessage(
    Database& db, int64_t conversation_id) {
  Statement& stmt = db.Cached(kLastCitizenMessage);
  stmt.Bind(1, conversation_id);
  using Last = std::optional<std::pair<std::string, int64_t>>;
  if (!stmt.Step()) {
    if (!stmt.status().ok()) return StatementError(stmt, "last citizen message");
    return Last();
  }
  Last last = std::make_pair(stmt.Text(0), stmt.Int(1));
  stmt.Reset();
  return last;
}

Result<bool> ClaimHandoff(Database& db, int64_t handoff_id, int64_t user_id, int64_t now_ms) {
  Statement& stmt = db.Cached(kClaim);
  stmt.Bind(1, handoff_id).Bind(2, user_id).Bind(3, now_ms);
  return ChangedOne(db, stmt, "claim handoff");
}

Result<bool> ReturnHandoffToQueue(Database& db, int64_t handoff_id, int64_t deadline_ms) {
  Statement& stmt = db.Cached(kReturnToQueue);
  stmt.Bind(1, handoff_id).Bind(2, deadline_ms);
  return ChangedOne(db, stmt, "return handoff");
}

Result<bool> ResolveHandoff(Database& db, int64_t handoff_id, int64_t user_id, int64_t now_ms) {
  Statement& stmt = db.Cached(kResolve);
  stmt.Bind(1, handoff_id).Bind(2, now_ms);
  if (user_id != 0) {
    stmt.Bind(3, user_id);
  } else {
    stmt.BindNull(3);  // closed by the system, e.g. the citizen left
  }
  return ChangedOne(db, stmt, "resolve handoff");
}

Result<bool> TransferHandoff(Database& db, int64_t handoff_id, const std::string& area,
                             int64_t deadline_ms) {
  Statement& stmt = db.Cached(kTransfer);
  stmt.Bind(1, handoff_id).Bind(2, area).Bind(3, deadline_ms);
  Result<bool> moved = ChangedOne(db, stmt, "transfer handoff");
  if (!moved.ok() || !*moved) return moved;
  Statement& clear = db.Cached(kClearAreas);
  clear.Bind(1, handoff_id);
  if (!clear.Run().ok()) return StatementError(clear, "transfer handoff");
  Statement& add = db.Cached(kAddArea);
  add.Bind(1, handoff_id).Bind(2, area);
  if (!add.Run().ok()) return StatementError(add, "transfer handoff");
  return true;
}

Status OfferHandoff(Database& db, int64_t handoff_id, const std::string& area, int level,
                    int64_t deadline_ms) {
  Statement& add = db.Cached(kAddArea);
  add.Bind(1, handoff_id).Bind(2, area);
  if (!add.Run().ok()) return StatementError(add, "offer handoff");
  Statement& stmt = db.Cached(kSetLevel);
  stmt.Bind(1, handoff_id).Bind(2, level).Bind(3, deadline_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "offer handoff");
}

Status SetHandoffDeadline(Database& db, int64_t handoff_id, int64_t deadline_ms) {
  Statement& stmt = db.Cached(kSetDeadline);
  stmt.Bind(1, handoff_id).Bind(2, deadline_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "set handoff deadline");
}

Status TouchHandoff(Database& db, int64_t handoff_id, int64_t now_ms) {
  Statement& stmt = db.Cached(kTouch);
  stmt.Bind(1, handoff_id).Bind(2, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "touch handoff");
}

Result<bool> RateHandoff(Database& db, int64_t handoff_id, int64_t conversation_id, int rating) {
  Statement& stmt = db.Cached(kRate);
  stmt.Bind(1, handoff_id).Bind(2, conversation_id).Bind(3, rating);
  return ChangedOne(db, stmt, "rate handoff");
}

Result<std::vector<int64_t>> OverdueWaitingHandoffs(Database& db, int64_t now_ms, int limit) {
  Statement& stmt = db.Cached(kOverdue);
  stmt.Bind(1, now_ms).Bind(2, limit);
  return Ids(stmt, "overdue handoffs");
}

Result<std::vector<int64_t>> IdleClaimedHandoffs(Database& db, int64_t idle_since_ms, int limit) {
  Statement& stmt = db.Cached(kIdle);
  stmt.Bind(1, idle_since_ms).Bind(2, limit);
  return Ids(stmt, "idle handoffs");
}

Result<std::vector<int64_t>> HandoffsWithClosingWindow(Database& db, int64_t last_inbound_before,
                                                       int limit) {
  Statement& stmt = db.Cached(kClosingWindow);
  stmt.Bind(1, last_inbound_before).Bind(2, limit);
  return Ids(stmt, "closing windows");
}

Status RaiseForClosingWindow(Database& db, int64_t handoff_id, int priority) {
  Statement& stmt = db.Cached(kRaise);
  stmt.Bind(1, handoff_id).Bind(2, priority);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "raise handoff");
}

Result<int64_t> InsertNote(Database& db, const NoteRow& note) {
  Statement& stmt = db.Cached(kInsertNote);
  stmt.Bind(1, note.handoff_id);
  if (note.user_id != 0) {
    stmt.Bind(2, note.user_id);
  } else {
    stmt.BindNull(2);
  }
  stmt.Bind(3, note.text).Bind(4, note.created_at);
  if (!stmt.Run().ok()) return StatementError(stmt, "insert note");
  return db.LastInsertId();
}

Result<std::vector<NoteRow>> ListNotes(Database& db, int64_t handoff_id) {
  Statement& stmt = db.Cached(kListNotes);
  stmt.Bind(1, handoff_id);
  std::vector<NoteRow> notes;
  while (stmt.Step()) {
    NoteRow n;
    n.id = stmt.Int(0);
    n.handoff_id = stmt.Int(1);
    n.user_id = stmt.Int(2);
    n.author_name = stmt.Text(3);
    n.text = stmt.Text(4);
    n.created_at = stmt.Int(5);
    notes.push_back(std::move(n));
  }
  if (!stmt.status().ok()) return StatementError(stmt, "list notes");
  return notes;
}

Result<std::vector<TranscriptRow>> ListTranscript(Database& db, int64_t conversation_id,
                                                  int64_t after_id, int limit) {
  Statement& stmt = db.Cached(after_id > 0 ? kTranscriptAfter : kTranscriptTail);
  stmt.Bind(1, conversation_id);
  if (after_id > 0) {
    stmt.Bind(2, after_id).Bind(3, limit);
  } else {
    stmt.Bind(2, limit);
  }
  std::vector<TranscriptRow> rows;
  while (stmt.Step()) {
    TranscriptRow row;
    row.message = ReadMessageColumns(stmt);
    row.author_name = stmt.Text(kMessageColumnCount);
    row.delivery = stmt.Text(kMessageColumnCount + 1);
    rows.push_back(std::move(row));
  }
  if (!stmt.status().ok()) return StatementError(stmt, "list transcript");
  if (after_id <= 0) std::reverse(rows.begin(), rows.end());
  return rows;
}

}  // namespace trolyso::store
