// GET /api/v1/events: Server-Sent Events for the volunteer console.
//
//   event: hello     data: {"user": ...}                     once, at the start
//   event: handoff   data: {"type", "handoff_id", "state"}   queue changes
//   event: message   data: {"handoff_id", "conversation_id", "message_id", "author"}
//   event: resync    data: {}                                events were dropped: re-read
//   : ping                                                   every 15 s, keeps proxies open
//
// Only events about handoffs offered to one of the user's areas are sent
// (all, to an admin). The bearer token comes in the Authorization header
// (the console reads the stream with fetch(); EventSource cannot send
// headers, and a token in the URL would end up in logs). Each open stream
// holds one server thread, so their number is capped.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>

#include <spdlog/spdlog.h>

#include "http/api_auth.h"
#include "http/json_reply.h"
#include "http/routes.h"
#include "http/volunteer_json.h"

namespace trolyso::http {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr auto kWaitSlice = milliseconds(500);  // how often shutdown is noticed
constexpr auto kPingEvery = std::chrono::seconds(15);
constexpr auto kRecheckSessionEvery = std::chrono::seconds(60);

bool MaySee(const store::UserRow& user, const handoff::Event& event) {
  if (user.role == store::Role::kAdmin) return true;
  return std::any_of(event.areas.begin(), event.areas.end(), [&](const std::string& area) {
    return std::binary_search(user.areas.begin(), user.areas.end(), area);
  });
}

std::string Frame(std::string_view name, const json& data) {
  return "event: " + std::string(name) + "\ndata: " + data.dump() + "\n\n";
}

std::string FrameOf(const handoff::Event& e) {
  if (e.kind == handoff::Event::Kind::kMessage) {
    return Frame("message", {{"handoff_id", e.handoff_id},
                             {"conversation_id", e.conversation_id},
                             {"message_id", e.message_id},
                             {"author", e.author},
                             {"published_at", e.published_at_ms}});
  }
  return Frame("handoff", {{"type", e.type},
                           {"handoff_id", e.handoff_id},
                           {"state", e.state},
                           {"published_at", e.published_at_ms}});
}

// One open stream: what the content provider needs between calls.
struct Stream {
  store::UserRow user;
  std::string token;
  std::shared_ptr<handoff::Subscription> subscription;
  bool greeted = false;
  steady_clock::time_point last_write = steady_clock::now();
  steady_clock::time_point session_checked = steady_clock::now();
};

void OnEvents(const RouteContext& ctx, std::atomic<size_t>& open_streams,
              const httplib::Request& req, httplib::Response& res) {
  std::optional<store::UserRow> user = RequireUser(ctx, req, res);
  if (!user) return;
  if (open_streams.fetch_add(1) >= ctx.max_event_streams) {
    open_streams.fetch_sub(1);
    res.set_header("Retry-After", "10");
    return ReplyError(res, 503, "too_many_streams",
                      "Máy chủ đang có quá nhiều kết nối trực tiếp, vui lòng thử lại sau.");
  }
  auto stream = std::make_shared<Stream>();
  stream->user = std::move(*user);
  stream->token = BearerToken(req);
  stream->subscription = ctx.events.Subscribe();
  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");  // nginx: pass events through at once
  res.set_chunked_content_provider(
      "text/event-stream",
      [&ctx, stream](size_t, httplib::DataSink& sink) {
        auto write = [&](const std::string& s) {
          stream->last_write = steady_clock::now();
          return sink.write(s.data(), s.size());
        };
        if (!stream->greeted) {
          stream->greeted = true;
          return write("retry: 3000\n\n" + Frame("hello", {{"user", UserJson(stream->user)}}));
        }
        if (stream->subscription->closed()) {
          sink.done();
          return true;
        }
        auto now = steady_clock::now();
        if (now - stream->session_checked > kRecheckSessionEvery) {
          stream->session_checked = now;
          if (!ctx.accounts.Authenticate(stream->token).ok()) {  // logged out or expired
            sink.done();
            return true;
          }
        }
        bool overflowed = false;
        std::optional<handoff::Event> event = stream->subscription->Next(kWaitSlice, overflowed);
        if (overflowed && !write(Frame("resync", json::object()))) return false;
        if (event && MaySee(stream->user, *event)) return write(FrameOf(*event));
        if (steady_clock::now() - stream->last_write > kPingEvery) return write(": ping\n\n");
        return true;
      },
      [&ctx, &open_streams, stream](bool) {
        ctx.events.Unsubscribe(stream->subscription);
        open_streams.fetch_sub(1);
      });
}

}  // namespace

void RegisterEventRoutes(httplib::Server& server, const RouteContext& context) {
  auto open_streams = std::make_shared<std::atomic<size_t>>(0);
  server.Get("/api/v1/events",
             [&context, open_streams](const httplib::Request& req, httplib::Response& res) {
               OnEvents(context, *open_streams, req, res);
             });
}

}  // namespace trolyso::http
