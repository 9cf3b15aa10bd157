// GET /healthz and GET /metrics.
#include <httplib.h>

#include "http/json_reply.h"
#include "http/routes.h"
#include "store/repository.h"

namespace trolyso::http {

void RegisterOpsRoutes(httplib::Server& server, const RouteContext& context) {
  server.Get("/healthz", [&context](const httplib::Request&, httplib::Response& res) {
    size_t intents = context.intent_count();
    Result<store::Database*> db = context.reads.ForThisThread();
    Result<int64_t> pending = db.ok() ? store::PendingOutboxCount(**db)
                                      : Result<int64_t>(db.status());
    bool ready = intents > 0 && pending.ok();
    nlohmann::json body = {{"status", ready ? "ok" : "unavailable"},
                           {"database", pending.ok() ? "ok" : "unavailable"},
                           {"intents", intents},
                           {"outbox_pending", pending.ok() ? *pending : -1}};
    ReplyJson(res, body, ready ? 200 : 503);
  });
  server.Get("/metrics", [&context](const httplib::Request&, httplib::Response& res) {
    res.set_content(context.metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
}

}  // namespace trolyso::http
