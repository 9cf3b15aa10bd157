// Accounts: creating volunteers and admins, logging in, and turning a bearer
// token back into the user it belongs to.
//
// Writes go through the store's single writer; token checks read the
// calling thread's own connection, so an account created by `trolyso user
// add` in another process works at once. Thread-safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/read_connections.h"
#include "store/records.h"
#include "store/writer.h"

namespace trolyso::accounts {

struct AccountsOptions {
  int64_t session_ttl_ms = 12LL * 60 * 60 * 1000;  // one working day
  int default_capacity = 3;
};

struct NewUser {
  std::string username;      // 3-32 of a-z 0-9 . _ -
  std::string display_name;  // shown to colleagues and citizens; defaults to username
  store::Role role = store::Role::kVolunteer;
  std::vector<std::string> areas;  // a volunteer needs at least one
  int capacity = 0;                // 0: the default
};

// What an admin changes on an account; unset fields stay.
struct UserChange {
  std::optional<std::string> display_name;
  std::optional<std::vector<std::string>> areas;
  std::optional<int> capacity;
  std::optional<bool> disabled;  // disabling also ends every session
};

struct CreatedUser {
  store::UserRow user;
  std::string password;  // shown once, never stored
};

struct Session {
  std::string token;
  int64_t expires_at = 0;
  store::UserRow user;
};

class Accounts {
 public:
  using Clock = std::function<int64_t()>;
  using AreaCheck = std::function<bool(std::string_view area)>;

  Accounts(store::Writer& writer, const store::ReadConnections& reads, Clock clock,
           AreaCheck area_exists, AccountsOptions options = {});

  // InvalidArgument (field: problem, in Vietnamese) or Conflict (taken name).
  // `actor` (an admin's username, or "cli") is recorded in the audit log,
  // in the same transaction as the account.
  Result<CreatedUser> CreateUser(const NewUser& user, const std::string& actor);

  // Unauthenticated for an unknown user, a wrong password or a disabled
  // account, all alike and in the same time.
  // Applies `change` and audits it ("user.update", what changed), in one
  // transaction. NotFound for an unknown username; the same checks as
  // CreateUser for areas and capacity.
  Result<store::UserRow> UpdateUser(const std::string& username, const UserChange& change,
                                    const std::string& actor);

  Result<Session> Login(const std::string& username, const std::string& password);

  // The user behind a token; Unauthenticated if it is unknown or expired.
  Result<store::UserRow> Authenticate(const std::string& token) const;

  Status Logout(const std::string& token);

  Result<std::vector<store::UserRow>> List() const;

 private:
  store::Writer& writer_;
  const store::ReadConnections& reads_;
  const Clock clock_;
  const AreaCheck area_exists_;
  const AccountsOptions options_;
};

}  // namespace trolyso::accounts
