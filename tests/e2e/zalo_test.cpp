// Zalo OA pages end to end: signed events in, consultation messages out to a
// fake OA API, the token lifecycle, and several pages in one gateway.
#include <doctest/doctest.h>

#include <sqlite3.h>

#include <thread>

#include "e2e/fake_zalo.h"
#include "e2e/volunteer_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

struct ZaloPage {
  std::string id, area, oa_id, app_id, app_secret, oa_secret, office_hours;
};
const ZaloPage kPageA = {"zalo-a", "tanphong", "4318290756153046782", "2893417265019485302",
                         "app-secret-a", "oa-secret-a", "Thứ Hai – Thứ Sáu, 7:30–17:00 (xã A)"};
const ZaloPage kPageB = {"zalo-b", "xuanlam", "5555290756153046999", "7777417265019485111",
                         "app-secret-b", "oa-secret-b", "Thứ Hai – Thứ Bảy, 8:00–16:00 (xã B)"};

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Two Zalo pages (each its own fake OA API), plus the Telegram and web chat
// pages of the volunteer tests, in one server.
struct ZaloGateway {
  FakeZaloApi zalo_a{kPageA.app_secret, "refresh-initial-a"};
  FakeZaloApi zalo_b{kPageB.app_secret, "refresh-initial-b"};
  Gateway g;

  ZaloGateway()
      : g([this](const FakeTelegramApi& fake) {
          json config = VolunteerConfig(fake, {});
          auto page = [](const ZaloPage& p, const FakeZaloApi& api, const std::string& rt) {
            return json{{"id", p.id}, {"name", "Đoàn " + p.id}, {"area", p.area},
                        {"channel", "zalo"}, {"office_hours", p.office_hours},
                        {"zalo", {{"oa_id", p.oa_id}, {"app_id", p.app_id},
                                  {"app_secret", p.app_secret}, {"oa_secret_key", p.oa_secret},
                                  {"refresh_token", rt}, {"api_base", api.base_url()},
                                  {"oauth_base", api.base_url()}}}};
          };
          config["pages"].push_back(page(kPageA, zalo_a, "refresh-initial-a"));
          json b = page(kPageB, zalo_b, "refresh-initial-b");
          b["disabled_intents"] = {"vneid.forgot_password"};  // commune B answers this in person
          config["pages"].push_back(b);
          return config;
        }) {}
};

std::string TextEvent(const ZaloPage& page, const std::string& user, const std::string& msg_id,
                      const std::string& text, int64_t timestamp = NowMs()) {
  json event = {{"app_id", page.app_id},
                {"sender", {{"id", user}}},
                {"user_id_by_app", "9" + user},
                {"recipient", {{"id", page.oa_id}}},
                {"event_name", "user_send_text"},
                {"message", {{"text", text}, {"msg_id", msg_id}}},
                {"timestamp", std::to_string(timestamp)}};
  return event.dump();
}

std::string FollowEvent(const ZaloPage& page, const std::string& user, const std::string& name) {
  json event = {{"oa_id", page.oa_id}, {"follower", {{"id", user}}},
                {"user_id_by_app", "9" + user}, {"event_name", name},
                {"app_id", page.app_id}, {"timestamp", std::to_string(NowMs())}};
  return event.dump();
}

// Posts `body` signed as Zalo would for `page` (or with `signature` if given).
httplib::Result PostZalo(httplib::Client& client, const ZaloPage& page, const std::string& body,
                         std::optional<std::string> signature = std::nullopt) {
  json parsed = json::parse(body, nullptr, false);
  std::string timestamp = parsed.is_object() ? parsed.value("timestamp", "") : "";
  std::string mac = signature ? *signature
                              : ZaloSignature(page.app_id, body, timestamp, page.oa_secret);
  httplib::Headers headers;
  if (!mac.empty()) headers.emplace("X-ZEvent-Signature", mac);
  return client.Post(("/webhooks/zalo/" + page.id).c_str(), headers, body, "application/json");
}

// Moves the citizen's last message back in time, as if days had passed: the
// only write a test makes to the server's database.
void PretendLastMessageWasAgo(Gateway& g, const std::string& user, int64_t ago_ms) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(g.server.sqlite_path().c_str(), &db) == SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  std::string sql = "UPDATE conversations SET last_inbound_at = " +
                    std::to_string(NowMs() - ago_ms) + " WHERE chat_id = '" + user + "'";
  REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
}

