#include "store/stats_repository.h"

#include <map>
#include <utility>

namespace trolyso::store {
namespace {

// Vietnam is UTC+7 all year (no daylight saving).
#define TROLYSO_VN_DAY(column) "date((" column ") / 1000 + 25200, 'unixepoch')"

constexpr const char* kMessages =
    "SELECT " TROLYSO_VN_DAY("m.created_at") " AS day, c.page_id, COUNT(*), "
    "SUM(m.decision = 'answer'), SUM(m.decision = 'clarify'), "
    "SUM(m.decision = 'not_understood'), SUM(m.decision = 'escalate') "
    "FROM messages m JOIN conversations c ON c.id = m.conversation_id "
    "WHERE m.direction = 'in' AND m.created_at >= ?1 AND m.created_at < ?2 "
    "GROUP BY day, c.page_id";
constexpr const char* kHandoffs =
    "SELECT " TROLYSO_VN_DAY("created_at") " AS day, page_id, created_at, "
    "COALESCE(claimed_at, 0), COALESCE(resolved_at, 0), COALESCE(rating, 0) "
    "FROM handoffs WHERE created_at >= ?1 AND created_at < ?2";
constexpr const char* kTopIntents =
    "SELECT intent, COUNT(*) AS n FROM messages WHERE direction = 'in' AND intent IS NOT NULL "
    "AND created_at >= ?1 AND created_at < ?2 GROUP BY intent ORDER BY n DESC, intent LIMIT ?3";
constexpr const char* kUnanswered =
    "SELECT text, decision FROM messages WHERE direction = 'in' AND kind = 'text' "
    "AND decision IN ('not_understood', 'escalate') AND created_at >= ?1 AND created_at < ?2 "
    "ORDER BY id DESC LIMIT ?3";
#undef TROLYSO_VN_DAY

}  // namespace

Result<std::vector<DayPageStats>> StatsByDayAndPage(Database& db, int64_t from_ms, int64_t to_ms) {
  std::map<std::pair<std::string, std::string>, DayPageStats> rows;
  auto row = [&](const std::string& day, const std::string& page) -> DayPageStats& {
    DayPageStats& r = rows[{day, page}];
    r.day = day;
    r.page_id = page;
    return r;
  };
  Statement& messages = db.Cached(kMessages);
  messages.Bind(1, from_ms).Bind(2, to_ms);
  while (messages.Step()) {
    DayPageStats& r = row(messages.Text(0), messages.Text(1));
    r.messages = messages.Int(2);
    r.answered = messages.Int(3);
    r.clarified = messages.Int(4);
    r.not_understood = messages.Int(5);
    r.escalated = messages.Int(6);
  }
  if (!messages.status().ok()) return StatementError(messages, "message stats");
  Statement& handoffs = db.Cached(kHandoffs);
  handoffs.Bind(1, from_ms).Bind(2, to_ms);
  while (handoffs.Step()) {
    DayPageStats& r = row(handoffs.Text(0), handoffs.Text(1));
    int64_t created = handoffs.Int(2), claimed = handoffs.Int(3), resolved = handoffs.Int(4);
    int64_t rating = handoffs.Int(5);
    if (claimed > 0) {
      ++r.handoffs_claimed;
      r.claim_ms.push_back(claimed - created);
    }
    if (resolved > 0) {
      ++r.handoffs_resolved;
      r.resolve_ms.push_back(resolved - created);
    }
    if (rating > 0) {
      ++r.ratings;
      r.rating_sum += rating;
    }
  }
  if (!handoffs.status().ok()) return StatementError(handoffs, "handoff stats");
  std::vector<DayPageStats> out;
  for (auto& [_, r] : rows) out.push_back(std::move(r));
  return out;
}

Result<std::vector<CountRow>> TopIntents(Database& db, int64_t from_ms, int64_t to_ms, int limit) {
  Statement& stmt = db.Cached(kTopIntents);
  stmt.Bind(1, from_ms).Bind(2, to_ms).Bind(3, limit);
  std::vector<CountRow> out;
  while (stmt.Step()) out.push_back({stmt.Text(0), stmt.Int(1)});
  if (!stmt.status().ok()) return StatementError(stmt, "top intents");
  return out;
}

Result<std::vector<UnansweredText>> UnansweredTexts(Database& db, int64_t from_ms, int64_t to_ms,
                                                    int limit) {
  Statement& stmt = db.Cached(kUnanswered);
  stmt.Bind(1, from_ms).Bind(2, to_ms).Bind(3, limit);
  std::vector<UnansweredText> out;
  while (stmt.Step()) out.push_back({stmt.Text(0), stmt.Text(1)});
  if (!stmt.status().ok()) return StatementError(stmt, "unanswered texts");
  return out;
}

Result<std::vector<std::string>> RecentInboundTexts(Database& db, int limit) {
  Statement& stmt = db.Cached(
      "SELECT text FROM messages WHERE direction = 'in' AND kind = 'text' AND text != '' "
      "ORDER BY id DESC LIMIT ?1");
  stmt.Bind(1, limit);
  std::vector<std::string> out;
  while (stmt.Step()) out.push_back(stmt.Text(0));
  if (!stmt.status().ok()) return StatementError(stmt, "recent inbound texts");
  return out;
}

}  // namespace trolyso::store
