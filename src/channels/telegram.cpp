#include "channels/telegram.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include <nlohmann/json.hpp>

#include "channels/secret_compare.h"
#include "channels/text_split.h"

namespace trolyso::channels::telegram {
namespace {

using nlohmann::json;

// Media a message may carry instead of text, in the order Telegram's docs
// list them. A caption, if present, is read as the citizen's text.
constexpr const char* kMediaKinds[] = {
    "photo", "video", "document", "audio", "voice", "animation", "video_note",
    "sticker", "contact", "location", "venue", "poll", "dice",
};

std::string IdString(const json& value) {
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_string()) return value.get<std::string>();
  return {};
}

std::string DisplayName(const json& user) {
  std::string name = user.value("first_name", "");
  std::string last = user.value("last_name", "");
  if (!last.empty()) name = last + " " + name;  // Vietnamese order: family name first
  return name;
}

std::string MediaKindOf(const json& message) {
  for (const char* kind : kMediaKinds) {
    if (message.contains(kind)) return kind;
  }
  return "other";
}

// Fills who/where from a Message object. Returns an ignore reason, or "".
std::string ReadMessage(const json& message, Inbound& in) {
  const json& chat = message.at("chat");
  if (chat.value("type", "") != "private") return "non_private_chat";
  if (message.contains("from") && message["from"].value("is_bot", false)) return "bot_sender";
  in.chat_id = IdString(chat.at("id"));
  in.user_id = message.contains("from") ? IdString(message["from"].at("id")) : in.chat_id;
  in.display_name = message.contains("from") ? DisplayName(message["from"]) : "";
  in.platform_time = message.value("date", int64_t{0});
  if (message.contains("text") && message["text"].is_string()) {
    in.text = message["text"].get<std::string>();
  } else if (message.contains("caption") && message["caption"].is_string()) {
    in.text = message["caption"].get<std::string>();
    in.media_kind = MediaKindOf(message);
  } else {
    in.kind = InboundKind::kNonText;
    in.media_kind = MediaKindOf(message);
  }
  if (in.chat_id.empty()) return "missing_chat_id";
  return "";
}

Update ParseObject(const json& root, const Page& page) {
  Update update;
  update.update_id = root.at("update_id").get<int64_t>();
  Inbound in;
  in.channel = Channel::kTelegram;
  in.page_id = page.id;
  in.event_id = std::to_string(update.update_id);

  std::string ignored;
  if (root.contains("message")) {
    ignored = ReadMessage(root["message"], in);
  } else if (root.contains("edited_message")) {
    ignored = ReadMessage(root["edited_message"], in);
    in.kind = InboundKind::kEdited;
  } else if (root.contains("callback_query")) {
    const json& query = root["callback_query"];
    update.callback_query_id = query.at("id").get<std::string>();
    const json& from = query.at("from");
    in.kind = InboundKind::kButton;
    in.user_id = IdString(from.at("id"));
    in.display_name = DisplayName(from);
    in.text = query.value("data", "");
    // The chat is the message the keyboard hangs on; inline-mode presses have
    // no message and answer the user's private chat.
    in.chat_id = query.contains("message") ? IdString(query["message"].at("chat").at("id"))
                                           : in.user_id;
    if (query.contains("message") &&
        query["message"].at("chat").value("type", "") != "private") {
      ignored = "non_private_chat";
    }
  } else if (root.contains("my_chat_member")) {
    const json& change = root["my_chat_member"];
    if (change.at("chat").value("type", "") != "private") {
      ignored = "non_private_chat";
    } else {
      std::string status = change.at("new_chat_member").value("status", "");
      in.chat_id = IdString(change.at("chat").at("id"));
      in.user_id = IdString(change.at("from").at("id"));
      in.platform_time = change.value("date", int64_t{0});
      if (status == "kicked") {
        in.kind = InboundKind::kBlocked;
      } else if (status == "member") {
        in.kind = InboundKind::kUnblocked;
      } else {
        ignored = "member_status_" + status;
      }
    }
  } else {
    // inline_query, poll, channel_post, chat_join_request, business updates...
    // Acknowledge and skip: a non-2xx would stall the chat's queue for a day.
    ignored = "unhandled_update";
    for (const auto& [key, value] : root.items()) {
      if (key != "update_id") ignored = "unhandled_" + key;
    }
  }
  if (ignored.empty()) {
    update.inbound = std::move(in);
  } else {
    update.ignored_reason = std::move(ignored);
  }
  return update;
}

}  // namespace

Status VerifySecret(const Page& page, const std::string* presented) {
  if (page.telegram.secret_token.empty()) return Status::Ok();
  if (presented == nullptr) {
    return Status::Unauthenticated("telegram webhook", "missing X-Telegram-Bot-Api-Secret-Token");
  }
  if (!SecretsEqual(page.telegram.secret_token, *presented)) {
    return Status::Unauthenticated("telegram webhook", "wrong X-Telegram-Bot-Api-Secret-Token");
  }
  return Status::Ok();
}

