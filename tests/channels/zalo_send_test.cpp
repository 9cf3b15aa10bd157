// Consultation messages (spec §4) and the OA API's answers (§6), against
// the recorded requests and responses in webhooks/zalo/.
#include "channels/zalo.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "channels/text_split.h"
#include "channels/zalo_fixtures.h"
#include "support/files.h"

namespace trolyso::channels::zalo {
namespace {

using nlohmann::json;
using trolyso::testing::ReadFile;
using trolyso::testing::RepoPath;

constexpr const char* kCitizen = "8470261593318724105";

std::vector<json> Bodies(const std::vector<PlatformCall>& calls) {
  std::vector<json> bodies;
  for (const PlatformCall& call : calls) bodies.push_back(json::parse(call.body));
  return bodies;
}

size_t CodePoints(std::string_view utf8) {
  size_t n = 0;
  for (char c : utf8) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// True when `s` is whole UTF-8 sequences only: no lead byte without its
// continuation bytes, no continuation byte without its lead.
bool WholeUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto lead = static_cast<unsigned char>(s[i]);
    size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (length == 0 || i + length > s.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += length;
  }
  return true;
}

std::string Repeat(std::string_view piece, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += piece;
  return out;
}

TEST_CASE("a plain text renders exactly as the recorded consultation message") {
  json expected = json::parse(Sample("outbound-cs-text"));
  std::vector<PlatformCall> calls =
      RenderSend(SamplePage(), expected["recipient"]["user_id"], {expected["message"]["text"], {}});
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].path == "/v3.0/oa/message/cs");
  CHECK(calls[0].content_type == "application/json");
  CHECK(calls[0].headers.empty());  // the sender adds access_token itself
  CHECK(json::parse(calls[0].body) == expected);
  // Raw UTF-8, not \u escapes, and the 19-digit id stays a string.
  CHECK(calls[0].body.find("Hồ sơ đăng ký khai sinh") != std::string::npos);
  CHECK(calls[0].body.find("\"user_id\":\"8470261593318724105\"") != std::string::npos);
}

TEST_CASE("buttons render as the recorded template attachment of hidden queries") {
  json expected = json::parse(Sample("outbound-cs-text-buttons"));
  const json& recorded = expected["message"]["attachment"]["payload"]["buttons"][0];
  REQUIRE(recorded["type"] == "oa.query.hide");
  std::string payload = recorded["payload"];
  REQUIRE(payload.front() == '#');

  OutboundMessage message{expected["message"]["text"],
                          {{recorded["title"], payload.substr(1)},
                           {"Gặp tình nguyện viên", "intent:general.human_request"}}};
  std::vector<PlatformCall> calls = RenderSend(SamplePage(), kCitizen, message);
  REQUIRE(calls.size() == 1);
  json sent = json::parse(calls[0].body);
  CHECK(sent["recipient"] == expected["recipient"]);
  CHECK(sent["message"]["text"] == expected["message"]["text"]);
  const json& attachment = sent["message"]["attachment"];
  CHECK(attachment["type"] == "template");
  REQUIRE(attachment["payload"]["buttons"].size() == 2);
  CHECK(attachment["payload"]["buttons"][0] == recorded);
  CHECK(attachment["payload"]["buttons"][1] ==
        json{{"title", "Gặp tình nguyện viên"},
             {"type", "oa.query.hide"},
             {"payload", "#intent:general.human_request"}});
}

TEST_CASE("a button we send comes back through ParseEvent as that button") {
  std::vector<PlatformCall> calls =
      RenderSend(SamplePage(), kCitizen, {"Bạn cần gì?", {{"Kích hoạt VNeID", "intent:x"}}});
  REQUIRE(calls.size() == 1);
  std::string tapped = json::parse(calls[0].body)["message"]["attachment"]["payload"]["buttons"][0]
                           ["payload"];
  // Zalo sends the payload back as the text of a user_send_text (§4).
  json event = json::parse(Sample("user_send_text"));
  event["message"]["text"] = tapped;
  Result<Event> parsed = ParseEvent(event.dump(), SamplePage());
  REQUIRE(parsed.ok());
  REQUIRE(parsed->inbound);
  CHECK(parsed->inbound->kind == InboundKind::kButton);
  CHECK(parsed->inbound->text == "intent:x");
  CHECK(parsed->inbound->chat_id == kCitizen);
}

