// Zalo webhook events (spec §1, §3) -> Event / Inbound.
#include "channels/zalo.h"

#include <charconv>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace trolyso::channels::zalo {
namespace {

using nlohmann::json;

constexpr std::string_view kContext = "zalo event";

// A required field that is missing or mistyped. Thrown by the readers below
// and caught in ParseEvent, which turns it into InvalidArgument naming the
// field; it never leaves this file.
struct FieldError {
  std::string detail;
};

// The string at `path` ("sender.id"), which must be a non-empty string.
std::string RequiredString(const json& root, std::string_view path) {
  const json* node = &root;
  size_t start = 0;
  while (true) {
    size_t dot = path.find('.', start);
    std::string key(path.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (!node->is_object() || !node->contains(key)) {
      throw FieldError{"missing \"" + std::string(path) + "\""};
    }
    node = &(*node)[key];
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (!node->is_string() || node->get_ref<const std::string&>().empty()) {
    throw FieldError{"\"" + std::string(path) + "\" is not a non-empty string"};
  }
  return node->get<std::string>();
}

// The string at root[a][b] if there is one, else "".
std::string OptionalString(const json& root, const char* a, const char* b) {
  auto outer = root.find(a);
  if (outer == root.end() || !outer->is_object()) return "";
  auto inner = outer->find(b);
  return inner != outer->end() && inner->is_string() ? inner->get<std::string>() : "";
}

// The body's "timestamp": milliseconds as a decimal string (§1). An integer
// is accepted too (reading is not authenticating: the signature check
// insists on the string).
int64_t Timestamp(const json& root) {
  auto it = root.find("timestamp");
  if (it == root.end()) throw FieldError{"missing \"timestamp\""};
  if (it->is_number_unsigned() && it->get<uint64_t>() <= INT64_MAX) return it->get<int64_t>();
  if (it->is_string()) {
    const std::string& s = it->get_ref<const std::string&>();
    int64_t value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (!s.empty() && s[0] != '-' && ec == std::errc() && end == s.data() + s.size()) return value;
  }
  throw FieldError{"\"timestamp\" is not milliseconds as a decimal string"};
}

// media_kind of a user_send_* event, in the Telegram adapter's vocabulary
// (the console labels them); nullptr for a name that is not a media event.
const char* MediaKindOf(std::string_view event_name) {
  struct Kind {
    std::string_view event;
    const char* media;
  };
  static constexpr Kind kKinds[] = {
      {"user_send_image", "photo"},     {"user_send_gif", "animation"},
      {"user_send_video", "video"},     {"user_send_audio", "voice"},
      {"user_send_file", "document"},   {"user_send_sticker", "sticker"},
      {"user_send_location", "location"}, {"user_send_link", "link"},
      {"user_send_business_card", "contact"},
  };
  for (const Kind& k : kKinds) {
    if (k.event == event_name) return k.media;
  }
  return nullptr;
}

// Media whose message.text, if Zalo sends one (UNCONFIRMED, §1), is a caption
// the citizen wrote. Not location/link/business card: their text may be the
// address, the URL or a phone number.
bool MayHaveCaption(std::string_view media_kind) {
  return media_kind == "photo" || media_kind == "animation" || media_kind == "video";
}

// Our own button payloads come back as the text of a user_send_text (§4):
// RenderSend sends "#" + payload for payloads of these forms.
bool IsOurButtonPayload(std::string_view text) {
  return text.starts_with("#intent:") || text.starts_with("#rating:");
}

// Why a known-but-unhandled event is skipped, or "" when it is not one.
std::string IgnoredFamily(std::string_view name) {
  if (name == "user_reacted_message" || name == "oa_reacted_message") return "reaction";
  if (name.starts_with("anonymous_")) return "anonymous";
  if (name.find("_group") != std::string_view::npos) return "group";  // user_send_group_*, ...
  if (name == "add_user_to_tag") return "tag";
  return "";
}

// An Inbound from the citizen of `event` (user_id and timestamp already read).
Inbound FromCitizen(const Page& page, const Event& event) {
  Inbound in;
  in.channel = Channel::kZalo;
  in.page_id = page.id;
  in.user_id = event.user_id;
  in.chat_id = event.user_id;
  in.platform_time = event.timestamp_ms / 1000;
  return in;
}

// The common part of every user-originated message (Envelope A).
Inbound UserMessage(const json& root, const Page& page, Event& event) {
  event.user_id = RequiredString(root, "sender.id");
  event.oa_id = RequiredString(root, "recipient.id");
  return FromCitizen(page, event);
}

Inbound ParseUserText(const json& root, const Page& page, Event& event) {
  Inbound in = UserMessage(root, page, event);
  RequiredString(root, "message.msg_id");
  const json& message = root["message"];
  if (!message.contains("text") || !message["text"].is_string()) {
    throw FieldError{"\"message.text\" is not a string"};
  }
  in.text = message["text"].get<std::string>();
  if (IsOurButtonPayload(in.text)) {
    in.kind = InboundKind::kButton;
    in.text.erase(0, 1);
  }
  return in;
}

Inbound ParseUserMedia(const json& root, const Page& page, Event& event, const char* media) {
  Inbound in = UserMessage(root, page, event);
  RequiredString(root, "message.msg_id");
  in.media_kind = media;
  std::string caption = OptionalString(root, "message", "text");
  if (MayHaveCaption(media) && !caption.empty()) {
    in.text = std::move(caption);  // kText, as Telegram's captions
  } else {
    in.kind = InboundKind::kNonText;
  }
  return in;
}

// Fills `event` from a parsed object whose event_name and timestamp are read.
void Classify(const json& root, const Page& page, Event& event) {
  const std::string& name = event.event_name;
  if (name == "user_send_text") {
    event.inbound = ParseUserText(root, page, event);
  } else if (const char* media = MediaKindOf(name)) {
    event.inbound = ParseUserMedia(root, page, event, media);
  } else if (name == "user_submit_info") {
    Inbound in = UserMessage(root, page, event);
    in.kind = InboundKind::kNonText;
    in.media_kind = "contact";  // name and phone stay out of the text
    event.inbound = std::move(in);
  } else if (name == "follow" || name == "unfollow" || name == "user_click_chatnow") {
    // Envelopes B and C.
    bool chatnow = name == "user_click_chatnow";
    event.oa_id = RequiredString(root, "oa_id");
    event.user_id = RequiredString(root, chatnow ? "user_id" : "follower.id");
    Inbound in = FromCitizen(page, event);
    in.kind = chatnow           ? InboundKind::kInteraction
              : name == "follow" ? InboundKind::kFollow
                                 : InboundKind::kBlocked;
    event.inbound = std::move(in);
  } else if (name == "user_received_message" || name == "user_seen_message") {
    event.oa_id = RequiredString(root, "sender.id");
    event.user_id = RequiredString(root, "recipient.id");
    event.ignored_reason = "receipt";
    if (name == "user_received_message") {
      event.receipt_msg_ids.push_back(RequiredString(root, "message.msg_id"));
    } else {
      const json* ids = root.contains("message") && root["message"].is_object() &&
                                root["message"].contains("msg_ids")
                            ? &root["message"]["msg_ids"]
                            : nullptr;
      if (ids == nullptr || !ids->is_array()) throw FieldError{"\"message.msg_ids\" is not an array"};
      for (const json& id : *ids) {
        if (!id.is_string() || id.get_ref<const std::string&>().empty()) {
          throw FieldError{"\"message.msg_ids\" has an element that is not a non-empty string"};
        }
        event.receipt_msg_ids.push_back(id.get<std::string>());
      }
    }
  } else if (std::string family = IgnoredFamily(name); !family.empty()) {
    event.ignored_reason = std::move(family);
  } else if (name.starts_with("oa_send_")) {
    event.oa_id = RequiredString(root, "sender.id");
    event.user_id = RequiredString(root, "recipient.id");
    event.ignored_reason = "oa_echo";
    event.admin_echo = !OptionalString(root, "sender", "admin_id").empty();
  } else {
    event.ignored_reason = "unknown_event:" + name;
  }
}

// Best-effort OA and user of an event Classify did not read them from:
// unhandled ones are not validated, only labelled.
void FillParties(const json& root, Event& event) {
  if (!event.oa_id.empty()) return;
  bool from_oa = event.event_name.starts_with("oa_");
  std::string oa = OptionalString(root, from_oa ? "sender" : "recipient", "id");
  if (auto it = root.find("oa_id"); it != root.end() && it->is_string()) oa = it->get<std::string>();
  event.oa_id = std::move(oa);
  event.user_id = OptionalString(root, from_oa ? "recipient" : "sender", "id");
}

// §3: event_name + ":" + msg_id, else event_name + ":" + user + ":" + timestamp.
std::string DedupeKey(const json& root, const Event& event) {
  std::string msg_id = OptionalString(root, "message", "msg_id");
  if (!msg_id.empty()) return event.event_name + ":" + msg_id;
  return event.event_name + ":" + event.user_id + ":" + std::to_string(event.timestamp_ms);
}

}  // namespace

Result<Event> ParseEvent(std::string_view body, const Page& page) {
  json root;
  try {
    root = json::parse(body);
  } catch (const json::parse_error& e) {
    // nlohmann validates UTF-8 inside strings; say so, as the Telegram adapter does.
    if (std::string_view(e.what()).find("UTF-8") != std::string_view::npos) {
      return Status::InvalidArgument(kContext, "body is not valid UTF-8");
    }
    return Status::InvalidArgument(kContext, "malformed JSON at byte " + std::to_string(e.byte));
  }
  if (!root.is_object()) return Status::InvalidArgument(kContext, "body is not a JSON object");

  Event event;
  if (root.empty()) {
    event.ignored_reason = "probe";
    return event;
  }
  try {
    auto name = root.find("event_name");
    if (name == root.end() || !name->is_string() || name->get_ref<const std::string&>().empty()) {
      throw FieldError{"no string \"event_name\""};
    }
    event.event_name = name->get<std::string>();
    event.timestamp_ms = Timestamp(root);
    Classify(root, page, event);
  } catch (const FieldError& e) {
    std::string what = event.event_name.empty() ? "" : event.event_name + ": ";
    return Status::InvalidArgument(kContext, what + e.detail);
  } catch (const json::exception& e) {
    return Status::InvalidArgument(kContext, std::string("unexpected shape: ") + e.what());
  }
  FillParties(root, event);
  event.event_id = DedupeKey(root, event);
  if (event.inbound) event.inbound->event_id = event.event_id;

  bool actionable = event.inbound || !event.receipt_msg_ids.empty() || event.admin_echo;
  if (actionable && !page.zalo.oa_id.empty() && event.oa_id != page.zalo.oa_id) {
    // Signed by our app, but about another OA linked to it: not this page's.
    // (Events ignored anyway keep their more telling reason.)
    event.inbound.reset();
    event.receipt_msg_ids.clear();
    event.admin_echo = false;
    event.ignored_reason = "other_oa";
  }
  return event;
}

}  // namespace trolyso::channels::zalo
