// Users (volunteers and admins), the areas they answer for, and login
// sessions. Same rules as repository.h: writes inside a writer job, reads on
// the calling thread's own connection, every statement prepared and bound.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/records.h"

namespace trolyso::store {

// Inserts the user and their areas. A taken username is a Conflict.
Result<int64_t> InsertUser(Database& db, const UserRow& user);

// The user with this username, with password_hash filled; nullopt if none.
Result<std::optional<UserRow>> FindUserForLogin(Database& db, const std::string& username);
Result<std::optional<UserRow>> FindUser(Database& db, int64_t user_id);
Result<std::vector<UserRow>> ListUsers(Database& db);

// Replaces the user's display name, capacity, disabled flag and areas.
Status UpdateUser(Database& db, const UserRow& user);
// Signs the user out everywhere.
Status DeleteUserSessions(Database& db, int64_t user_id);

Status InsertSession(Database& db, const std::string& token_hash, int64_t user_id,
                     int64_t now_ms, int64_t expires_at_ms);
// The enabled user whose unexpired session has this token hash.
Result<std::optional<UserRow>> FindSessionUser(Database& db, const std::string& token_hash,
                                               int64_t now_ms);
Status DeleteSession(Database& db, const std::string& token_hash);
Status DeleteExpiredSessions(Database& db, int64_t now_ms);

}  // namespace trolyso::store
