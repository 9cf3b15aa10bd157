#include "store/audit_repository.h"

namespace trolyso::store {
namespace {

constexpr const char* kAppend =
    "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kList =
    "SELECT id, at, actor, action, subject, detail FROM audit_log "
    "WHERE ?1 = 0 OR id < ?1 ORDER BY id DESC LIMIT ?2";

}  // namespace

Status AppendAudit(Database& db, const AuditEntry& e) {
  Statement& stmt = db.Cached(kAppend);
  stmt.Bind(1, e.at).Bind(2, e.actor).Bind(3, e.action).Bind(4, e.subject).Bind(5, e.detail);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "append audit");
}

Result<std::vector<AuditEntry>> ListAudit(Database& db, int64_t before_id, int limit) {
  Statement& stmt = db.Cached(kList);
  stmt.Bind(1, before_id).Bind(2, limit);
  std::vector<AuditEntry> out;
  while (stmt.Step()) {
    out.push_back({stmt.Int(0), stmt.Int(1), stmt.Text(2), stmt.Text(3), stmt.Text(4),
                   stmt.Text(5)});
  }
  if (!stmt.status().ok()) return StatementError(stmt, "list audit");
  return out;
}

Result<std::optional<AuditEntry>> LatestAudit(Database& db, const std::string& action) {
  Statement& stmt = db.Cached(
      "SELECT id, at, actor, action, subject, detail FROM audit_log WHERE action = ?1 "
      "ORDER BY id DESC LIMIT 1");
  stmt.Bind(1, action);
  std::optional<AuditEntry> entry;
  if (stmt.Step()) {
    entry = AuditEntry{stmt.Int(0), stmt.Int(1), stmt.Text(2), stmt.Text(3), stmt.Text(4), stmt.Text(5)};
    stmt.Reset();
  }
  if (!stmt.status().ok()) return StatementError(stmt, "latest audit");
  return entry;
}

}  // namespace trolyso::store
