// Volunteer and admin sessions, and what a signed-in user needs first:
//   POST /api/v1/login    {"username", "password"} -> {"token", "expires_at", "user"}
//   POST /api/v1/logout
//   GET  /api/v1/me       -> {"user", "open_chats", "capacity"}
//   GET  /api/v1/areas    -> {"areas": [{"id", "name", "parent"}]}
#include <httplib.h>

#include <spdlog/spdlog.h>

#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/rate_limiter.h"
#include "http/routes.h"
#include "http/volunteer_json.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

constexpr size_t kMaxCredentialBytes = 256;

// Guessing passwords costs an attacker a PBKDF2 run each and these buckets:
// an account allows 5 tries and then one a minute; an address (a commune
// office may share one) 30 and then one every 2 seconds.
struct LoginLimits {
  RateLimiter per_account{1, 5};
  RateLimiter per_address{30, 30};
};

void TooManyAttempts(httplib::Response& res, int retry_after) {
  res.set_header("Retry-After", std::to_string(retry_after));
  ReplyError(res, 429, "rate_limited",
             "Bạn đăng nhập sai quá nhiều lần. Vui lòng thử lại sau " +
                 std::to_string(retry_after) + " giây.");
}

void OnLogin(const RouteContext& ctx, LoginLimits& limits, const httplib::Request& req,
             httplib::Response& res) {
  std::optional<json> body = RequireJsonObject(req, res);
  if (!body) return;
  std::string username = StringField(*body, "username");
  std::string password = StringField(*body, "password");
  if (username.empty() || password.empty() || username.size() > kMaxCredentialBytes ||
      password.size() > kMaxCredentialBytes) {
    return ReplyError(res, 400, "invalid_body", "Vui lòng nhập tên đăng nhập và mật khẩu.");
  }
  if (int wait = limits.per_address.Acquire(req.remote_addr); wait > 0) {
    return TooManyAttempts(res, wait);
  }
  if (int wait = limits.per_account.Acquire(username); wait > 0) {
    return TooManyAttempts(res, wait);
  }
  Result<accounts::Session> session = ctx.accounts.Login(username, password);
  if (!session.ok()) {
    spdlog::warn("login failed for user \"{}\" from {}", username, req.remote_addr);
    return ReplyRefusal(res, session.status());
  }
  spdlog::info("user {} signed in", session->user.username);
  ReplyJson(res, {{"token", session->token},
                  {"expires_at", session->expires_at},
                  {"user", UserJson(session->user)}});
}

void OnLogout(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireUser(ctx, req, res)) return;
  if (Status s = ctx.accounts.Logout(BearerToken(req)); !s.ok()) return ReplyRefusal(res, s);
  ReplyJson(res, {{"ok", true}});
}

void OnMe(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::optional<store::UserRow> user = RequireUser(ctx, req, res);
  if (!user) return;
  Result<int> open = ctx.queue.OpenChats(*user);
  if (!open.ok()) return ReplyRefusal(res, open.status());
  ReplyJson(res, {{"user", UserJson(*user)}, {"open_chats", *open}, {"capacity", user->capacity}});
}

void OnAreas(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (!RequireUser(ctx, req, res)) return;
  json areas = json::array();
  for (const handoff::Area& area : ctx.areas.all()) {
    areas.push_back({{"id", area.id},
                     {"name", area.name},
                     {"parent", area.parent.empty() ? json(nullptr) : json(area.parent)}});
  }
  ReplyJson(res, {{"areas", areas}});
}

}  // namespace

void RegisterSessionRoutes(httplib::Server& server, const RouteContext& context) {
  auto limits = std::make_shared<LoginLimits>();
  server.Post("/api/v1/login", [&context, limits](const httplib::Request& req,
                                                  httplib::Response& res) {
    OnLogin(context, *limits, req, res);
  });
  server.Post("/api/v1/logout", [&context](const httplib::Request& req, httplib::Response& res) {
    OnLogout(context, req, res);
  });
  server.Get("/api/v1/me", [&context](const httplib::Request& req, httplib::Response& res) {
    OnMe(context, req, res);
  });
  server.Get("/api/v1/areas", [&context](const httplib::Request& req, httplib::Response& res) {
    OnAreas(context, req, res);
  });
}

}  // namespace trolyso::http
