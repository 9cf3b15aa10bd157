// The web chat API over HTTP: answers in the response, the transcript by
// polling, and clear errors for what a browser (or a script) gets wrong.
#include <doctest/doctest.h>

#include <optional>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

constexpr const char* kSession = "sess_0123456789abcdef";

httplib::Result PostChat(httplib::Client& client, const json& body, const std::string& page = "web") {
  return client.Post(("/api/v1/webchat/" + page + "/messages").c_str(), body.dump(),
                     "application/json");
}

TEST_CASE("a web chat message is answered in the response and kept in the transcript") {
  Gateway g;
  auto res = PostChat(*g.client, {{"session", kSession}, {"text", "quên mật khẩu vneid"}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  json body = json::parse(res->body);
  CHECK(body["duplicate"] == false);
  CHECK(body["state"] == "bot");
  REQUIRE(body["messages"].size() == 1);
  CHECK(body["messages"][0]["author"] == "bot");
  CHECK(body["messages"][0]["text"] ==
        g.Text("SELECT text FROM messages WHERE direction = 'out'"));
  CHECK(g.Text("SELECT intent FROM messages WHERE direction = 'out'") == "vneid.forgot_password");

  auto poll = g.client->Get((std::string("/api/v1/webchat/web/messages?session=") + kSession).c_str());
  REQUIRE(poll);
  REQUIRE(poll->status == 200);
  json transcript = json::parse(poll->body);
  REQUIRE(transcript["messages"].size() == 2);
  CHECK(transcript["messages"][0]["author"] == "citizen");
  CHECK(transcript["messages"][0]["text"] == "quên mật khẩu vneid");
  CHECK(transcript["messages"][1]["text"] == body["messages"][0]["text"]);
  // Nothing goes to a platform for the web chat.
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 0);

  int64_t last = transcript["messages"][1]["id"];
  auto after = g.client->Get(
      (std::string("/api/v1/webchat/web/messages?session=") + kSession + "&after=" + std::to_string(last)).c_str());
  REQUIRE(after);
  CHECK(json::parse(after->body)["messages"].empty());
}

TEST_CASE("a resent message with the same client id is answered once") {
  Gateway g;
  json message = {{"session", kSession}, {"text", "xin chào"}, {"id", "m-1"}};
  auto first = PostChat(*g.client, message);
  auto again = PostChat(*g.client, message);
  REQUIRE(first);
  REQUIRE(again);
  CHECK(json::parse(first->body)["duplicate"] == false);
  CHECK(json::parse(again->body)["duplicate"] == true);
  CHECK(json::parse(again->body)["messages"].empty());
  CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == 1);
}

TEST_CASE("a button press in the web chat selects its intent") {
  Gateway g;
  auto res = PostChat(*g.client, {{"session", kSession}, {"button", "intent:vneid.activate"}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(g.Text("SELECT intent FROM messages WHERE direction = 'out'") == "vneid.activate");
}

TEST_CASE("two web chat sessions never see each other's messages") {
  Gateway g;
  REQUIRE(PostChat(*g.client, {{"session", kSession}, {"text", "xin chào"}}));
  auto other = g.client->Get("/api/v1/webchat/web/messages?session=another_session_0001");
  REQUIRE(other);
  CHECK(json::parse(other->body)["messages"].empty());
}

TEST_CASE("web chat requests that are wrong get a clear error and store nothing") {
  Gateway g;
  struct Case {
    std::string body;
    int status;
    std::string mentions;
  };
  const Case cases[] = {
      {"not json", 400, "body"},
      {json::array().dump(), 400, "body"},
      {json{{"text", "hi"}}.dump(), 422, "session"},
      {json{{"session", "short"}, {"text", "hi"}}.dump(), 422, "session"},
      {json{{"session", "has spaces in it 12345"}, {"text", "hi"}}.dump(), 422, "session"},
      {json{{"session", kSession}}.dump(), 422, "text"},
      {json{{"session", kSession}, {"text", "   "}}.dump(), 422, "empty"},
      {json{{"session", kSession}, {"text", 42}}.dump(), 422, "text"},
      {json{{"session", kSession}, {"text", "hi"}, {"id", "bad id!"}}.dump(), 422, "id"},
      {json{{"session", kSession}, {"text", std::string(5000, 'a')}}.dump(), 413, "4000"},
      {"{\"session\": \"sess_0123456789abcdef\", \"text\": \"\xff\xfe\"}", 400, "UTF-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body.substr(0, 80));
    auto res = g.client->Post("/api/v1/webchat/web/messages", c.body, "application/json");
    REQUIRE(res);
    CHECK(res->status == c.status);
    json error = json::parse(res->body, nullptr, false);
    REQUIRE(error.is_object());
    CHECK(error["error"]["message"].get<std::string>().find(c.mentions) != std::string::npos);
  }
  auto unknown = PostChat(*g.client, {{"session", kSession}, {"text", "hi"}}, "nope");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  auto telegram_page = PostChat(*g.client, {{"session", kSession}, {"text", "hi"}}, "tg");
  REQUIRE(telegram_page);
  CHECK(telegram_page->status == 404);
  auto bad_poll = g.client->Get((std::string("/api/v1/webchat/web/messages?session=") + kSession + "&after=x").c_str());
  REQUIRE(bad_poll);
  CHECK(bad_poll->status == 422);
  CHECK(g.Int("SELECT COUNT(*) FROM messages") == 0);
}

TEST_CASE("a session that floods the web chat is slowed down with 429 and Retry-After") {
  Gateway g;
  int accepted = 0;
  std::optional<httplib::Response> limited;
  for (int i = 0; i < 30 && !limited; ++i) {
    auto res = PostChat(*g.client, {{"session", kSession}, {"text", "xin chào " + std::to_string(i)}});
    REQUIRE(res);
    if (res->status == 200) {
      ++accepted;
    } else {
      limited = *res;
    }
  }
  REQUIRE(limited);
  CHECK(limited->status == 429);
  CHECK(std::stoi(limited->get_header_value("Retry-After")) >= 1);
  CHECK(json::parse(limited->body)["error"]["code"] == "rate_limited");
  CHECK(accepted >= 10);  // a person's burst passes
  CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == accepted);
  // Another citizen is not affected.
  auto other = PostChat(*g.client, {{"session", "another_session_0002"}, {"text", "xin chào"}});
  REQUIRE(other);
  CHECK(other->status == 200);
}

TEST_CASE("the chat page and the page list are served") {
  Gateway g;
  auto index = g.client->Get("/");
  REQUIRE(index);
  CHECK(index->status == 200);
  CHECK(index->get_header_value("Content-Type").starts_with("text/html"));
  CHECK(index->body.find("chat.js") != std::string::npos);
  auto pages = g.client->Get("/api/v1/webchat/pages");
  REQUIRE(pages);
  json list = json::parse(pages->body)["pages"];
  REQUIRE(list.size() == 1);  // the Telegram page is not a web chat
  CHECK(list[0]["id"] == "web");
  auto missing = g.client->Get("/chat/nope.js");
  REQUIRE(missing);
  CHECK(missing->status == 404);
}

TEST_CASE("health reports the database and the rule set") {
  Gateway g;
  auto res = g.client->Get("/healthz");
  REQUIRE(res);
  CHECK(res->status == 200);
  json body = json::parse(res->body);
  CHECK(body["status"] == "ok");
  CHECK(body["database"] == "ok");
  CHECK(body["intents"].get<int>() > 30);
}

}  // namespace
}  // namespace trolyso::testing
