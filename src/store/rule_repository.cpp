#include "store/rule_repository.h"

namespace trolyso::store {
namespace {

constexpr const char* kVersionColumns =
    "version, created_at, author, note, kind, rolled_back_to, intent_count";
constexpr const char* kDraftColumns =
    "id, state, base_version, author, note, created_at, updated_at, changes, published_version";

RuleVersionRow ReadVersion(const Statement& stmt, bool with_content) {
  RuleVersionRow row;
  row.version = stmt.Int(0);
  row.created_at = stmt.Int(1);
  row.author = stmt.Text(2);
  row.note = stmt.Text(3);
  row.kind = stmt.Text(4);
  if (!stmt.IsNull(5)) row.rolled_back_to = stmt.Int(5);
  row.intent_count = stmt.Int(6);
  if (with_content) row.content = stmt.Text(7);
  return row;
}

DraftRow ReadDraft(const Statement& stmt) {
  DraftRow row;
  row.id = stmt.Int(0);
  row.state = stmt.Text(1);
  row.base_version = stmt.Int(2);
  row.author = stmt.Text(3);
  row.note = stmt.Text(4);
  row.created_at = stmt.Int(5);
  row.updated_at = stmt.Int(6);
  row.changes = stmt.Text(7);
  if (!stmt.IsNull(8)) row.published_version = stmt.Int(8);
  return row;
}

Result<std::optional<RuleVersionRow>> OneVersion(Statement& stmt, bool with_content,
                                                 const char* what) {
  std::optional<RuleVersionRow> row;
  if (stmt.Step()) {
    row = ReadVersion(stmt, with_content);
    stmt.Reset();
  }
  if (!stmt.status().ok()) return StatementError(stmt, what);
  return row;
}

}  // namespace

Result<std::optional<RuleVersionRow>> LiveRuleVersion(Database& db, bool with_content) {
  static const std::string kSql = std::string("SELECT ") + kVersionColumns +
                                  ", content FROM rule_versions ORDER BY version DESC LIMIT 1";
  static const std::string kSqlBare = std::string("SELECT ") + kVersionColumns +
                                      " FROM rule_versions ORDER BY version DESC LIMIT 1";
  return OneVersion(db.Cached((with_content ? kSql : kSqlBare).c_str()), with_content, "live rule version");
}

Result<std::optional<RuleVersionRow>> FindRuleVersion(Database& db, int64_t version,
                                                      bool with_content) {
  static const std::string kSql = std::string("SELECT ") + kVersionColumns +
                                  ", content FROM rule_versions WHERE version = ?1";
  static const std::string kSqlBare =
      std::string("SELECT ") + kVersionColumns + " FROM rule_versions WHERE version = ?1";
  Statement& stmt = db.Cached((with_content ? kSql : kSqlBare).c_str());
  stmt.Bind(1, version);
  return OneVersion(stmt, with_content, "find rule version");
}

Result<std::vector<RuleVersionRow>> ListRuleVersions(Database& db, int limit) {
  static const std::string kSql = std::string("SELECT ") + kVersionColumns +
                                  " FROM rule_versions ORDER BY version DESC LIMIT ?1";
  Statement& stmt = db.Cached(kSql.c_str());
  stmt.Bind(1, limit);
  std::vector<RuleVersionRow> out;
  while (stmt.Step()) out.push_back(ReadVersion(stmt, false));
  if (!stmt.status().ok()) return StatementError(stmt, "list rule versions");
  return out;
}

Result<int64_t> InsertRuleVersion(Database& db, const RuleVersionRow& row, int64_t expected_live) {
  auto live = LiveRuleVersion(db, false);
  if (!live.ok()) return live.status();
  const int64_t current = *live ? (*live)->version : 0;
  if (current != expected_live) {
    return Status::Conflict("live_version_moved", std::to_string(current));
  }
  Statement& stmt = db.Cached(
      "INSERT INTO rule_versions (version, created_at, author, note, kind, rolled_back_to, "
      "intent_count, content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  stmt.Bind(1, current + 1).Bind(2, row.created_at).Bind(3, row.author).Bind(4, row.note);
  stmt.Bind(5, row.kind);
  if (row.rolled_back_to) {
    stmt.Bind(6, *row.rolled_back_to);
  } else {
    stmt.BindNull(6);
  }
  stmt.Bind(7, row.intent_count).Bind(8, row.content);
  if (!stmt.Run().ok()) return StatementError(stmt, "insert rule version");
  return current + 1;
}

Result<int64_t> InsertDraft(Database& db, const DraftRow& d) {
  Statement& stmt = db.Cached(
      "INSERT INTO rule_drafts (state, base_version, author, note, created_at, updated_at, "
      "changes) VALUES ('open', ?1, ?2, ?3, ?4, ?4, ?5)");
  stmt.Bind(1, d.base_version).Bind(2, d.author).Bind(3, d.note).Bind(4, d.created_at);
  stmt.Bind(5, d.changes);
  if (!stmt.Run().ok()) return StatementError(stmt, "insert draft");
  return db.LastInsertId();
}

Result<std::optional<DraftRow>> FindDraft(Database& db, int64_t id) {
  static const std::string kSql =
      std::string("SELECT ") + kDraftColumns + " FROM rule_drafts WHERE id = ?1";
  Statement& stmt = db.Cached(kSql.c_str());
  stmt.Bind(1, id);
  std::optional<DraftRow> row;
  if (stmt.Step()) {
    row = ReadDraft(stmt);
    stmt.Reset();
  }
  if (!stmt.status().ok()) return StatementError(stmt, "find draft");
  return row;
}

Result<std::vector<DraftRow>> ListOpenDrafts(Database& db, int limit) {
  static const std::string kSql = std::string("SELECT ") + kDraftColumns +
                                  " FROM rule_drafts WHERE state = 'open' "
                                  "ORDER BY updated_at DESC, id DESC LIMIT ?1";
  Statement& stmt = db.Cached(kSql.c_str());
  stmt.Bind(1, limit);
  std::vector<DraftRow> out;
  while (stmt.Step()) out.push_back(ReadDraft(stmt));
  if (!stmt.status().ok()) return StatementError(stmt, "list drafts");
  return out;
}

Status UpdateDraft(Database& db, int64_t id, const std::string& changes, int64_t base_version,
                   int64_t updated_at) {
  Statement& stmt = db.Cached(
      "UPDATE rule_drafts SET changes = ?2, base_version = ?3, updated_at = ?4 "
      "WHERE id = ?1 AND state = 'open'");
  stmt.Bind(1, id).Bind(2, changes).Bind(3, base_version).Bind(4, updated_at);
  if (!stmt.Run().ok()) return StatementError(stmt, "update draft");
  if (db.Changes() == 0) return Status::Conflict("draft_closed", std::to_string(id));
  return Status::Ok();
}

Status CloseDraft(Database& db, int64_t id, const std::string& state,
                  std::optional<int64_t> published_version, int64_t updated_at) {
  Statement& stmt = db.Cached(
      "UPDATE rule_drafts SET state = ?2, published_version = ?3, updated_at = ?4 "
      "WHERE id = ?1 AND state = 'open'");
  stmt.Bind(1, id).Bind(2, state);
  if (published_version) {
    stmt.Bind(3, *published_version);
  } else {
    stmt.BindNull(3);
  }
  stmt.Bind(4, updated_at);
  if (!stmt.Run().ok()) return StatementError(stmt, "close draft");
  if (db.Changes() == 0) return Status::Conflict("draft_closed", std::to_string(id));
  return Status::Ok();
}

Result<std::optional<std::string>> RuleFileState(Database& db, const std::string& dir) {
  Statement& stmt = db.Cached("SELECT content FROM rule_file_state WHERE dir = ?1");
  stmt.Bind(1, dir);
  std::optional<std::string> content;
  if (stmt.Step()) {
    content = stmt.Text(0);
    stmt.Reset();
  }
  if (!stmt.status().ok()) return StatementError(stmt, "rule file state");
  return content;
}

Status SaveRuleFileState(Database& db, const std::string& dir, const std::string& content,
                         int64_t at) {
  Statement& stmt = db.Cached(
      "INSERT INTO rule_file_state (dir, content, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (dir) DO UPDATE SET content = excluded.content, updated_at = excluded.updated_at");
  stmt.Bind(1, dir).Bind(2, content).Bind(3, at);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "save rule file state");
}

}  // namespace trolyso::store
