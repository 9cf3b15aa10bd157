// POST /api/v1/admin/reload: rebuild the rule set from the rule files and
// swap it in only if it compiles and every example holds.
//
// Guarded by a bearer token from the config until user accounts and roles
// exist; without a configured token the admin API answers 404, as if absent.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "channels/secret_compare.h"
#include "http/json_reply.h"
#include "http/routes.h"

namespace trolyso::http {
namespace {

constexpr std::string_view kBearer = "Bearer ";

bool Authorized(const RouteContext& ctx, const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  if (!std::string_view(header).starts_with(kBearer)) return false;
  return channels::SecretsEqual(ctx.admin_token, std::string_view(header).substr(kBearer.size()));
}

void OnReload(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  if (ctx.admin_token.empty()) return ReplyError(res, 404, "not_found", "no such route");
  if (!Authorized(ctx, req)) {
    res.set_header("WWW-Authenticate", "Bearer");
    return ReplyError(res, 401, "unauthenticated", "a valid admin bearer token is required");
  }
  Status s = ctx.reload_rules();
  if (!s.ok()) {
    spdlog::error("rules reload rejected, previous rules stay live: {}", s.message());
    // The message lists every problem as "file: intent: field: problem",
    // which is what the admin has to fix; nothing internal is in it.
    return ReplyError(res, 422, "invalid_rules", s.message());
  }
  spdlog::info("rules reloaded through the admin API");
  ReplyJson(res, {{"status", "reloaded"}, {"intents", ctx.intent_count()}});
}

}  // namespace

void RegisterAdminRoutes(httplib::Server& server, const RouteContext& context) {
  server.Post("/api/v1/admin/reload", [&context](const httplib::Request& req, httplib::Response& res) {
    OnReload(context, req, res);
  });
}

}  // namespace trolyso::http
