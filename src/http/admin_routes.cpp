// POST /api/v1/admin/reload: rebuild the rule set from the rule files and
// swap it in only if it compiles and every example holds.
//
// Allowed to a signed-in admin, or to the bearer token from the config
// (admin.token) for scripts and deployments without accounts.
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "channels/secret_compare.h"
#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"

namespace trolyso::http {
namespace {

void OnReload(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::string token = BearerToken(req);
  bool config_token = !ctx.admin_token.empty() && channels::SecretsEqual(ctx.admin_token, token);
  if (!config_token && !RequireAdmin(ctx, req, res)) return;
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
