// POST /webhooks/telegram/<page-id>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "channels/telegram.h"
#include "http/json_reply.h"
#include "http/request_timer.h"
#include "http/routes.h"

namespace trolyso::http {
namespace {

constexpr const char* kSecretHeader = "X-Telegram-Bot-Api-Secret-Token";

void OnTelegram(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  RequestTimer timer(ctx.metrics, res);
  std::shared_ptr<const Page> page = ctx.page(req.matches[1].str());
  if (!page || page->channel != Channel::kTelegram) {
    return ReplyError(res, 404, "not_found", "no Telegram page with this id");
  }
  timer.set_page(page->id);

  std::string secret;
  bool has_secret = req.has_header(kSecretHeader);
  if (has_secret) secret = req.get_header_value(kSecretHeader);
  if (Status s = channels::telegram::VerifySecret(*page, has_secret ? &secret : nullptr);
      !s.ok()) {
    spdlog::warn("page={} webhook rejected: {}", page->id, s.message());
    return ReplyError(res, s);
  }

  Result<channels::telegram::Update> update = channels::telegram::ParseUpdate(req.body, *page);
  if (!update.ok()) {
    spdlog::warn("page={} webhook rejected: {}", page->id, update.status().message());
    return ReplyError(res, update.status());
  }
  if (!update->inbound) {
    // Acknowledged so Telegram does not retry it, and counted.
    ctx.metrics.ignored_updates.Add({page->id, update->ignored_reason});
    spdlog::info("page={} update={} ignored: {}", page->id, update->update_id,
                 update->ignored_reason);
    return ReplyJson(res, nlohmann::json::object());
  }
  Result<pipeline::Accepted> accepted = ctx.pipeline.Accept(*page, *update->inbound);
  if (!accepted.ok()) {
    // Not stored: a non-2xx makes Telegram deliver the update again.
    res.set_header("Retry-After", "5");
    return ReplyError(res, accepted.status());
  }
  res.status = 200;
  res.set_content(channels::telegram::WebhookReplyBody(*update), "application/json");
}

}  // namespace

void RegisterWebhookRoutes(httplib::Server& server, const RouteContext& context) {
  server.Post(R"(/webhooks/telegram/([A-Za-z0-9_.\-]{1,64}))",
              [&context](const httplib::Request& req, httplib::Response& res) {
                OnTelegram(context, req, res);
              });
}

}  // namespace trolyso::http
