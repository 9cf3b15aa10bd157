// The web chat API used by the citizen chat page:
//   GET  /api/v1/webchat/pages                       web chat pages, for the page picker
//   POST /api/v1/webchat/<page-id>/messages          {"session", "text" | "button", "id"?}
//   GET  /api/v1/webchat/<page-id>/messages?session=S&after=N
// The session id is the citizen's identity here: the page makes a random one
// and keeps it, so it must be long and unguessable; we only check its shape.
#include <httplib.h>

#include <random>

#include <spdlog/spdlog.h>

#include "http/json_reply.h"
#include "http/rate_limiter.h"
#include "http/request_timer.h"
#include "http/routes.h"
#include "store/repository.h"
#include "text/utf8.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

constexpr size_t kMinSessionLength = 16;
constexpr size_t kMaxSessionLength = 128;
constexpr size_t kMaxClientIdLength = 64;
// A citizen's message, in bytes: generous for long polite paragraphs.
constexpr size_t kMaxTextBytes = 4000;
constexpr int kMaxMessagesPerPoll = 100;

bool IsToken(std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string RandomEventId() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", static_cast<unsigned long long>(engine()),
                static_cast<unsigned long long>(engine()));
  return buf;
}

json MessageJson(const store::MessageRow& m) {
  json buttons = json::array();
  for (const Button& b : m.buttons) buttons.push_back({{"label", b.label}, {"payload", b.payload}});
  return {{"id", m.id},
          {"author", store::AuthorName(m.author)},
          {"text", m.text},
          {"buttons", buttons},
          {"created_at", m.created_at}};
}

std::shared_ptr<const Page> WebchatPage(const RouteContext& ctx, const std::string& id) {
  std::shared_ptr<const Page> page = ctx.page(id);
  return page && page->channel == Channel::kWebchat ? page : nullptr;
}

// Turns the request body into an Inbound, or says what is wrong with it.
Result<Inbound> ParseWebchatMessage(const Page& page, std::string_view body) {
  if (!text::IsValidUtf8(body)) return Status::InvalidArgument("body", "not valid UTF-8");
  json root = json::parse(body, nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return Status::InvalidArgument("body", "expected a JSON object");
  }
  Inbound in;
  in.channel = Channel::kWebchat;
  in.page_id = page.id;
  const json& session = root.value("session", json());
  if (!session.is_string() ||
      !IsToken(session.get<std::string>(), kMinSessionLength, kMaxSessionLength)) {
    return Status::InvalidArgument("session", "16-128 characters of A-Z a-z 0-9 _ - required");
  }
  in.chat_id = in.user_id = session.get<std::string>();
  const json& id = root.value("id", json());
  if (!id.is_null() && (!id.is_string() || !IsToken(id.get<std::string>(), 1, kMaxClientIdLength))) {
    return Status::InvalidArgument("id", "1-64 characters of A-Z a-z 0-9 _ - when given");
  }
  // A client id makes a resent message idempotent; without one every POST is new.
  in.event_id = id.is_string() ? in.chat_id + ":" + id.get<std::string>() : RandomEventId();

  const json& text = root.value("text", json());
  const json& button = root.value("button", json());
  if (button.is_string()) {
    in.kind = InboundKind::kButton;
    in.text = button.get<std::string>();
  } else if (text.is_string()) {
    in.kind = InboundKind::kText;
    in.text = text.get<std::string>();
  } else {
    return Status::InvalidArgument("text", "a string \"text\" or \"button\" is required");
  }
  if (in.text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("text", "empty message");
  }
  if (in.text.size() > kMaxTextBytes) {
    return Status::TooLarge("text", "over " + std::to_string(kMaxTextBytes) + " bytes");
  }
  return in;
}

// A person types a few messages a minute; these leave room for quick
// follow-ups and button taps, and stop a script. Per address is looser: a
// commune office may put many citizens behind one public IP.
RateLimiter& SessionLimiter() {
  static RateLimiter limiter(/*per_minute=*/20, /*burst=*/10);
  return limiter;
}
RateLimiter& AddressLimiter() {
  static RateLimiter limiter(/*per_minute=*/300, /*burst=*/60);
  return limiter;
}

