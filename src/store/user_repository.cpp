#include "store/user_repository.h"

namespace trolyso::store {
namespace {

constexpr const char* kInsertUser =
    "INSERT INTO users (username, display_name, role, password_hash, capacity, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr const char* kInsertUserArea =
    "INSERT OR IGNORE INTO user_areas (user_id, area) VALUES (?1, ?2)";
constexpr const char* kFindUserByName =
    "SELECT id, username, display_name, role, capacity, disabled, created_at, password_hash "
    "FROM users WHERE username = ?1";
constexpr const char* kFindUserById =
    "SELECT id, username, display_name, role, capacity, disabled, created_at, '' "
    "FROM users WHERE id = ?1";
constexpr const char* kListUsers =
    "SELECT id, username, display_name, role, capacity, disabled, created_at, '' "
    "FROM users ORDER BY username";
constexpr const char* kUserAreas = "SELECT area FROM user_areas WHERE user_id = ?1 ORDER BY area";
constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kFindSessionUser =
    "SELECT u.id, u.username, u.display_name, u.role, u.capacity, u.disabled, u.created_at, '' "
    "FROM sessions s JOIN users u ON u.id = s.user_id "
    "WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND u.disabled = 0";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = ?1";
constexpr const char* kDeleteExpired = "DELETE FROM sessions WHERE expires_at <= ?1";

UserRow ReadUser(const Statement& stmt) {
  UserRow user;
  user.id = stmt.Int(0);
  user.username = stmt.Text(1);
  user.display_name = stmt.Text(2);
  user.role = ParseRole(stmt.Text(3)).value_or(Role::kVolunteer);
  user.capacity = static_cast<int>(stmt.Int(4));
  user.disabled = stmt.Int(5) != 0;
  user.created_at = stmt.Int(6);
  user.password_hash = stmt.Text(7);
  return user;
}

Status LoadAreas(Database& db, UserRow& user) {
  Statement& stmt = db.Cached(kUserAreas);
  stmt.Bind(1, user.id);
  user.areas.clear();
  while (stmt.Step()) user.areas.push_back(stmt.Text(0));
  return stmt.status().ok() ? Status::Ok() : StatementError(stmt, "user areas");
}

// Runs a one-row user lookup already bound; fills areas.
Result<std::optional<UserRow>> ReadOneUser(Database& db, Statement& stmt, std::string_view what) {
  if (!stmt.Step()) {
    if (!stmt.status().ok()) return StatementError(stmt, what);
    return std::optional<UserRow>();
  }
  UserRow user = ReadUser(stmt);
  stmt.Reset();
  if (Status s = LoadAreas(db, user); !s.ok()) return s;
  return std::optional<UserRow>(std::move(user));
}

}  // namespace

Result<int64_t> InsertUser(Database& db, const UserRow& user) {
  Statement& stmt = db.Cached(kInsertUser);
  stmt.Bind(1, user.username).Bind(2, user.display_name).Bind(3, RoleName(user.role))
      .Bind(4, user.password_hash).Bind(5, user.capacity).Bind(6, user.created_at);
  if (!stmt.Run().ok()) {
    if (sqlite3_extended_errcode(db.handle()) == SQLITE_CONSTRAINT_UNIQUE) {
      return Status::Conflict("username", "đã có người dùng tên \"" + user.username + "\"");
    }
    return StatementError(stmt, "insert user");
  }
  int64_t id = db.LastInsertId();
  for (const std::string& area : user.areas) {
    Statement& a = db.Cached(kInsertUserArea);
    a.Bind(1, id).Bind(2, area);
    if (!a.Run().ok()) return StatementError(a, "insert user area");
  }
  return id;
}

Status UpdateUser(Database& db, const UserRow& user) {
  Statement& stmt = db.Cached(
      "UPDATE users SET display_name = ?2, capacity = ?3, disabled = ?4 WHERE id = ?1");
  stmt.Bind(1, user.id).Bind(2, user.display_name).Bind(3, user.capacity).Bind(4, user.disabled ? 1 : 0);
  if (!stmt.Run().ok()) return StatementError(stmt, "update user");
  Statement& clear = db.Cached("DELETE FROM user_areas WHERE user_id = ?1");
  clear.Bind(1, user.id);
  if (!clear.Run().ok()) return StatementError(clear, "clear user areas");
  for (const std::string& area : user.areas) {
    Statement& a = db.Cached(kInsertUserArea);
    a.Bind(1, user.id).Bind(2, area);
    if (!a.Run().ok()) return StatementError(a, "insert user area");
  }
  return Status::Ok();
}

Status DeleteUserSessions(Database& db, int64_t user_id) {
  Statement& stmt = db.Cached("DELETE FROM sessions WHERE user_id = ?1");
  stmt.Bind(1, user_id);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "delete user sessions");
}

Result<std::optional<UserRow>> FindUserForLogin(Database& db, const std::string& username) {
  Statement& stmt = db.Cached(kFindUserByName);
  stmt.Bind(1, username);
  return ReadOneUser(db, stmt, "find user");
}

Result<std::optional<UserRow>> FindUser(Database& db, int64_t user_id) {
  Statement& stmt = db.Cached(kFindUserById);
  stmt.Bind(1, user_id);
  return ReadOneUser(db, stmt, "find user");
}

Result<std::vector<UserRow>> ListUsers(Database& db) {
  Statement& stmt = db.Cached(kListUsers);
  std::vector<UserRow> users;
  while (stmt.Step()) users.push_back(ReadUser(stmt));
  if (!stmt.status().ok()) return StatementError(stmt, "list users");
  for (UserRow& user : users) {
    if (Status s = LoadAreas(db, user); !s.ok()) return s;
  }
  return users;
}

Status InsertSession(Database& db, const std::string& token_hash, int64_t user_id,
                     int64_t now_ms, int64_t expires_at_ms) {
  Statement& stmt = db.Cached(kInsertSession);
  stmt.Bind(1, token_hash).Bind(2, user_id).Bind(3, now_ms).Bind(4, expires_at_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "insert session");
}

Result<std::optional<UserRow>> FindSessionUser(Database& db, const std::string& token_hash,
                                               int64_t now_ms) {
  Statement& stmt = db.Cached(kFindSessionUser);
  stmt.Bind(1, token_hash).Bind(2, now_ms);
  return ReadOneUser(db, stmt, "find session");
}

Status DeleteSession(Database& db, const std::string& token_hash) {
  Statement& stmt = db.Cached(kDeleteSession);
  stmt.Bind(1, token_hash);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "delete session");
}

Status DeleteExpiredSessions(Database& db, int64_t now_ms) {
  Statement& stmt = db.Cached(kDeleteExpired);
  stmt.Bind(1, now_ms);
  return stmt.Run().ok() ? Status::Ok() : StatementError(stmt, "delete expired sessions");
}

}  // namespace trolyso::store