TEST_CASE("a long Vietnamese answer is split on sentences to 2000 characters, buttons last") {
  const std::string sentence =
      "Bạn mở ứng dụng VNeID, chọn mục Thủ tục hành chính rồi làm theo hướng dẫn trên màn hình. ";
  std::string text = Repeat(sentence, 60);  // ~5,300 code points, ~7,000 bytes
  while (!text.empty() && text.back() == ' ') text.pop_back();
  OutboundMessage message{text, {{"Gặp tình nguyện viên", "intent:general.human_request"}}};
  std::vector<json> bodies = Bodies(RenderSend(SamplePage(), kCitizen, message));
  REQUIRE(bodies.size() == 3);
  std::string joined;
  for (size_t i = 0; i < bodies.size(); ++i) {
    CAPTURE(i);
    std::string part = bodies[i]["message"]["text"];
    CHECK(CodePoints(part) <= kMaxTextChars);
    CHECK(CodePoints(part) > kMaxTextChars / 2);  // parts stay long
    CHECK(part.back() == '.');                     // cut after a sentence
    CHECK(bodies[i]["message"].contains("attachment") == (i + 1 == bodies.size()));
    CHECK(bodies[i]["recipient"]["user_id"] == kCitizen);
    joined += (joined.empty() ? "" : " ") + part;
  }
  CHECK(joined == text);  // nothing lost
}

TEST_CASE("the limit counts characters, not bytes: 2000 three-byte letters are one message") {
  std::string exact = Repeat("ễ", kMaxTextChars);
  REQUIRE(exact.size() == 3 * kMaxTextChars);
  CHECK(RenderSend(SamplePage(), kCitizen, {exact, {}}).size() == 1);
  CHECK(RenderSend(SamplePage(), kCitizen, {exact + "ễ", {}}).size() == 2);
}

TEST_CASE("a text without spaces is cut between characters, never inside one") {
  std::string text = Repeat("ộ", 4500);
  std::vector<json> bodies = Bodies(RenderSend(SamplePage(), kCitizen, {text, {}}));
  REQUIRE(bodies.size() == 3);
  size_t total = 0;
  for (const json& body : bodies) {
    std::string part = body["message"]["text"];
    CHECK(WholeUtf8(part));
    CHECK(part.size() % std::string("ộ").size() == 0);
    CHECK(CodePoints(part) <= kMaxTextChars);
    total += CodePoints(part);
  }
  CHECK(total == 4500);
}

TEST_CASE("an emoji counts as two, so a part fits however Zalo counts characters") {
  // 1,500 code points but 3,000 UTF-16 units: split, since Java-style
  // counting (UTF-16 units) would exceed 2000. See kMaxTextChars.
  std::string text = Repeat("🙏", 1500);
  std::vector<json> bodies = Bodies(RenderSend(SamplePage(), kCitizen, {text, {}}));
  REQUIRE(bodies.size() == 2);
  for (const json& body : bodies) {
    std::string part = body["message"]["text"];
    CHECK(WholeUtf8(part));
    CHECK(Utf16Length(part) <= kMaxTextChars);
  }
}

TEST_CASE("more than five buttons: the first five are sent, in order") {
  OutboundMessage message{"Chọn chủ đề:", {}};
  for (int i = 1; i <= 7; ++i) {
    message.buttons.push_back({"Chủ đề " + std::to_string(i), "intent:topic" + std::to_string(i)});
  }
  json sent = json::parse(RenderSend(SamplePage(), kCitizen, message)[0].body);
  const json& buttons = sent["message"]["attachment"]["payload"]["buttons"];
  REQUIRE(buttons.size() == kMaxButtons);
  for (size_t i = 0; i < kMaxButtons; ++i) {
    CHECK(buttons[i]["title"] == "Chủ đề " + std::to_string(i + 1));
    CHECK(buttons[i]["payload"] == "#intent:topic" + std::to_string(i + 1));
  }
}

