// The console's live stream (Server-Sent Events) against the real server:
// events arrive without polling, and only for the user's areas.
#include <doctest/doctest.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "e2e/volunteer_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

// Reads GET /api/v1/events on its own thread until destroyed.
class EventStream {
 public:
  EventStream(int port, const std::string& token) : client_("127.0.0.1", port) {
    client_.set_read_timeout(30, 0);
    thread_ = std::thread([this, token] {
      auto res = client_.Get("/api/v1/events", {{"Authorization", "Bearer " + token}},
                             [this](const char* data, size_t length) {
                               std::lock_guard lock(mu_);
                               text_.append(data, length);
                               return !stop_.load();
                             });
      std::lock_guard lock(mu_);
      status_ = res ? res->status : -1;
    });
  }
  ~EventStream() {
    stop_ = true;
    client_.stop();
    thread_.join();
  }
  std::string text() const {
    std::lock_guard lock(mu_);
    return text_;
  }
  // The data of every "event: <name>" frame so far.
  std::vector<json> Events(const std::string& name) const {
    std::vector<json> out;
    std::string all = text();
    std::string marker = "event: " + name + "\ndata: ";
    for (size_t at = all.find(marker); at != std::string::npos; at = all.find(marker, at + 1)) {
      size_t begin = at + marker.size();
      size_t end = all.find('\n', begin);
      if (end == std::string::npos) break;
      out.push_back(json::parse(all.substr(begin, end - begin)));
    }
    return out;
  }
  bool Has(const std::string& name, const std::string& key, int64_t value) const {
    for (const json& e : Events(name)) {
      if (e.value(key, int64_t{0}) == value) return true;
    }
    return false;
  }

 private:
  httplib::Client client_;
  mutable std::mutex mu_;
  std::string text_;
  int status_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

Gateway::ConfigMaker Volunteers() {
  return [](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); };
}

TEST_CASE("a console's stream hears of its area's escalations and messages, not others'") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  Signed mai = SignIn(g.server, *g.client, "mai", "volunteer", {"xuanlam"});
  EventStream tuan_stream(g.server.port(), tuan.token);
  EventStream mai_stream(g.server.port(), mai.token);
  REQUIRE(WaitFor([&] { return !tuan_stream.Events("hello").empty(); }));
  REQUIRE(WaitFor([&] { return !mai_stream.Events("hello").empty(); }));
  CHECK(tuan_stream.Events("hello")[0]["user"]["username"] == "tuan");

  int64_t chat = NextId();
  int64_t ours = EscalateFromTelegram(g, chat);
  REQUIRE(WaitFor([&] { return tuan_stream.Has("handoff", "handoff_id", ours); }));
  CHECK(tuan_stream.Events("handoff")[0]["type"] == "created");

  REQUIRE(Call(*g.client, "POST", HandoffPath(ours, "claim"), tuan.token).status == 200);
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "cháu ơi bác đây").dump()));
  REQUIRE(WaitFor([&] {
    for (const json& e : tuan_stream.Events("message")) {
      if (e["handoff_id"] == ours && e["author"] == "citizen") return true;
    }
    return false;
  }));

  int64_t theirs = EscalateFromWebchat(g, "web-xl", "session-xuanlam-0123456789");
  REQUIRE(WaitFor([&] { return mai_stream.Has("handoff", "handoff_id", theirs); }));
  // By now everything about `ours` has long been published: mai saw none of it.
  CHECK_FALSE(mai_stream.Has("handoff", "handoff_id", ours));
  CHECK_FALSE(mai_stream.Has("message", "handoff_id", ours));
  CHECK_FALSE(tuan_stream.Has("handoff", "handoff_id", theirs));
}

TEST_CASE("open streams are capped so consoles cannot take every server thread") {
  Gateway g([](const FakeTelegramApi& fake) {
    json config = VolunteerConfig(fake, {});
    config["server"]["event_streams"] = 2;
    return config;
  });
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  EventStream first(g.server.port(), tuan.token);
  EventStream second(g.server.port(), tuan.token);
  REQUIRE(WaitFor([&] { return !first.Events("hello").empty() && !second.Events("hello").empty(); }));
  ApiReply third = Call(*g.client, "GET", "/api/v1/events", tuan.token);
  CHECK(third.status == 503);
  CHECK(third.error_code() == "too_many_streams");
  // The webhook path still answers while the streams are open.
  auto res = PostUpdate(*g.client, TextUpdate(NextId(), NextId(), "xin chào").dump());
  REQUIRE(res);
  CHECK(res->status == 200);
}

}  // namespace
}  // namespace trolyso::testing
