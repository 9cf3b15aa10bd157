// The Telegram adapter against the recorded payloads in webhooks/telegram/.
#include "channels/telegram.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/files.h"

namespace trolyso::channels::telegram {
namespace {

using nlohmann::json;
using trolyso::testing::ReadFile;
using trolyso::testing::RepoPath;

std::string Sample(const std::string& name) {
  return ReadFile(RepoPath("webhooks/telegram/" + name + ".json"));
}

Page TestPage() {
  Page page;
  page.id = "tg-test";
  page.name = "Đoàn xã Thử";
  page.channel = Channel::kTelegram;
  page.telegram.token = "123:ABC";
  page.telegram.secret_token = "tg-webhook_7fQ2pLx9Vb3nR8sK1mZ4tW6yH0cJ5dG";
  return page;
}

Update ParseSample(const std::string& name) {
  Result<Update> update = ParseUpdate(Sample(name), TestPage());
  REQUIRE_MESSAGE(update.ok(), update.status().message());
  return *update;
}

TEST_CASE("secret token vectors from the spec are accepted or rejected as recorded") {
  json vectors = json::parse(Sample("secret-token-check"));
  Page page = TestPage();
  page.telegram.secret_token = vectors["setWebhook_secret_token"];
  for (const json& c : vectors["cases"]) {
    std::string value = c["header_value"].is_null() ? "" : c["header_value"].get<std::string>();
    Status s = VerifySecret(page, c["header_value"].is_null() ? nullptr : &value);
    CAPTURE(c.dump());
    CHECK(s.ok() == (c["expected"] == "accept"));
    if (!s.ok()) CHECK(s.code() == StatusCode::kUnauthenticated);
  }
}

TEST_CASE("a text message becomes a text Inbound keyed by update_id") {
  Update u = ParseSample("text-vietnamese");
  REQUIRE(u.inbound);
  json raw = json::parse(Sample("text-vietnamese"));
  CHECK(u.update_id == raw["update_id"].get<int64_t>());
  CHECK(u.inbound->event_id == std::to_string(raw["update_id"].get<int64_t>()));
  CHECK(u.inbound->kind == InboundKind::kText);
  CHECK(u.inbound->text == raw["message"]["text"].get<std::string>());
  CHECK(u.inbound->chat_id == std::to_string(raw["message"]["chat"]["id"].get<int64_t>()));
  CHECK(u.inbound->page_id == "tg-test");
  CHECK(u.inbound->display_name == "Nguyễn Thị Lan");
  CHECK(u.callback_query_id.empty());
}

TEST_CASE("a photo's caption is read as the citizen's text") {
  Update u = ParseSample("photo-with-caption");
  REQUIRE(u.inbound);
  json raw = json::parse(Sample("photo-with-caption"));
  CHECK(u.inbound->kind == InboundKind::kText);
  CHECK(u.inbound->text == raw["message"]["caption"].get<std::string>());
  CHECK(u.inbound->media_kind == "photo");
}

TEST_CASE("a sticker and a contact are non-text, and a contact's phone never becomes text") {
  Update sticker = ParseSample("sticker");
  REQUIRE(sticker.inbound);
  CHECK(sticker.inbound->kind == InboundKind::kNonText);
  CHECK(sticker.inbound->media_kind == "sticker");

  Update contact = ParseSample("contact");
  REQUIRE(contact.inbound);
  CHECK(contact.inbound->kind == InboundKind::kNonText);
  CHECK(contact.inbound->media_kind == "contact");
  CHECK(contact.inbound->text.empty());
}

TEST_CASE("an edited message is recorded as an edit, not a new question") {
  Update u = ParseSample("edited-message");
  REQUIRE(u.inbound);
  CHECK(u.inbound->kind == InboundKind::kEdited);
  CHECK_FALSE(u.inbound->text.empty());
}

TEST_CASE("a group message is acknowledged and ignored") {
  Update u = ParseSample("group-message");
  CHECK_FALSE(u.inbound);
  CHECK(u.ignored_reason == "non_private_chat");
}

TEST_CASE("a button press carries its data and is answered inline") {
  Update u = ParseSample("callback-query");
  REQUIRE(u.inbound);
  json raw = json::parse(Sample("callback-query"));
  CHECK(u.inbound->kind == InboundKind::kButton);
  CHECK(u.inbound->text == raw["callback_query"]["data"].get<std::string>());
  CHECK(u.callback_query_id == raw["callback_query"]["id"].get<std::string>());
  json reply = json::parse(WebhookReplyBody(u));
  json expected = json::parse(Sample("outbound-webhook-reply-answerCallbackQuery"));
  CHECK(reply["method"] == "answerCallbackQuery");
  CHECK(reply["callback_query_id"] == expected["callback_query_id"]);
}

TEST_CASE("blocking the bot arrives as my_chat_member kicked") {
  Update u = ParseSample("my-chat-member-blocked");
  REQUIRE(u.inbound);
  CHECK(u.inbound->kind == InboundKind::kBlocked);
  CHECK(u.inbound->chat_id == "5123456789");
}

TEST_CASE("update types the gateway does not handle are ignored with their name") {
  Result<Update> u = ParseUpdate(R"({"update_id": 5, "inline_query": {"id": "1"}})", TestPage());
  REQUIRE(u.ok());
  CHECK_FALSE(u->inbound);
  CHECK(u->ignored_reason == "unhandled_inline_query");
  CHECK(WebhookReplyBody(*u) == "{}");
}

TEST_CASE("bodies that are not Updates are rejected with the reason") {
  struct Case {
    const char* body;
    const char* detail;
  };
  const Case cases[] = {
      {"{not json", "malformed JSON"},
      {"[1,2,3]", "no integer update_id"},
      {R"({"message": {"text": "hi"}})", "no integer update_id"},
      {R"({"update_id": "12"})", "no integer update_id"},
      {R"({"update_id": -4})", "no integer update_id"},
      {R"({"update_id": 1, "message": {"text": "no chat"}})", "not a valid Update"},
      {"{\"update_id\": 1, \"message\": {\"text\": \"\xC3\x28\"}}", "not valid UTF-8"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    Result<Update> u = ParseUpdate(c.body, TestPage());
    REQUIRE_FALSE(u.ok());
    CHECK(u.status().code() == StatusCode::kInvalidArgument);
    CHECK(u.status().message().find(c.detail) != std::string::npos);
  }
}

TEST_CASE("sendMessage renders like the recorded inline-keyboard request") {
  json expected = json::parse(Sample("outbound-sendMessage-inline-keyboard"));
  const json& body = expected.contains("body") ? expected["body"] : expected;
  OutboundMessage message;
  message.text = body["text"];
  for (const json& row : body["reply_markup"]["inline_keyboard"]) {
    message.buttons.push_back({row[0]["text"], row[0]["callback_data"]});
  }
  std::vector<PlatformCall> calls =
      RenderSend(TestPage(), std::to_string(body["chat_id"].get<int64_t>()), message);
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].path == "/bot123:ABC/sendMessage");
  json sent = json::parse(calls[0].body);
  CHECK(sent["chat_id"] == body["chat_id"]);  // an integer, as Telegram documents
  CHECK(sent["text"] == body["text"]);
  CHECK(sent["reply_markup"]["inline_keyboard"].size() == body["reply_markup"]["inline_keyboard"].size());
  CHECK_FALSE(sent.contains("parse_mode"));
}

TEST_CASE("a text over 4096 units is split, with the buttons on the last part only") {
  std::string sentence = "Bạn mở ứng dụng VNeID và chọn mục Đăng nhập. ";
  std::string text;
  while (text.size() < 12000) text += sentence;
  OutboundMessage message{text, {{"Gặp tình nguyện viên", "intent:general.human_request"}}};
  std::vector<PlatformCall> calls = RenderSend(TestPage(), "42", message);
  REQUIRE(calls.size() >= 2);
  for (size_t i = 0; i < calls.size(); ++i) {
    json sent = json::parse(calls[i].body);
    std::string part = sent["text"];
    CHECK(part.size() > 0);
    CHECK(part.back() == '.');  // cut on a sentence boundary
    CHECK(sent.contains("reply_markup") == (i + 1 == calls.size()));
  }
}

TEST_CASE("Telegram's answers are classified as the spec's table says") {
  struct Case {
    int status;
    std::string body;
    DeliveryVerdict verdict;
  };
  const Case cases[] = {
      {200, Sample("response-ok-sendMessage"), DeliveryVerdict::kDelivered},
      {429, Sample("response-error-429"), DeliveryVerdict::kRetryAfter},
      {403, Sample("response-error-403-blocked"), DeliveryVerdict::kUnreachable},
      {400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})",
       DeliveryVerdict::kDead},
      {401, R"({"ok":false,"error_code":401,"description":"Unauthorized"})", DeliveryVerdict::kDead},
      {502, "<html>Bad Gateway</html>", DeliveryVerdict::kRetryBackoff},
      {0, "", DeliveryVerdict::kRetryBackoff},
      {200, R"({"ok":false})", DeliveryVerdict::kRetryBackoff},
      {200, R"({"result":{"ok":true}})", DeliveryVerdict::kRetryBackoff},  // not the top-level ok
      {200, R"({"ok":true,"result":{"message_id":1})", DeliveryVerdict::kDelivered},  // read stops at ok
  };
  for (const Case& c : cases) {
    CAPTURE(c.status);
    CAPTURE(c.body);
    CHECK(ClassifyResponse(c.status, c.body).verdict == c.verdict);
  }
  DeliveryOutcome limited = ClassifyResponse(429, Sample("response-error-429"));
  CHECK(limited.retry_after_s == 17);
  CHECK(ClassifyResponse(403, Sample("response-error-403-blocked")).detail ==
        "Forbidden: bot was blocked by the user");
}

}  // namespace
}  // namespace trolyso::channels::telegram
