// Admin: volunteer and admin accounts.
//   GET  /api/v1/admin/users  -> {"users": [...]}
//   POST /api/v1/admin/users  {"username", "display_name", "role", "areas": [...], "capacity"?}
//                             -> 201 {"user", "password"} (the one-time password, shown once)
#include <httplib.h>

#include <spdlog/spdlog.h>

#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"
#include "http/volunteer_json.h"

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
  Result<accounts::CreatedUser> created = ctx.accounts.CreateUser(*user);
  if (!created.ok()) return ReplyRefusal(res, created.status());
  spdlog::info("user {} ({}) created by {}", created->user.username,
               store::RoleName(created->user.role), admin->username);
  ReplyJson(res, {{"user", UserJson(created->user)}, {"password", created->password}}, 201);
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
}

}  // namespace trolyso::http
