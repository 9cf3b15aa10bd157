// Hostile and malformed requests: each gets a clear error and leaves the
// store as it was.
#include <doctest/doctest.h>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

void CheckJsonError(const httplib::Result& res, int status, const std::string& code) {
  REQUIRE(res);
  CHECK(res->status == status);
  nlohmann::json body = nlohmann::json::parse(res->body, nullptr, false);
  REQUIRE_MESSAGE(body.is_object(), res->body);
  CHECK(body["error"]["code"] == code);
  CHECK_FALSE(body["error"]["message"].get<std::string>().empty());
  CHECK_FALSE(res->has_header("EXCEPTION_WHAT"));
}

TEST_CASE("every malformed or forged webhook gets its own error and stores nothing") {
  Gateway g;
  int64_t id = NextId();
  std::string valid = TextUpdate(id, id, "xin chào").dump();

  SUBCASE("malformed JSON") { CheckJsonError(PostUpdate(*g.client, "{\"update_id\": 1,"), 400, "invalid_argument"); }
  SUBCASE("JSON that is not an Update") {
    CheckJsonError(PostUpdate(*g.client, R"({"hello": "world"})"), 400, "invalid_argument");
  }
  SUBCASE("invalid UTF-8 in the text") {
    std::string body = "{\"update_id\": 5, \"message\": {\"message_id\": 1, \"chat\": {\"id\": 5, "
                       "\"type\": \"private\"}, \"date\": 1, \"text\": \"sai \xC0\xAF ma\"}}";
    auto res = PostUpdate(*g.client, body);
    CheckJsonError(res, 400, "invalid_argument");
    CHECK(res->body.find("UTF-8") != std::string::npos);
  }
  SUBCASE("a body over 1 MiB") {
    std::string big = TextUpdate(id, id, std::string(1024 * 1024 + 10, 'a')).dump();
    CheckJsonError(PostUpdate(*g.client, big), 413, "payload_too_large");
  }
  SUBCASE("an unknown page id") { CheckJsonError(PostUpdate(*g.client, valid, kSecret, "nope"), 404, "not_found"); }
  SUBCASE("a web chat page id on the Telegram route") {
    CheckJsonError(PostUpdate(*g.client, valid, kSecret, "web"), 404, "not_found");
  }
  SUBCASE("a wrong secret") { CheckJsonError(PostUpdate(*g.client, valid, "guess"), 401, "unauthenticated"); }
  SUBCASE("a missing secret") { CheckJsonError(PostUpdate(*g.client, valid, nullptr), 401, "unauthenticated"); }
  SUBCASE("an unknown route") {
    CheckJsonError(g.client->Get("/webhooks/../../etc/passwd"), 404, "not_found");
  }

  CHECK(g.Int("SELECT COUNT(*) FROM inbound_events") == 0);
  CHECK(g.Int("SELECT COUNT(*) FROM messages") == 0);
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 0);
  CHECK(g.telegram.calls().empty());
  // The server is still answering.
  auto health = g.client->Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
}

TEST_CASE("an update type the bot does not handle is acknowledged, ignored and counted") {
  Gateway g;
  auto res = PostUpdate(*g.client, R"({"update_id": 77, "inline_query": {"id": "1", "query": "x"}})");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(g.Int("SELECT COUNT(*) FROM messages") == 0);
  auto metrics = g.client->Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find(
            R"(trolyso_ignored_updates_total{page="tg",reason="unhandled_inline_query"} 1)") !=
        std::string::npos);
}

TEST_CASE("a group message is acknowledged without a reply") {
  Gateway g;
  auto res = PostUpdate(*g.client, ReadFile(RepoPath("webhooks/telegram/group-message.json")));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(g.Int("SELECT COUNT(*) FROM messages") == 0);
  CHECK(g.telegram.calls().empty());
}

TEST_CASE("metrics count requests by page and status, decisions, and deliveries") {
  Gateway g;
  int64_t id = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump()));
  REQUIRE(PostUpdate(*g.client, "{", kSecret));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  std::string m;
  REQUIRE(WaitFor([&] {
    auto res = g.client->Get("/metrics");
    m = res ? res->body : "";
    // The attempt is counted before its result commits; wait for both.
    return m.find(R"(trolyso_delivery_attempts_total{page="tg",outcome="delivered"} 1)") !=
               std::string::npos &&
           m.find("trolyso_outbox_depth 0") != std::string::npos;
  }));
  CHECK(m.find(R"(trolyso_webhook_requests_total{page="tg",status="200"} 1)") != std::string::npos);
  CHECK(m.find(R"(trolyso_webhook_requests_total{page="tg",status="400"} 1)") != std::string::npos);
  CHECK(m.find(R"(trolyso_decisions_total{page="tg",decision="answer"} 1)") != std::string::npos);
  CHECK(m.find("trolyso_request_duration_seconds_count") != std::string::npos);
}

}  // namespace
}  // namespace trolyso::testing
