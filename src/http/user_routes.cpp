// Admin: volunteer and admin accounts.
//   GET  /api/v1/admin/users  -> {"users": [...]}
//   POST /api/v1/admin/users  {"username", "display_name", "role", "areas": [...], "capacity"?}
//                             -> 201 {"user", "password"} (the one-time password, shown once)
#include <httplib.h>

#include <algorithm>

#include <charconv>

#include <spdlog/spdlog.h>

#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"
#include "http/volunteer_json.h"
#include "store/audit_repository.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

Result<accounts::NewUser> ParseNewUser(const json& body) {
  accounts::NewUser user;
  user.username = StringField(body, "username");
  user.display_name = StringField(body, "display_name");
  std::optional<store::Role> role = store::ParseRole(StringField(body, "role"));
  if (!role) return Status::InvalidArgument("role", "vai trò phải là volunteer hoặc admin");
  user.role = *role;
  if (auto areas = body.find("areas"); areas != body.end()) {
    if (!areas->is_array()) return Status::InvalidArgument("areas", "phải là danh sách khu vực");
    for (const json& area : *areas) {
      if (!area.is_string()) return Status::InvalidArgument("areas", "phải là danh sách khu vực");
      user.areas.push_back(area.get<std::string>());
    }
  }
  if (auto capacity = body.find("capacity"); capacity != body.end()) {
    if (!capacity->is_number_integer()) {
      return Status::InvalidArgument("capacity", "phải là số nguyên");
    }
    user.capacity = capacity->get<int>();
    if (user.capacity <= 0) return Status::InvalidArgument("capacity", "phải từ 1 đến 50");
  }
  return user;
}

void OnCreateUser(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<store::UserRow> admin = RequireAdmin(ctx, req, res);
  if (!admin) return;
  std::optional<json> body = RequireJsonObject(req, res);
  if (!body) return;
  Result<accounts::NewUser> user = ParseNewUser(*body);
  if (!user.ok()) return ReplyRefusal(res, user.status());
  Result<accounts::CreatedUser> created = ctx.accounts.CreateUser(*user, admin->username);
  if (!created.ok()) return ReplyRefusal(res, created.status());
  spdlog::info("user {} ({}) created by {}", created->user.username,
               store::RoleName(created->user.role), admin->username);
  ReplyJson(res, {{"user", UserJson(created->user)}, {"password", created->password}}, 201);
}

void OnUpdateUser(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<store::UserRow> admin = RequireAdmin(ctx, req, res);
  if (!admin) return;
  std::optional<json> body = RequireJsonObject(req, res);
  if (!body) return;
  accounts::UserChange change;
  if (body->contains("display_name")) change.display_name = StringField(*body, "display_name");
  if (auto areas = body->find("areas"); areas != body->end()) {
    if (!areas->is_array() ||
        !std::all_of(areas->begin(), areas->end(), [](const json& a) { return a.is_string(); })) {
      return ReplyError(res, 422, "invalid_areas", "Khu vực phải là một danh sách mã khu vực.");
    }
    change.areas = areas->get<std::vector<std::string>>();
  }
  if (auto capacity = body->find("capacity"); capacity != body->end()) {
    if (!capacity->is_number_integer()) {
      return ReplyError(res, 422, "invalid_capacity", "Số cuộc trò chuyện cùng lúc phải là số nguyên.");
    }
    change.capacity = capacity->get<int>();
  }
  if (auto disabled = body->find("disabled"); disabled != body->end()) {
    if (!disabled->is_boolean()) {
      return ReplyError(res, 422, "invalid_disabled", "Trường disabled phải là true hoặc false.");
    }
    change.disabled = disabled->get<bool>();
  }
  if (change.disabled.value_or(false) && req.matches[1].str() == admin->username) {
    return ReplyError(res, 409, "self_disable", "Bạn không thể tự khoá tài khoản của mình.");
  }
  auto user = ctx.accounts.UpdateUser(req.matches[1].str(), change, admin->username);
  if (!user.ok()) return ReplyRefusal(res, user.status());
  ReplyJson(res, {{"user", UserJson(*user)}});
}

void OnAudit(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  int64_t before = 0;
  if (std::string text = req.get_param_value("before"); !text.empty()) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), before);
    if (ec != std::errc() || end != text.data() + text.size() || before < 0) {
      return ReplyError(res, 400, "invalid_before", "Tham số before phải là số không âm.");
    }
  }
  Result<store::Database*> db = ctx.reads.ForThisThread();
  if (!db.ok()) return ReplyRefusal(res, db.status());
  auto entries = store::ListAudit(**db, before, 200);
  if (!entries.ok()) return ReplyRefusal(res, entries.status());
  json list = json::array();
  for (const store::AuditEntry& e : *entries) {
    list.push_back({{"id", e.id}, {"at", e.at}, {"actor", e.actor}, {"action", e.action},
                    {"subject", e.subject}, {"detail", e.detail}});
  }
  ReplyJson(res, {{"entries", list}});
}

void OnListUsers(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireAdmin(ctx, req, res)) return;
  auto users = ctx.accounts.List();
  if (!users.ok()) return ReplyRefusal(res, users.status());
  json list = json::array();
  for (const store::UserRow& user : *users) list.push_back(UserJson(user));
  ReplyJson(res, {{"users", list}});
}

}  // namespace

void RegisterUserRoutes(httplib::Server& server, const RouteContext& context) {
  server.Post("/api/v1/admin/users", [&context](const httplib::Request& req, httplib::Response& res) {
    OnCreateUser(context, req, res);
  });
  server.Get("/api/v1/admin/users", [&context](const httplib::Request& req, httplib::Response& res) {
    OnListUsers(context, req, res);
  });
  server.Patch(R"(/api/v1/admin/users/([a-z0-9._\-]{1,32}))",
               [&context](const httplib::Request& req, httplib::Response& res) {
                 OnUpdateUser(context, req, res);
               });
  // Read only: the audit log has no route that changes it.
  server.Get("/api/v1/admin/audit", [&context](const httplib::Request& req, httplib::Response& res) {
    OnAudit(context, req, res);
  });
}

}  // namespace trolyso::http