void OnPost(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  RequestTimer timer(ctx.metrics, res);
  std::shared_ptr<const Page> page = WebchatPage(ctx, req.matches[1].str());
  if (!page) return ReplyError(res, 404, "not_found", "no web chat page with this id");
  timer.set_page(page->id);
  if (int wait = AddressLimiter().Acquire(req.remote_addr); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return ReplyError(res, 429, "rate_limited", "too many messages from this address");
  }
  Result<Inbound> inbound = ParseWebchatMessage(*page, req.body);
  if (!inbound.ok()) {
    Status s = inbound.status();
    int code = s.code() == StatusCode::kTooLarge ? 413 : 422;
    if (s.message().starts_with("body")) code = 400;  // not JSON at all
    return ReplyError(res, code, ErrorCodeOf(s.code()), s.message());
  }
  if (int wait = SessionLimiter().Acquire(page->id + "/" + inbound->chat_id); wait > 0) {
    res.set_header("Retry-After", std::to_string(wait));
    return ReplyError(res, 429, "rate_limited", "too many messages, please wait a moment");
  }
  Result<pipeline::Accepted> accepted = ctx.pipeline.Accept(*page, *inbound);
  if (!accepted.ok()) return ReplyError(res, accepted.status());
  json messages = json::array();
  for (const store::MessageRow& m : accepted->replies) messages.push_back(MessageJson(m));
  ReplyJson(res, {{"duplicate", accepted->duplicate},
                  {"state", store::StateName(accepted->state)},
                  {"messages", messages}});
}

void OnPoll(const RouteContext& ctx, const httplib::Request& req, httplib::Response& res) {
  std::shared_ptr<const Page> page = WebchatPage(ctx, req.matches[1].str());
  if (!page) return ReplyError(res, 404, "not_found", "no web chat page with this id");
  std::string session = req.get_param_value("session");
  if (!IsToken(session, kMinSessionLength, kMaxSessionLength)) {
    return ReplyError(res, 422, "invalid_argument", "session: 16-128 characters of A-Z a-z 0-9 _ -");
  }
  int64_t after = 0;
  if (req.has_param("after")) {
    const std::string value = req.get_param_value("after");
    char* end = nullptr;
    after = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end != '\0' || after < 0) {
      return ReplyError(res, 422, "invalid_argument", "after: a message id (integer >= 0)");
    }
  }
  Result<store::Database*> db = ctx.reads.ForThisThread();
  if (!db.ok()) return ReplyError(res, db.status());
  Result<std::optional<store::ConversationRow>> conversation =
      store::FindConversation(**db, page->id, session);
  Result<std::vector<store::MessageRow>> rows =
      store::ListMessages(**db, page->id, session, after, kMaxMessagesPerPoll);
  if (!conversation.ok() || !rows.ok()) {
    spdlog::error("page={} web chat poll failed", page->id);
    return ReplyError(res, Status::Internal("poll", "store read failed"));
  }
  json messages = json::array();
  for (const store::MessageRow& m : *rows) {
    json item = MessageJson(m);
    item["direction"] = m.outbound ? "out" : "in";
    messages.push_back(std::move(item));
  }
  store::ConversationState state =
      conversation->has_value() ? (*conversation)->state : store::ConversationState::kBot;
  ReplyJson(res, {{"state", store::StateName(state)}, {"messages", messages}});
}

}  // namespace

void RegisterWebchatRoutes(httplib::Server& server, const RouteContext& context) {
  const std::string page_path = R"(/api/v1/webchat/([A-Za-z0-9_.\-]{1,64})/messages)";
  server.Post(page_path, [&context](const httplib::Request& req, httplib::Response& res) {
    OnPost(context, req, res);
  });
  server.Get(page_path, [&context](const httplib::Request& req, httplib::Response& res) {
    OnPoll(context, req, res);
  });
  server.Get("/api/v1/webchat/pages", [&context](const httplib::Request&, httplib::Response& res) {
    json pages = json::array();
    for (const auto& page : context.pages()) {
      if (page->channel == Channel::kWebchat) {
        pages.push_back({{"id", page->id}, {"name", page->name}});
      }
    }
    ReplyJson(res, {{"pages", pages}});
  });
}

}  // namespace trolyso::http
