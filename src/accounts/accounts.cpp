#include "accounts/accounts.h"

#include <algorithm>

#include "accounts/password.h"
#include "store/audit_repository.h"
#include "store/user_repository.h"

namespace trolyso::accounts {
namespace {

constexpr size_t kMinUsername = 3;
constexpr size_t kMaxUsername = 32;
constexpr size_t kMaxDisplayNameBytes = 200;
constexpr int kMaxCapacity = 50;
constexpr size_t kMaxTokenLength = 128;

bool IsUsername(std::string_view s) {
  if (s.size() < kMinUsername || s.size() > kMaxUsername) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
}

Status BadLogin() {
  return Status::Unauthenticated("invalid_credentials", "Sai tên đăng nhập hoặc mật khẩu.");
}

}  // namespace

Accounts::Accounts(store::Writer& writer, const store::ReadConnections& reads, Clock clock,
                   AreaCheck area_exists, AccountsOptions options)
    : writer_(writer),
      reads_(reads),
      clock_(std::move(clock)),
      area_exists_(std::move(area_exists)),
      options_(options) {}

Result<CreatedUser> Accounts::CreateUser(const NewUser& in, const std::string& actor) {
  if (!IsUsername(in.username)) {
    return Status::InvalidArgument(
        "username", "cần 3–32 ký tự, chỉ gồm chữ thường không dấu a–z, số và . _ -");
  }
  if (in.display_name.size() > kMaxDisplayNameBytes) {
    return Status::InvalidArgument("display_name", "tên hiển thị quá dài");
  }
  if (in.role == store::Role::kVolunteer && in.areas.empty()) {
    return Status::InvalidArgument("area", "tình nguyện viên cần thuộc ít nhất một khu vực");
  }
  for (const std::string& area : in.areas) {
    if (!area_exists_(area)) {
      return Status::InvalidArgument("area", "không có khu vực \"" + area + "\" trong cấu hình");
    }
  }
  if (in.capacity < 0 || in.capacity > kMaxCapacity) {
    return Status::InvalidArgument("capacity", "số cuộc trò chuyện cùng lúc phải từ 1 đến 50");
  }
  CreatedUser created;
  created.password = GeneratePassword();
  store::UserRow& user = created.user;
  user.username = in.username;
  user.display_name = in.display_name.empty() ? in.username : in.display_name;
  user.role = in.role;
  user.areas = in.areas;
  std::sort(user.areas.begin(), user.areas.end());
  user.areas.erase(std::unique(user.areas.begin(), user.areas.end()), user.areas.end());
  user.capacity = in.capacity == 0 ? options_.default_capacity : in.capacity;
  user.password_hash = HashPassword(created.password);  // slow on purpose: outside the writer
  user.created_at = clock_();
  Status s = writer_.Run([&](store::Database& db) -> Status {
    Result<int64_t> id = store::InsertUser(db, user);
    if (!id.ok()) return id.status();
    user.id = *id;
    std::string areas;
    for (const std::string& area : user.areas) areas += (areas.empty() ? "" : ", ") + area;
    store::AuditEntry entry;
    entry.at = user.created_at;
    entry.actor = actor;
    entry.action = "user.create";
    entry.subject = user.username;
    entry.detail = "Tạo tài khoản " + std::string(store::RoleName(user.role)) + " \"" +
                   user.display_name + "\"" + (areas.empty() ? "" : ", khu vực: " + areas);
    return store::AppendAudit(db, entry);
  });
  if (!s.ok()) return s;
  user.password_hash.clear();
  return created;
}

Result<store::UserRow> Accounts::UpdateUser(const std::string& username, const UserChange& change,
                                            const std::string& actor) {
  if (change.display_name && (change.display_name->empty() ||
                              change.display_name->size() > kMaxDisplayNameBytes)) {
    return Status::InvalidArgument("display_name", "tên hiển thị không được rỗng hoặc quá dài");
  }
  if (change.capacity && (*change.capacity <= 0 || *change.capacity > kMaxCapacity)) {
    return Status::InvalidArgument("capacity", "số cuộc trò chuyện cùng lúc phải từ 1 đến 50");
  }
  std::vector<std::string> areas;
  if (change.areas) {
    areas = *change.areas;
    for (const std::string& area : areas) {
      if (!area_exists_(area)) {
        return Status::InvalidArgument("area", "không có khu vực \"" + area + "\" trong cấu hình");
      }
    }
    std::sort(areas.begin(), areas.end());
    areas.erase(std::unique(areas.begin(), areas.end()), areas.end());
  }
  store::UserRow user;
  Status s = writer_.Run([&](store::Database& db) -> Status {
    auto found = store::FindUserForLogin(db, username);
    if (!found.ok()) return found.status();
    if (!*found) return Status::NotFound("not_found", "Không có tài khoản \"" + username + "\".");
    user = std::move(**found);
    std::string detail;
    auto note = [&](const std::string& what) { detail += (detail.empty() ? "" : "; ") + what; };
    if (change.display_name && *change.display_name != user.display_name) {
      note("tên hiển thị \"" + user.display_name + "\" → \"" + *change.display_name + "\"");
      user.display_name = *change.display_name;
    }
    if (change.areas && areas != user.areas) {
      if (areas.empty() && user.role == store::Role::kVolunteer) {
        return Status::InvalidArgument("area", "tình nguyện viên cần thuộc ít nhất một khu vực");
      }
      auto join = [](const std::vector<std::string>& v) {
        std::string out;
        for (const std::string& a : v) out += (out.empty() ? "" : ", ") + a;
        return out.empty() ? std::string("-") : out;
      };
      note("khu vực " + join(user.areas) + " → " + join(areas));
      user.areas = areas;
    }
    if (change.capacity && *change.capacity != user.capacity) {
      note("số cuộc cùng lúc " + std::to_string(user.capacity) + " → " + std::to_string(*change.capacity));
      user.capacity = *change.capacity;
    }
    if (change.disabled && *change.disabled != user.disabled) {
      note(*change.disabled ? "khoá tài khoản (đăng xuất mọi nơi)" : "mở khoá tài khoản");
      user.disabled = *change.disabled;
    }
    if (detail.empty()) return Status::Ok();  // nothing changed: nothing to record
    if (Status u = store::UpdateUser(db, user); !u.ok()) return u;
    if (user.disabled) {
      if (Status d = store::DeleteUserSessions(db, user.id); !d.ok()) return d;
    }
    return store::AppendAudit(db, {0, clock_(), actor, "user.update", user.username, detail});
  });
  if (!s.ok()) return s;
  user.password_hash.clear();
  return user;
}

Result<Session> Accounts::Login(const std::string& username, const std::string& password) {
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  Result<std::optional<store::UserRow>> found = store::FindUserForLogin(**db, username);
  if (!found.ok()) return found.status();
  if (!found->has_value()) {
    SpendPasswordCheckTime();
    return BadLogin();
  }
  store::UserRow user = std::move(**found);
  if (!VerifyPassword(password, user.password_hash) || user.disabled) return BadLogin();
  user.password_hash.clear();

  Session session;
  session.token = NewSessionToken();
  int64_t now = clock_();
  session.expires_at = now + options_.session_ttl_ms;
  std::string hash = TokenHash(session.token);
  Status s = writer_.Run([&](store::Database& wdb) -> Status {
    // Expired sessions are swept at each login: logins are rare, sessions few.
    if (Status swept = store::DeleteExpiredSessions(wdb, now); !swept.ok()) return swept;
    return store::InsertSession(wdb, hash, user.id, now, session.expires_at);
  });
  if (!s.ok()) return s;
  session.user = std::move(user);
  return session;
}

Result<store::UserRow> Accounts::Authenticate(const std::string& token) const {
  if (token.empty() || token.size() > kMaxTokenLength) {
    return Status::Unauthenticated("unauthenticated", "Vui lòng đăng nhập.");
  }
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  Result<std::optional<store::UserRow>> user =
      store::FindSessionUser(**db, TokenHash(token), clock_());
  if (!user.ok()) return user.status();
  if (!user->has_value()) {
    return Status::Unauthenticated("unauthenticated",
                                   "Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.");
  }
  return std::move(**user);
}

Status Accounts::Logout(const std::string& token) {
  std::string hash = TokenHash(token);
  return writer_.Run([&](store::Database& db) { return store::DeleteSession(db, hash); });
}

Result<std::vector<store::UserRow>> Accounts::List() const {
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  return store::ListUsers(**db);
}

}  // namespace trolyso::accounts