void Accepted(const httplib::Result& res) {
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == 200, res->body);
}

TEST_CASE("a signed text event yields exactly one consultation message with the page's own answer") {
  ZaloGateway z;
  std::string body = TextEvent(kPageA, "8470261593318724105", "msg-1", "giờ làm việc của xã");
  Accepted(PostZalo(*z.g.client, kPageA, body));
  REQUIRE(WaitFor([&] { return z.zalo_a.sent().size() == 1; }));
  auto sent = z.zalo_a.sent();
  CHECK(sent[0].user_id == "8470261593318724105");
  CHECK(sent[0].text.find(kPageA.office_hours) != std::string::npos);
  CHECK(sent[0].text.find(kPageB.office_hours) == std::string::npos);
  CHECK(z.zalo_b.sent().empty());
  CHECK(z.zalo_b.refreshes() == 0);  // page B's token was never touched
  CHECK(z.zalo_a.refreshes() == 1);  // the first send got the first access token
  CHECK(z.g.Text("SELECT refresh_token FROM zalo_tokens WHERE page_id = 'zalo-a'") ==
        z.zalo_a.refresh_token());

  // Zalo re-sends the same signed body: acknowledged, nothing sent again.
  Accepted(PostZalo(*z.g.client, kPageA, body));
  REQUIRE(WaitFor([&] { return z.g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'pending'") == 0; }));
  CHECK(z.zalo_a.sent().size() == 1);
  CHECK(z.g.Int("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == 1);
}

TEST_CASE("pages answer with their own rules: a rule one page switched off still answers on another") {
  ZaloGateway z;
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, "700", "a1", "quên mật khẩu vneid")));
  Accepted(PostZalo(*z.g.client, kPageB, TextEvent(kPageB, "700", "b1", "quên mật khẩu vneid")));
  CHECK(z.g.Text("SELECT m.intent FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                 "WHERE c.page_id = 'zalo-a' AND m.direction = 'in'") == "vneid.forgot_password");
  CHECK(z.g.Text("SELECT m.decision FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                 "WHERE c.page_id = 'zalo-b' AND m.direction = 'in'") == "not_understood");
  // The same citizen id on two OAs is two conversations, each on its own API.
  REQUIRE(WaitFor([&] { return z.zalo_a.SentTo("700").size() == 1 && z.zalo_b.SentTo("700").size() == 1; }));
  CHECK(z.g.Int("SELECT COUNT(*) FROM conversations WHERE chat_id = '700'") == 2);
  CHECK(z.zalo_a.access_token() != z.zalo_b.access_token());

  // And each page's escalations go to its own commune's volunteers only.
  Signed tuan = SignIn(z.g.server, *z.g.client, "tuan", "volunteer", {"tanphong"});
  Signed mai = SignIn(z.g.server, *z.g.client, "mai", "volunteer", {"xuanlam"});
  Accepted(PostZalo(*z.g.client, kPageB, TextEvent(kPageB, "701", "b2", "cho tôi gặp người thật")));
  ApiReply for_a = Call(*z.g.client, "GET", "/api/v1/handoffs", tuan.token);
  ApiReply for_b = Call(*z.g.client, "GET", "/api/v1/handoffs", mai.token);
  CHECK(for_a.body["handoffs"].empty());
  REQUIRE(for_b.body["handoffs"].size() == 1);
  CHECK(for_b.body["handoffs"][0]["page"]["id"] == "zalo-b");
}

TEST_CASE("forged, stale, malformed and foreign Zalo events are refused or ignored, never answered") {
  ZaloGateway z;
  std::string user = "2759014836627315408";
  auto status_of = [&](const httplib::Result& res) {
    REQUIRE(res);
    return res->status;
  };
  std::string good = TextEvent(kPageA, user, "msg-good", "xin chào");
  json parsed = json::parse(good);
  std::string ts = parsed["timestamp"];
  // Wrong or missing signature, and page B's secret on page A's URL.
  CHECK(status_of(PostZalo(*z.g.client, kPageA, good, "mac=" + std::string(64, '0'))) == 401);
  CHECK(status_of(PostZalo(*z.g.client, kPageA, good, std::string())) == 401);
  CHECK(status_of(PostZalo(*z.g.client, kPageA, good,
                           ZaloSignature(kPageA.app_id, good, ts, kPageB.oa_secret))) == 401);
  // A body altered after signing.
  std::string altered = good;
  altered.replace(altered.find("xin chào"), std::string("xin chào").size(), "xin chao");
  CHECK(status_of(PostZalo(*z.g.client, kPageA, altered,
                           ZaloSignature(kPageA.app_id, good, ts, kPageA.oa_secret))) == 401);
  // Correctly signed but older than the 24 h replay window, or from the future.
  auto stale = PostZalo(*z.g.client, kPageA,
                        TextEvent(kPageA, user, "msg-old", "xin chào", NowMs() - 25LL * 3600 * 1000));
  CHECK(status_of(stale) == 401);
  CHECK(json::parse(stale->body)["error"]["code"] == "stale_event");
  CHECK(status_of(PostZalo(*z.g.client, kPageA,
                           TextEvent(kPageA, user, "msg-new", "xin chào", NowMs() + 3600 * 1000))) == 401);
  // Signed but malformed or truncated.
  std::string truncated = good.substr(0, good.size() - 10);
  CHECK(status_of(PostZalo(*z.g.client, kPageA, truncated,
                           ZaloSignature(kPageA.app_id, truncated, ts, kPageA.oa_secret))) >= 400);
  json no_sender = parsed;
  no_sender.erase("sender");
  CHECK(status_of(PostZalo(*z.g.client, kPageA, no_sender.dump())) == 400);
  // An unknown event name and an event for another OA: 200, ignored, counted.
  json unknown = parsed;
  unknown["event_name"] = "user_sent_hologram";
  CHECK(status_of(PostZalo(*z.g.client, kPageA, unknown.dump())) == 200);
  json other_oa = parsed;
  other_oa["recipient"]["id"] = kPageB.oa_id;
  other_oa["message"]["msg_id"] = "msg-other";
  CHECK(status_of(PostZalo(*z.g.client, kPageA, other_oa.dump())) == 200);
  // The console's unsigned probe.
  CHECK(status_of(z.g.client->Post("/webhooks/zalo/zalo-a", "{}", "application/json")) == 200);
  // Oversized.
  CHECK(status_of(PostZalo(*z.g.client, kPageA,
                           TextEvent(kPageA, user, "msg-big", std::string(2 * 1024 * 1024, 'a')))) == 413);
  // An unknown page.
  CHECK(status_of(z.g.client->Post("/webhooks/zalo/zalo-zzz", good, "application/json")) == 404);

  auto metrics = z.g.client->Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find(R"(reason="unknown_event:user_sent_hologram")") != std::string::npos);
  CHECK(metrics->body.find(R"(reason="other_oa")") != std::string::npos);
  CHECK(z.g.Int("SELECT COUNT(*) FROM messages") == 0);
  CHECK(z.zalo_a.sent().empty());
}

TEST_CASE("an expired token is refreshed once for many concurrent deliveries") {
  ZaloGateway z;
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, "100", "warm", "xin chào")));
  REQUIRE(WaitFor([&] { return z.zalo_a.sent().size() == 1; }));
  REQUIRE(z.zalo_a.refreshes() == 1);
  z.zalo_a.ExpireAccessToken();
  std::vector<std::thread> citizens;
  for (int i = 0; i < 12; ++i) {
    citizens.emplace_back([&, i] {
      httplib::Client client("127.0.0.1", z.g.server.port());
      Accepted(PostZalo(client, kPageA,
                        TextEvent(kPageA, std::to_string(200 + i), "m" + std::to_string(i),
                                  "quên mật khẩu vneid")));
    });
  }
  for (auto& t : citizens) t.join();
  REQUIRE(WaitFor([&] { return z.zalo_a.sent().size() == 13; }));
  CHECK(z.zalo_a.refreshes() == 2);  // exactly one more, shared by all senders
  CHECK(z.g.Text("SELECT refresh_token FROM zalo_tokens WHERE page_id = 'zalo-a'") ==
        z.zalo_a.refresh_token());
  CHECK(WaitFor([&] { return z.g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") == 13; }));
}

TEST_CASE("a token about to expire is refreshed before it is used, not after a refusal") {
  ZaloGateway z;
  // Valid for an hour and 2 s: inside the gateway's one-hour refresh margin 2 s from now.
  z.zalo_a.SetExpiresIn(3602);
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, "900", "e1", "xin chào")));
  REQUIRE(WaitFor([&] { return z.zalo_a.sent().size() == 1; }));
  REQUIRE(z.zalo_a.refreshes() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // let the margin be reached
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, "900", "e2", "cảm ơn")));
  REQUIRE(WaitFor([&] { return z.zalo_a.sent().size() == 2; }));
  CHECK(z.zalo_a.refreshes() == 2);
  CHECK(z.zalo_a.refused_sends() == 0);  // refreshed ahead: Zalo never saw the old token again
}

