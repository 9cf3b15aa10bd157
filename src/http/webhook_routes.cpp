// POST /webhooks/telegram/<page-id> and POST /webhooks/zalo/<page-id>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "channels/telegram.h"
#include "channels/zalo.h"
#include "http/json_reply.h"
#include "http/request_timer.h"
#include "http/routes.h"

namespace trolyso::http {
namespace {

constexpr const char* kSecretHeader = "X-Telegram-Bot-Api-Secret-Token";
// How far ahead of our clock a Zalo event's timestamp may be.
constexpr int64_t kMaxClockSkewMs = 10 * 60 * 1000;

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

// Zalo allows about 2 s for the answer: verify, parse and commit only.
void OnZalo(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  RequestTimer timer(ctx.metrics, res);
  std::shared_ptr<const Page> page = ctx.page(req.matches[1].str());
  if (!page || page->channel != Channel::kZalo) {
    return ReplyError(res, 404, "not_found", "no Zalo page with this id");
  }
  timer.set_page(page->id);
  // Saving the URL in Zalo's console sends an unsigned "{}" that must get 200.
  if (channels::zalo::IsProbe(req.body)) return ReplyJson(res, nlohmann::json::object());

  std::string signature;
  bool has_signature = req.has_header(std::string(channels::zalo::kSignatureHeader));
  if (has_signature) signature = req.get_header_value(std::string(channels::zalo::kSignatureHeader));
  if (Status s = channels::zalo::VerifySignature(*page, req.body,
                                                 has_signature ? &signature : nullptr);
      !s.ok()) {
    spdlog::warn("page={} Zalo webhook rejected: {}", page->id, s.message());
    return ReplyError(res, s);
  }
  Result<channels::zalo::Event> event = channels::zalo::ParseEvent(req.body, *page);
  if (!event.ok()) {
    spdlog::warn("page={} Zalo webhook rejected: {}", page->id, event.status().message());
    return ReplyError(res, event.status());
  }
  // A validly signed body replayed later: Zalo re-sends for hours, so the
  // window is wide (webhooks.zalo_replay_window_hours); inside it the dedupe
  // key stops a replay. A clock far in the future is refused too.
  int64_t now = ctx.now();
  if (event->timestamp_ms < now - ctx.zalo_replay_window_ms ||
      event->timestamp_ms > now + kMaxClockSkewMs) {
    spdlog::warn("page={} Zalo event {} refused: timestamp {} outside the replay window",
                 page->id, event->event_id, event->timestamp_ms);
    return ReplyError(res, 401, "stale_event", "event timestamp outside the replay window");
  }
  if (!event->inbound) {
    ctx.metrics.ignored_updates.Add({page->id, event->ignored_reason});
    if (event->ignored_reason == "other_oa") {
      // Answered 200: a 4xx makes Zalo retry and may get the whole app's
      // webhook disabled, for a mistake only the operator can fix.
      spdlog::error("page={} received an event for OA {} (this page is OA {}): check the "
                    "webhook URL in the Zalo console", page->id, event->oa_id, page->zalo.oa_id);
    } else {
      spdlog::info("page={} Zalo {} ignored: {}", page->id, event->event_name,
                   event->ignored_reason);
    }
    return ReplyJson(res, nlohmann::json::object());
  }
  Result<pipeline::Accepted> accepted = ctx.pipeline.Accept(*page, *event->inbound);
  if (!accepted.ok()) {
    res.set_header("Retry-After", "5");
    return ReplyError(res, accepted.status());
  }
  ReplyJson(res, nlohmann::json::object());
}

}  // namespace

void RegisterWebhookRoutes(httplib::Server& server, const RouteContext& context) {
  server.Post(R"(/webhooks/telegram/([A-Za-z0-9_.\-]{1,64}))",
              [&context](const httplib::Request& req, httplib::Response& res) {
                OnTelegram(context, req, res);
              });
  server.Post(R"(/webhooks/zalo/([A-Za-z0-9_.\-]{1,64}))",
              [&context](const httplib::Request& req, httplib::Response& res) {
                OnZalo(context, req, res);
              });
}

}  // namespace trolyso::http