TEST_CASE("a title over 100 characters is shortened with an ellipsis; 100 is kept") {
  std::string exact = Repeat("Đ", kMaxButtonTitle);
  std::string longer = Repeat("Hướng dẫn ", 15);  // 150 characters
  OutboundMessage message{"Chọn:", {{exact, "intent:a"}, {longer, "intent:b"}}};
  json sent = json::parse(RenderSend(SamplePage(), kCitizen, message)[0].body);
  const json& buttons = sent["message"]["attachment"]["payload"]["buttons"];
  REQUIRE(buttons.size() == 2);
  CHECK(buttons[0]["title"] == exact);
  std::string cut = buttons[1]["title"];
  CHECK(CodePoints(cut) <= kMaxButtonTitle);
  CHECK(cut.ends_with("\u2026"));
  CHECK(cut.starts_with("Hướng dẫn Hướng dẫn"));
  CHECK(WholeUtf8(cut));
}

TEST_CASE("a button whose payload Zalo would refuse is left out, not the message") {
  OutboundMessage message{"Chọn:",
                          {{"Quá dài", "intent:" + std::string(kMaxButtonPayload, 'x')},
                           {"Vừa", "intent:ok"}}};
  json sent = json::parse(RenderSend(SamplePage(), kCitizen, message)[0].body);
  const json& buttons = sent["message"]["attachment"]["payload"]["buttons"];
  REQUIRE(buttons.size() == 1);
  CHECK(buttons[0]["payload"] == "#intent:ok");

  // With no button left, no empty attachment either.
  message.buttons.pop_back();
  json bare = json::parse(RenderSend(SamplePage(), kCitizen, message)[0].body);
  CHECK_FALSE(bare["message"].contains("attachment"));
}

