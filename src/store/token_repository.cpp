#include "store/token_repository.h"

namespace trolyso::store {
namespace {

constexpr const char* kLoad =
    "SELECT access_token, refresh_token, expires_at FROM zalo_tokens WHERE page_id = ?1";
constexpr const char* kSave =
    "INSERT INTO zalo_tokens (page_id, access_token, refresh_token, expires_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (page_id) DO UPDATE SET "
    "access_token = excluded.access_token, refresh_token = excluded.refresh_token, "
    "expires_at = excluded.expires_at, updated_at = excluded.updated_at";

}  // namespace

Result<std::optional<TokenPairRow>> LoadTokens(Database& db, const std::string& page_id) {
  Statement& stmt = db.Cached(kLoad);
  stmt.Bind(1, page_id);
  if (!stmt.Step()) {
    if (!stmt.status().ok()) return StatementError(stmt, "load tokens");
    return std::optional<TokenPairRow>();
  }
  TokenPairRow row{stmt.Text(0), stmt.Text(1), stmt.Int(2)};
  stmt.Reset();
  return std::optional<TokenPairRow>(std::move(row));
}

Status SaveTokens(Database& db, const std::string& page_id, const TokenPairRow& tokens,
                  int64_t now_ms) {
  Statement& stmt = db.Cached(kSave);
  stmt.Bind(1, page_id).Bind(2, tokens.access_token).Bind(3, tokens.refresh_token)
      .Bind(4, tokens.expires_at).Bind(5, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "save tokens");
}

}  // namespace trolyso::store