TEST_CASE("a refresh answer without a new refresh token is refused and nothing is lost") {
  ZaloGateway z;
  z.zalo_a.SetOmitRefreshToken(true);
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, "300", "x1", "xin chào")));
  REQUIRE(WaitFor([&] {
    return z.g.Int("SELECT attempts FROM outbox") >= 1 &&
           z.g.Text("SELECT last_error FROM outbox").find("refresh_token") != std::string::npos;
  }));
  CHECK(z.zalo_a.sent().empty());
  CHECK(z.g.Int("SELECT COUNT(*) FROM zalo_tokens") == 0);  // the half answer was not stored
  z.zalo_a.SetOmitRefreshToken(false);
  REQUIRE(WaitFor([&] { return z.zalo_a.sent().size() == 1; }, std::chrono::seconds(15)));
  CHECK(z.g.Text("SELECT refresh_token FROM zalo_tokens") == z.zalo_a.refresh_token());
}

TEST_CASE("killed right after a refresh, the server restarts with the new tokens") {
  ZaloGateway z;
  z.zalo_a.SetSendDelay(std::chrono::milliseconds(2000));
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, "400", "k1", "xin chào")));
  // The refresh is done and stored before the send is even answered.
  REQUIRE(WaitFor([&] { return z.zalo_a.refreshes() == 1; }));
  REQUIRE(WaitFor([&] { return z.g.Int("SELECT COUNT(*) FROM zalo_tokens") == 1; }));
  z.g.server.Kill();
  CHECK(z.g.Text("SELECT refresh_token FROM zalo_tokens") == z.zalo_a.refresh_token());
  z.zalo_a.SetSendDelay(std::chrono::milliseconds(0));
  z.g.Restart();
  REQUIRE(WaitFor([&] { return z.g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") == 1; }));
  CHECK(z.zalo_a.refreshes() == 1);  // the stored access token was used as is
  CHECK(!z.zalo_a.SentTo("400").empty());
}

TEST_CASE("outside Zalo's window: the chat is marked unreachable and the volunteer is told") {
  ZaloGateway z;
  Signed tuan = SignIn(z.g.server, *z.g.client, "tuan", "volunteer", {"tanphong"});
  std::string user = "500";
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, user, "w1", "cho tôi gặp người thật")));
  int64_t handoff = z.g.Int("SELECT id FROM handoffs");
  REQUIRE(handoff > 0);
  REQUIRE(WaitFor([&] { return z.zalo_a.SentTo(user).size() == 1; }));  // the holding reply
  REQUIRE(Call(*z.g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
  z.zalo_a.SetOutsideWindow(user);
  REQUIRE(Call(*z.g.client, "POST", HandoffPath(handoff, "messages"), tuan.token,
               {{"text", "Chào bạn, mình là Tuấn."}}).status == 201);
  REQUIRE(WaitFor([&] { return z.g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'unreachable'") >= 1; }));
  CHECK(z.g.Int("SELECT reachable FROM conversations WHERE chat_id = '" + user + "'") == 0);
  ApiReply detail = Call(*z.g.client, "GET", HandoffPath(handoff), tuan.token);
  bool told = false;
  for (const json& note : detail.body["handoff"]["notes"]) {
    told |= note["text"].get<std::string>().find("Không gửi được") != std::string::npos;
  }
  CHECK(told);
  CHECK(detail.body["handoff"]["reply_window"].is_object());

  // Past 7 days without a word from the citizen, a reply is not even queued.
  PretendLastMessageWasAgo(z.g, user, 8LL * 24 * 3600 * 1000);
  int64_t outbox_before = z.g.Int("SELECT COUNT(*) FROM outbox");
  ApiReply refused = Call(*z.g.client, "POST", HandoffPath(handoff, "messages"), tuan.token,
                          {{"text", "Bạn còn đó không?"}});
  CHECK(refused.status == 409);
  CHECK(refused.error_code() == "outside_window");
  CHECK(z.g.Int("SELECT COUNT(*) FROM outbox") == outbox_before);
  // Nor is the closing message when the volunteer resolves: kept, noted, not queued.
  REQUIRE(Call(*z.g.client, "POST", HandoffPath(handoff, "resolve"), tuan.token).status == 200);
  CHECK(z.g.Int("SELECT COUNT(*) FROM outbox") == outbox_before);
  CHECK(z.g.Int("SELECT COUNT(*) FROM handoff_notes WHERE text LIKE '%quá 7 ngày%'") == 1);
}

TEST_CASE("a waiting Zalo chat whose free reply window is closing is raised and noted, once") {
  ZaloGateway z;
  Signed tuan = SignIn(z.g.server, *z.g.client, "tuan", "volunteer", {"tanphong"});
  std::string user = "800";
  int64_t ordinary = EscalateFromWebchat(z.g, "web", "session-window-0123456789");
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, user, "c1", "cho tôi gặp người thật")));
  int64_t zalo = z.g.Int("SELECT h.id FROM handoffs h JOIN conversations c ON c.id = h.conversation_id "
                         "WHERE c.chat_id = '" + user + "'");
  PretendLastMessageWasAgo(z.g, user, 43LL * 3600 * 1000);  // 5 h of the free 48 h left
  REQUIRE(WaitFor([&] {
    return z.g.Int("SELECT window_warned FROM handoffs WHERE id = " + std::to_string(zalo)) == 1;
  }));
  ApiReply list = Call(*z.g.client, "GET", "/api/v1/handoffs", tuan.token);
  REQUIRE(list.body["handoffs"].size() == 2);
  const json& first = list.body["handoffs"][0];
  CHECK(first["id"] == zalo);  // ahead of the older ordinary one
  CHECK(first["window_closing"] == true);
  CHECK(first["urgent"] == false);
  CHECK(list.body["handoffs"][1]["id"] == ordinary);
  ApiReply detail = Call(*z.g.client, "GET", HandoffPath(zalo), tuan.token);
  REQUIRE(detail.body["handoff"]["notes"].size() == 1);
  CHECK(detail.body["handoff"]["notes"][0]["text"].get<std::string>().find("Còn khoảng 4 giờ") == 0);
}

TEST_CASE("a new follower is welcomed with buttons; a button tap selects its intent; unfollow closes the chat") {
  ZaloGateway z;
  std::string user = "600";
  Accepted(PostZalo(*z.g.client, kPageA, FollowEvent(kPageA, user, "follow")));
  REQUIRE(WaitFor([&] { return z.zalo_a.SentTo(user).size() == 1; }));
  json welcome = z.zalo_a.SentTo(user)[0].body;
  CHECK(welcome["message"]["text"].get<std::string>().find("Chào mừng") != std::string::npos);
  json buttons = welcome["message"]["attachment"]["payload"]["buttons"];
  REQUIRE(buttons.size() >= 2);
  std::string payload = buttons[0]["payload"];
  CHECK(payload.starts_with("#intent:"));
  // Tapping it comes back as the payload's text.
  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, user, "tap1", payload)));
  CHECK(z.g.Text("SELECT intent FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1") ==
        payload.substr(std::string("#intent:").size()));

  Accepted(PostZalo(*z.g.client, kPageA, TextEvent(kPageA, user, "h1", "cho tôi gặp người thật")));
  int64_t handoff = z.g.Int("SELECT id FROM handoffs");
  Accepted(PostZalo(*z.g.client, kPageA, FollowEvent(kPageA, user, "unfollow")));
  CHECK(z.g.Text("SELECT state FROM handoffs WHERE id = " + std::to_string(handoff)) == "resolved");
  CHECK(z.g.Int("SELECT reachable FROM conversations WHERE chat_id = '" + user + "'") == 0);
  CHECK(z.g.Text("SELECT text FROM handoff_notes").find("bỏ theo dõi") != std::string::npos);
}

}  // namespace
}  // namespace trolyso::testing