Result<Update> ParseUpdate(std::string_view body, const Page& page) {
  json root;
  try {
    root = json::parse(body);
  } catch (const json::parse_error& e) {
    // nlohmann validates UTF-8 inside strings; tell that case apart because a
    // client fixing its encoding needs to know.
    if (std::string_view(e.what()).find("UTF-8") != std::string_view::npos) {
      return Status::InvalidArgument("telegram update", "body is not valid UTF-8");
    }
    return Status::InvalidArgument("telegram update",
                                   "malformed JSON at byte " + std::to_string(e.byte));
  }
  if (!root.is_object() || !root.contains("update_id") ||
      !root["update_id"].is_number_integer() || root["update_id"].get<int64_t>() < 0) {
    return Status::InvalidArgument("telegram update", "not an Update: no integer update_id");
  }
  try {
    return ParseObject(root, page);
  } catch (const json::exception& e) {
    // A known update type with a required field missing or of the wrong type.
    return Status::InvalidArgument("telegram update",
                                   std::string("not a valid Update: ") + e.what());
  }
}

std::string WebhookReplyBody(const Update& update) {
  if (update.callback_query_id.empty()) return "{}";
  return json{{"method", "answerCallbackQuery"}, {"callback_query_id", update.callback_query_id}}
      .dump();
}

std::vector<PlatformCall> RenderSend(const Page& page, const std::string& chat_id,
                                     const OutboundMessage& message) {
  json chat;
  int64_t numeric = 0;
  auto [end, ec] = std::from_chars(chat_id.data(), chat_id.data() + chat_id.size(), numeric);
  if (ec == std::errc() && end == chat_id.data() + chat_id.size()) {
    chat = numeric;
  } else {
    chat = chat_id;  // "@channelusername"
  }
  std::vector<std::string> parts = SplitForLimit(message.text, kMaxTextUnits);
  std::vector<PlatformCall> calls;
  const std::string path = "/bot" + page.telegram.token + "/sendMessage";
  for (size_t i = 0; i < parts.size(); ++i) {
    json body = {{"chat_id", chat}, {"text", parts[i]}};
    if (i + 1 == parts.size() && !message.buttons.empty()) {
      json rows = json::array();
      for (const Button& b : message.buttons) {
        rows.push_back(json::array({{{"text", b.label}, {"callback_data", b.payload}}}));
      }
      body["reply_markup"] = {{"inline_keyboard", rows}};
    }
    PlatformCall call;
    call.path = path;
    call.body = body.dump();
    calls.push_back(std::move(call));
  }
  return calls;
}

namespace {

// Reads only the top-level "ok" of a 2xx answer and stops: a sendMessage
// result echoes the whole message, and parsing all of it for one boolean
// was a measurable share of each delivery.
class OkFieldReader : public nlohmann::json_sax<json> {
 public:
  std::optional<bool> ok;

  bool key(string_t& name) override {
    at_ok_ = depth_ == 1 && name == "ok";
    return true;
  }
  bool boolean(bool value) override {
    if (!at_ok_) return true;
    ok = value;
    return false;  // found it: stop parsing here
  }
  bool start_object(std::size_t) override { return Enter(); }
  bool start_array(std::size_t) override { return Enter(); }
  bool end_object() override { return Leave(); }
  bool end_array() override { return Leave(); }
  bool null() override { return Scalar(); }
  bool number_integer(number_integer_t) override { return Scalar(); }
  bool number_unsigned(number_unsigned_t) override { return Scalar(); }
  bool number_float(number_float_t, const string_t&) override { return Scalar(); }
  bool string(string_t&) override { return Scalar(); }
  bool binary(binary_t&) override { return Scalar(); }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }

 private:
  bool Enter() {
    ++depth_;
    at_ok_ = false;
    return true;
  }
  bool Leave() {
    --depth_;
    return true;
  }
  bool Scalar() {
    at_ok_ = false;
    return true;
  }
  int depth_ = 0;
  bool at_ok_ = false;
};

}  // namespace

DeliveryOutcome ClassifyResponse(int http_status, std::string_view body) {
  if (http_status >= 200 && http_status < 300) {
    OkFieldReader reader;
    json::sax_parse(body.begin(), body.end(), &reader, json::input_format_t::json,
                    /*strict=*/false);
    if (reader.ok.value_or(false)) return {DeliveryVerdict::kDelivered, 0, ""};
  }
  DeliveryOutcome out;
  json root = json::parse(body, nullptr, false);
  std::string description =
      root.is_object() ? root.value("description", std::string()) : std::string();
  out.detail = description.empty() ? "HTTP " + std::to_string(http_status) : description;

  if (http_status == 0) {
    out.verdict = DeliveryVerdict::kRetryBackoff;
    out.detail = "no response";
  } else if (http_status >= 200 && http_status < 300) {
    bool ok = root.is_object() && root.value("ok", false);
    out.verdict = ok ? DeliveryVerdict::kDelivered : DeliveryVerdict::kRetryBackoff;
  } else if (http_status == 429) {
    out.verdict = DeliveryVerdict::kRetryAfter;
    int retry = 1;
    if (root.is_object() && root.contains("parameters") && root["parameters"].is_object()) {
      const json& after = root["parameters"].value("retry_after", json(1));
      if (after.is_number_integer()) retry = after.get<int>();
    }
    out.retry_after_s = std::clamp(retry, 1, 3600);
  } else if (http_status >= 500) {
    out.verdict = DeliveryVerdict::kRetryBackoff;
  } else if (http_status == 403) {
    // Blocked by the user, deactivated, kicked: retrying cannot succeed.
    out.verdict = DeliveryVerdict::kUnreachable;
  } else {
    // 400 (bad request, chat not found), 401 (token revoked), 404...
    out.verdict = DeliveryVerdict::kDead;
  }
  return out;
}

}  // namespace trolyso::channels::telegram
