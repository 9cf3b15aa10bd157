// Zalo webhook events against the recorded payloads in webhooks/zalo/
// (spec §1, §3). Events the samples do not cover are built from a recorded
// one with only the differing fields changed.
#include "channels/zalo.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "channels/zalo_fixtures.h"
#include "support/files.h"

namespace trolyso::channels::zalo {
namespace {

using nlohmann::json;
using trolyso::testing::ReadFile;
using trolyso::testing::RepoPath;

constexpr const char* kOaId = kSampleOaId;
constexpr const char* kCitizen = "8470261593318724105";

Event Parse(const std::string& body, const Page& page = SamplePage()) {
  Result<Event> event = ParseEvent(body, page);
  REQUIRE_MESSAGE(event.ok(), event.status().message());
  return *event;
}

Event ParseSample(const std::string& name) { return Parse(Sample(name)); }

// A user_send_text sample with another text.
std::string TextEvent(const std::string& text) {
  json body = json::parse(Sample("user_send_text"));
  body["message"]["text"] = text;
  return body.dump();
}

// The user_send_image sample as another event, attachments as they are.
std::string MediaEvent(const std::string& event_name) {
  json body = json::parse(Sample("user_send_image"));
  body["event_name"] = event_name;
  return body.dump();
}

TEST_CASE("a Vietnamese text becomes a text Inbound for the citizen, keyed by msg_id") {
  Event e = ParseSample("user_send_text");
  REQUIRE(e.inbound);
  const Inbound& in = *e.inbound;
  CHECK(e.event_name == "user_send_text");
  CHECK(e.oa_id == kOaId);
  CHECK(e.user_id == kCitizen);
  CHECK(e.timestamp_ms == 1791252923512);
  CHECK(e.event_id == "user_send_text:b1e04c7d9a2f3e58c611");
  CHECK(e.ignored_reason.empty());
  CHECK(in.channel == Channel::kZalo);
  CHECK(in.page_id == "zalo-test");
  CHECK(in.kind == InboundKind::kText);
  CHECK(in.text ==
        "Cho tôi hỏi thủ tục đăng ký khai sinh cho con ở phường mình cần mang theo giấy tờ gì ạ?");
  CHECK(in.chat_id == kCitizen);
  CHECK(in.user_id == kCitizen);
  CHECK(in.event_id == e.event_id);
  CHECK(in.platform_time == 1791252923);  // seconds
  CHECK(in.media_kind.empty());
}

TEST_CASE("a text without diacritics is read as is, from another citizen") {
  Event e = ParseSample("user_send_text-no-diacritics");
  REQUIRE(e.inbound);
  CHECK(e.inbound->kind == InboundKind::kText);
  CHECK(e.inbound->text == "cho hoi lich tiep dan cua phuong tuan nay");
  CHECK(e.inbound->chat_id == "2759014836627315408");
  CHECK(e.inbound->event_id == "user_send_text:c7a93d105e4b8f26d902");
}

TEST_CASE("the signed vector bodies parse to the same text with raw UTF-8 and \\u escapes") {
  json vectors = json::parse(Sample("signature-vectors"));
  Event raw = Parse(vectors["vectors"][0]["raw_body"]);
  Event escaped = Parse(vectors["vectors"][2]["raw_body"]);
  REQUIRE(raw.inbound);
  REQUIRE(escaped.inbound);
  CHECK(raw.inbound->text == escaped.inbound->text);
  CHECK(raw.event_id == escaped.event_id);  // a re-encoded retry is still a duplicate
}

TEST_CASE("image, sticker and location samples are non-text with the console's media kinds") {
  struct Case {
    std::string sample;
    const char* media_kind;
    const char* msg_id;
  };
  const Case cases[] = {
      {"user_send_image", "photo", "d40f6a2b9c1e7358a0b4"},
      {"user_send_sticker", "sticker", "e92b07c4d15a3f68b7c1"},
      {"user_send_location", "location", "f05d8e3a7b2c46190ad5"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.sample);
    Event e = ParseSample(c.sample);
    REQUIRE(e.inbound);
    CHECK(e.inbound->kind == InboundKind::kNonText);
    CHECK(e.inbound->media_kind == c.media_kind);
    CHECK(e.inbound->text.empty());  // no URL, no coordinates in the text
    CHECK(e.inbound->chat_id == kCitizen);
    CHECK(e.event_id == c.sample + ":" + c.msg_id);
  }
}

TEST_CASE("every media event name maps to the Telegram adapter's vocabulary") {
  const std::pair<const char*, const char*> cases[] = {
      {"user_send_image", "photo"},          {"user_send_gif", "animation"},
      {"user_send_video", "video"},          {"user_send_audio", "voice"},
      {"user_send_file", "document"},        {"user_send_sticker", "sticker"},
      {"user_send_location", "location"},    {"user_send_link", "link"},
      {"user_send_business_card", "contact"},
  };
  for (const auto& [event_name, media_kind] : cases) {
    std::string name = event_name;
    CAPTURE(name);
    Event e = Parse(MediaEvent(event_name));
    REQUIRE(e.inbound);
    CHECK(e.inbound->kind == InboundKind::kNonText);
    CHECK(e.inbound->media_kind == media_kind);
  }
}

TEST_CASE("an image's text, if Zalo sends one, is read as a caption; a card's never") {
  json image = json::parse(Sample("user_send_image"));
  image["message"]["text"] = "lỗi khi đăng nhập VNeID";
  Event captioned = Parse(image.dump());
  REQUIRE(captioned.inbound);
  CHECK(captioned.inbound->kind == InboundKind::kText);
  CHECK(captioned.inbound->text == "lỗi khi đăng nhập VNeID");
  CHECK(captioned.inbound->media_kind == "photo");

  json card = json::parse(MediaEvent("user_send_business_card"));
  card["message"]["text"] = "Nguyễn Văn A 0912345678";
  Event contact = Parse(card.dump());
  REQUIRE(contact.inbound);
  CHECK(contact.inbound->kind == InboundKind::kNonText);
  CHECK(contact.inbound->text.empty());
}

TEST_CASE("submitted contact info is a non-text contact and the phone never becomes text") {
  json body = json::parse(Sample("user_send_text"));
  body["event_name"] = "user_submit_info";
  body["message"].erase("text");
  body["info"] = {{"name", "Nguyễn Thị Lan"}, {"phone", "0912345678"}, {"address", "Tổ 5"}};
  Event e = Parse(body.dump());
  REQUIRE(e.inbound);
  CHECK(e.inbound->kind == InboundKind::kNonText);
  CHECK(e.inbound->media_kind == "contact");
  CHECK(e.inbound->text.empty());
  CHECK(e.inbound->display_name.find("0912345678") == std::string::npos);
  CHECK(e.inbound->chat_id == kCitizen);
}

TEST_CASE("our button payloads come back as button presses without the '#'") {
  struct Case {
    std::string text;
    InboundKind kind;
    const char* read_as;
  };
  const Case cases[] = {
      {"#intent:vneid.activate", InboundKind::kButton, "intent:vneid.activate"},
      {"#rating:42:5", InboundKind::kButton, "rating:42:5"},
      {"#fb_ok", InboundKind::kText, "#fb_ok"},         // someone else's payload
      {"#intentx", InboundKind::kText, "#intentx"},
      {"intent:vneid.activate", InboundKind::kText, "intent:vneid.activate"},  // typed, no '#'
      {"# intent:x", InboundKind::kText, "# intent:x"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Event e = Parse(TextEvent(c.text));
    REQUIRE(e.inbound);
    CHECK(e.inbound->kind == c.kind);
    CHECK(e.inbound->text == c.read_as);
  }
}

TEST_CASE("follow welcomes, unfollow blocks, chat-now is an interaction, keyed by user and time") {
  Event follow = ParseSample("follow");
  REQUIRE(follow.inbound);
  CHECK(follow.inbound->kind == InboundKind::kFollow);
  CHECK(follow.oa_id == kOaId);
  CHECK(follow.inbound->chat_id == kCitizen);
  CHECK(follow.inbound->user_id == kCitizen);
  CHECK(follow.event_id == "follow:8470261593318724105:1791166523512");
  CHECK(follow.inbound->platform_time == 1791166523);

  Event unfollow = ParseSample("unfollow");
  REQUIRE(unfollow.inbound);
  CHECK(unfollow.inbound->kind == InboundKind::kBlocked);
  CHECK(unfollow.inbound->chat_id == "2759014836627315408");
  CHECK(unfollow.event_id == "unfollow:2759014836627315408:1791260123512");

  Event chatnow = ParseSample("user_click_chatnow");
  REQUIRE(chatnow.inbound);
  CHECK(chatnow.inbound->kind == InboundKind::kInteraction);
  CHECK(chatnow.oa_id == kOaId);
  CHECK(chatnow.inbound->chat_id == "2759014836627315408");
  CHECK(chatnow.event_id == "user_click_chatnow:2759014836627315408:1791249323512");
}

TEST_CASE("delivery and read receipts carry our message ids and nothing to answer") {
  Event received = ParseSample("user_received_message");
  CHECK_FALSE(received.inbound);
  CHECK(received.ignored_reason == "receipt");
  CHECK(received.receipt_msg_ids == std::vector<std::string>{"7a3c9e21f04b8d56c3e0"});
  CHECK(received.oa_id == kOaId);      // sender.id on receipts
  CHECK(received.user_id == kCitizen);  // recipient.id
  CHECK(received.event_id == "user_received_message:7a3c9e21f04b8d56c3e0");

  Event seen = ParseSample("user_seen_message");
  CHECK_FALSE(seen.inbound);
  CHECK(seen.ignored_reason == "receipt");
  CHECK(seen.receipt_msg_ids ==
        std::vector<std::string>{"7a3c9e21f04b8d56c3e0", "8b4d0f32a15c9e67d4f1"});
  CHECK(seen.user_id == kCitizen);
}

TEST_CASE("an echo and a receipt of the same message have different dedupe keys") {
  json echo = json::parse(Sample("oa_send_text-by-admin"));
  json receipt = json::parse(Sample("user_received_message"));
  receipt["message"]["msg_id"] = echo["message"]["msg_id"];
  Event a = Parse(echo.dump());
  Event b = Parse(receipt.dump());
  CHECK(a.event_id != b.event_id);
  CHECK(a.event_id == "oa_send_text:9c5e1a43b26d0f78e502");
}

TEST_CASE("an OA echo is never answered; one from a human admin is flagged") {
  Event by_admin = ParseSample("oa_send_text-by-admin");
  CHECK_FALSE(by_admin.inbound);
  CHECK(by_admin.ignored_reason == "oa_echo");
  CHECK(by_admin.admin_echo);
  CHECK(by_admin.oa_id == kOaId);
  CHECK(by_admin.user_id == kCitizen);  // whose chat the volunteer took over

  json api = json::parse(Sample("oa_send_text-by-admin"));
  api["sender"].erase("admin_id");  // our own API send, echoed
  Event by_api = Parse(api.dump());
  CHECK_FALSE(by_api.inbound);
  CHECK(by_api.ignored_reason == "oa_echo");
  CHECK_FALSE(by_api.admin_echo);

  api["event_name"] = "oa_send_image";
  CHECK(Parse(api.dump()).ignored_reason == "oa_echo");
}

TEST_CASE("reactions, anonymous and group events are acknowledged and ignored by family") {
  const std::pair<const char*, const char*> cases[] = {
      {"user_reacted_message", "reaction"},     {"oa_reacted_message", "reaction"},
      {"anonymous_send_text", "anonymous"},     {"user_send_group_text", "group"},
      {"oa_send_group_text", "group"},          {"add_user_to_tag", "tag"},
      {"user_send_zns_thing", "unknown_event:user_send_zns_thing"},
  };
  for (const auto& [event_name, reason] : cases) {
    std::string name = event_name;
    CAPTURE(name);
    // OA-side events are built from the OA echo, user-side from a user's text.
    json body = json::parse(Sample(name.starts_with("oa_") ? "oa_send_text-by-admin" : "user_send_text"));
    body["event_name"] = name;
    Event e = Parse(body.dump());
    CHECK_FALSE(e.inbound);
    CHECK(e.ignored_reason == reason);
  }
}

TEST_CASE("an unknown event is not an error, even with an unfamiliar shape") {
  Event e = Parse(R"({"app_id": "2893417265019485302", "event_name": "shop_has_order",
                      "oa_id": "4318290756153046782", "timestamp": "1791252923512"})");
  CHECK_FALSE(e.inbound);
  CHECK(e.ignored_reason == "unknown_event:shop_has_order");
  CHECK(e.oa_id == kOaId);
  CHECK(e.timestamp_ms == 1791252923512);
}

TEST_CASE("the console's probe {} is ignored, not refused") {
  Event e = Parse("{}");
  CHECK_FALSE(e.inbound);
  CHECK(e.ignored_reason == "probe");
}

TEST_CASE("an event for another OA of the same app is not this page's") {
  Page page = SamplePage();
  page.zalo.oa_id = "9999999999999999999";
  Event e = Parse(Sample("user_send_text"), page);
  CHECK_FALSE(e.inbound);
  CHECK(e.ignored_reason == "other_oa");
  CHECK(e.oa_id == kOaId);

  Event admin = Parse(Sample("oa_send_text-by-admin"), page);
  CHECK_FALSE(admin.admin_echo);  // another OA's console: does not pause our chat
  CHECK(admin.ignored_reason == "other_oa");

  Event seen = Parse(Sample("user_seen_message"), page);
  CHECK(seen.receipt_msg_ids.empty());
  CHECK(seen.ignored_reason == "other_oa");

  json reaction = json::parse(Sample("user_send_text"));
  reaction["event_name"] = "user_reacted_message";
  CHECK(Parse(reaction.dump(), page).ignored_reason == "reaction");  // ignored anyway

  page.zalo.oa_id.clear();  // not configured: every OA of the app is served
  CHECK(Parse(Sample("user_send_text"), page).inbound);
}

TEST_CASE("bodies that are not events are refused with the reason") {
  json text = json::parse(Sample("user_send_text"));
  auto without = [&](const char* outer, const char* inner) {
    json copy = text;
    if (inner == nullptr) {
      copy.erase(outer);
    } else {
      copy[outer].erase(inner);
    }
    return copy.dump();
  };
  auto with = [&](const char* key, json value) {
    json copy = text;
    copy[key] = std::move(value);
    return copy.dump();
  };
  json seen = json::parse(Sample("user_seen_message"));
  seen["message"]["msg_ids"] = "7a3c9e21f04b8d56c3e0";
  json follow = json::parse(Sample("follow"));
  follow.erase("follower");
  json received = json::parse(Sample("user_received_message"));
  received["message"].erase("msg_id");
  json wrong_text = text;
  wrong_text["message"]["text"] = 42;

  struct Case {
    std::string body;
    const char* detail;
  };
  const Case cases[] = {
      {"{not json", "malformed JSON"},
      {"\"user_send_text\"", "not a JSON object"},
      {"[{}]", "not a JSON object"},
      {"{\"event_name\": \"user_send_text\", \"x\": \"\xC3\x28\"}", "not valid UTF-8"},
      {without("event_name", nullptr), "no string \"event_name\""},
      {with("event_name", 7), "no string \"event_name\""},
      {without("timestamp", nullptr), "user_send_text: missing \"timestamp\""},
      {with("timestamp", "17912529x3512"), "\"timestamp\" is not milliseconds"},
      {with("timestamp", "-1"), "\"timestamp\" is not milliseconds"},
      {without("sender", nullptr), "missing \"sender.id\""},
      {with("sender", {{"id", ""}}), "\"sender.id\" is not a non-empty string"},
      {with("sender", {{"id", 8470261593318724105ULL}}), "\"sender.id\" is not a non-empty string"},
      {without("recipient", nullptr), "missing \"recipient.id\""},
      {without("message", "text"), "\"message.text\" is not a string"},
      {without("message", "msg_id"), "missing \"message.msg_id\""},
      {wrong_text.dump(), "\"message.text\" is not a string"},
      {follow.dump(), "follow: missing \"follower.id\""},
      {seen.dump(), "\"message.msg_ids\" is not an array"},
      {received.dump(), "user_received_message: missing \"message.msg_id\""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    Result<Event> e = ParseEvent(c.body, SamplePage());
    REQUIRE_FALSE(e.ok());
    CHECK(e.status().code() == StatusCode::kInvalidArgument);
    CHECK_MESSAGE(e.status().message().find(c.detail) != std::string::npos, e.status().message());
  }
}

TEST_CASE("a timestamp sent as a number is still read") {
  json body = json::parse(Sample("follow"));
  body["timestamp"] = 1791166523512;
  Event e = Parse(body.dump());
  CHECK(e.timestamp_ms == 1791166523512);
  CHECK(e.event_id == "follow:8470261593318724105:1791166523512");
}

}  // namespace
}  // namespace trolyso::channels::zalo