TEST_CASE("invalid UTF-8 in an answer is replaced, never thrown") {
  std::vector<PlatformCall> calls = RenderSend(SamplePage(), kCitizen, {"Xin ch\xC3\x28o", {}});
  REQUIRE(calls.size() == 1);
  json sent = json::parse(calls[0].body);  // valid JSON
  CHECK(sent["message"]["text"].get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
}

TEST_CASE("every error code of the spec's table is classified as it says") {
  struct Case {
    int code;
    DeliveryVerdict verdict;
    int retry_after_s;
  };
  using V = DeliveryVerdict;
  const Case cases[] = {
      {0, V::kDelivered, 0},
      {-32, V::kRetryAfter, 60},
      {-216, V::kRefreshCredentials, 0},
      {-220, V::kRefreshCredentials, 0},
      {-201, V::kDead, 0},
      {-204, V::kDead, 0},
      {-205, V::kDead, 0},
      {-209, V::kDead, 0},
      {-212, V::kDead, 0},
      {-223, V::kDead, 0},
      {-224, V::kDead, 0},
      {-211, V::kRetryAfter, 3600},
      {-213, V::kUnreachable, 0},
      {-218, V::kRetryAfter, 3600},
      {-227, V::kUnreachable, 0},
      {-230, V::kUnreachable, 0},
      {-232, V::kUnreachable, 0},
      {-233, V::kDead, 0},
      {-244, V::kUnreachable, 0},
      {-248, V::kDead, 0},
      {-320, V::kDead, 0},
      {-321, V::kDead, 0},
      {-240, V::kDead, 0},  // the v2 endpoint's answer
      {-999, V::kDead, 0},  // unknown: a person must look
      {-305, V::kDead, 0},  // legacy 48 h rule code, no longer in the table
  };
  for (const Case& c : cases) {
    CAPTURE(c.code);
    std::string message = "message for " + std::to_string(c.code);
    json body = {{"error", c.code}, {"message", message}};
    DeliveryOutcome out = ClassifyResponse(200, body.dump());
    CHECK(out.verdict == c.verdict);
    CHECK(out.retry_after_s == c.retry_after_s);
    CHECK(out.detail.find("error " + std::to_string(c.code)) != std::string::npos);
    CHECK(out.detail.find(message) != std::string::npos);
  }
}

TEST_CASE("the recorded answers: success, invalid token, outside the 7-day window") {
  DeliveryOutcome ok = ClassifyResponse(200, Sample("response-cs-success"));
  CHECK(ok.verdict == DeliveryVerdict::kDelivered);
  CHECK(ok.detail == "zalo error 0: Success");

  DeliveryOutcome token = ClassifyResponse(200, Sample("response-error-216"));
  CHECK(token.verdict == DeliveryVerdict::kRefreshCredentials);
  CHECK(token.detail.find("Access token is invalid") != std::string::npos);

  DeliveryOutcome window = ClassifyResponse(200, Sample("response-error-230"));
  CHECK(window.verdict == DeliveryVerdict::kUnreachable);
  CHECK(window.detail.find("-230") != std::string::npos);
  CHECK(window.detail.find("7-day window") != std::string::npos);
  CHECK(window.detail.find("User has not interacted with the OA in the past 7 days") !=
        std::string::npos);
}

TEST_CASE("HTTP failures and bodies that are not the envelope") {
  struct Case {
    int status;
    std::string body;
    DeliveryVerdict verdict;
    const char* detail;
  };
  using V = DeliveryVerdict;
  const Case cases[] = {
      {0, "", V::kRetryBackoff, "no response"},
      {500, "", V::kRetryBackoff, "HTTP 500"},
      {502, "<html>Bad Gateway</html>", V::kRetryBackoff, "HTTP 502: <html>Bad Gateway</html>"},
      {503, R"({"error": -1, "message": "busy"})", V::kRetryBackoff, "HTTP 503 (zalo error -1): busy"},
      {400, "bad", V::kDead, "HTTP 400: bad"},
      {401, "", V::kDead, "HTTP 401"},
      {404, "<html>Not Found</html>", V::kDead, "HTTP 404"},
      {429, "", V::kRetryAfter, "HTTP 429"},
      {200, "<html>proxy</html>", V::kRetryBackoff, "without the Zalo envelope"},
      {200, R"({"data": {"message_id": "x"}})", V::kRetryBackoff, "without the Zalo envelope"},
      {200, R"({"error": "oops", "message": "?"})", V::kRetryBackoff, "without the Zalo envelope"},
      {200, "", V::kRetryBackoff, "without the Zalo envelope"},
      {200, R"({"error": "-216", "message": "Access token is invalid"})", V::kRefreshCredentials,
       "error -216"},  // a numeric string is read too
  };
  for (const Case& c : cases) {
    CAPTURE(c.status);
    CAPTURE(c.body);
    DeliveryOutcome out = ClassifyResponse(c.status, c.body);
    CHECK(out.verdict == c.verdict);
    CHECK_MESSAGE(out.detail.find(c.detail) != std::string::npos, out.detail);
  }
  CHECK(ClassifyResponse(429, "").retry_after_s == 60);
}

TEST_CASE("the sent message id is the one the receipts later carry") {
  std::string id = SentMessageId(Sample("response-cs-success"));
  CHECK(id == "7a3c9e21f04b8d56c3e0");
  Result<Event> receipt = ParseEvent(Sample("user_received_message"), SamplePage());
  REQUIRE(receipt.ok());
  REQUIRE(receipt->receipt_msg_ids.size() == 1);
  CHECK(receipt->receipt_msg_ids[0] == id);

  CHECK(SentMessageId(Sample("response-error-230")).empty());
  CHECK(SentMessageId("not json").empty());
  CHECK(SentMessageId(R"({"data": {"message_id": 12}})").empty());
}

}  // namespace
}  // namespace trolyso::channels::zalo
