// Calls to the Zalo OA API: consultation messages (spec §4), their answers
// (§6), and the OAuth token refresh (§7).
#include "channels/zalo.h"

#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "channels/text_split.h"

namespace trolyso::channels::zalo {
namespace {

using nlohmann::json;

// Serialises without throwing: texts come from rules and volunteers, and an
// invalid UTF-8 byte there must not take the sender down (it becomes U+FFFD).
std::string Dump(const json& value) {
  return value.dump(-1, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

// An integer sent as a JSON number or as a decimal string ("90000", "-216").
std::optional<int64_t> IntegerOf(const json& value) {
  if (value.is_number_integer()) {
    if (value.is_number_unsigned() && value.get<uint64_t>() > INT64_MAX) return std::nullopt;
    return value.get<int64_t>();
  }
  if (!value.is_string()) return std::nullopt;
  const std::string& s = value.get_ref<const std::string&>();
  int64_t out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return out;
}

std::string StringField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

// A button title within kMaxButtonTitle: cut at a word if one is near the
// limit, and marked with an ellipsis.
std::string Title(const std::string& label) {
  if (Utf16Length(label) <= kMaxButtonTitle) return label;
  return SplitForLimit(label, kMaxButtonTitle - 1).front() + "\u2026";
}

json ButtonsOf(const OutboundMessage& message) {
  json buttons = json::array();
  for (const Button& b : message.buttons) {
    if (buttons.size() == kMaxButtons) break;
    std::string payload = "#" + b.payload;
    if (Utf16Length(payload) > kMaxButtonPayload) continue;  // Zalo would refuse the message
    buttons.push_back({{"title", Title(b.label)}, {"type", "oa.query.hide"}, {"payload", payload}});
  }
  return buttons;
}

// How one OA API error code is handled (§6).
struct ErrorClass {
  int code;
  DeliveryVerdict verdict;
  int retry_after_s;
  const char* reason;
};

// Quota errors (-211 per OA, -218 per recipient) wait an hour: Zalo does not
// say when the quota refills (UNCONFIRMED; daily or monthly), so retrying at
// the rate-limit pace would only burn attempts, while an hour keeps the
// message alive for the 7-day window and leaves the operator time to react to
// the alert the detail raises. -32 is the per-minute API rate limit.
constexpr ErrorClass kErrors[] = {
    {-32, DeliveryVerdict::kRetryAfter, 60, "API rate limit reached"},
    {-211, DeliveryVerdict::kRetryAfter, 3600, "OA out of quota"},
    {-218, DeliveryVerdict::kRetryAfter, 3600, "recipient's receive quota reached"},
    {-216, DeliveryVerdict::kRefreshCredentials, 0, "access token invalid"},
    {-220, DeliveryVerdict::kRefreshCredentials, 0, "access token expired or removed"},
    {-213, DeliveryVerdict::kUnreachable, 0, "user does not follow the OA"},
    {-227, DeliveryVerdict::kUnreachable, 0, "user banned or inactive for over 45 days"},
    {-230, DeliveryVerdict::kUnreachable, 0,
     "outside the 7-day window: no interaction in 7 days"},
    {-232, DeliveryVerdict::kUnreachable, 0, "outside the 7-day window: interaction expired"},
    {-244, DeliveryVerdict::kUnreachable, 0, "user restricted this message type"},
    {-201, DeliveryVerdict::kDead, 0, "invalid request field"},
    {-204, DeliveryVerdict::kDead, 0, "OA disabled"},
    {-205, DeliveryVerdict::kDead, 0, "OA does not exist"},
    {-209, DeliveryVerdict::kDead, 0, "app not activated"},
    {-212, DeliveryVerdict::kDead, 0, "API not registered for the app"},
    {-223, DeliveryVerdict::kDead, 0, "OA has not authorised the app"},
    {-224, DeliveryVerdict::kDead, 0, "OA package tier too low"},
    {-233, DeliveryVerdict::kDead, 0, "message type invalid or unsupported"},
    {-240, DeliveryVerdict::kDead, 0, "v2 message API shut down"},
    {-248, DeliveryVerdict::kDead, 0, "content violates platform standards"},
    {-320, DeliveryVerdict::kDead, 0, "Zalo Cloud Account missing"},
    {-321, DeliveryVerdict::kDead, 0, "Zalo Cloud Account out of money"},
};

DeliveryOutcome OfErrorCode(int64_t code, const std::string& message) {
  DeliveryOutcome out;
  std::string reason = "unknown error code";
  if (code == 0) {
    out.verdict = DeliveryVerdict::kDelivered;
    reason.clear();
  } else {
    out.verdict = DeliveryVerdict::kDead;
    for (const ErrorClass& e : kErrors) {
      if (e.code != code) continue;
      out.verdict = e.verdict;
      out.retry_after_s = e.retry_after_s;
      reason = e.reason;
      break;
    }
  }
  out.detail = "zalo error " + std::to_string(code);
  if (!reason.empty()) out.detail += " (" + reason + ")";
  out.detail += ": " + (message.empty() ? std::string("no message") : message);
  return out;
}

// At most 120 bytes of a non-JSON body (an HTML error page), printable ASCII
// only, for the dead letter.
std::string Excerpt(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, 120)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  return out;
}

std::string FormEncode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    auto b = static_cast<unsigned char>(c);
    if (std::isalnum(b) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[b >> 4];
      out += kHex[b & 0x0F];
    }
  }
  return out;
}

}  // namespace

std::vector<PlatformCall> RenderSend(const Page& page, const std::string& user_id,
                                     const OutboundMessage& message) {
  std::vector<std::string> parts = SplitForLimit(message.text, kMaxTextChars);
  json buttons = ButtonsOf(message);
  std::vector<PlatformCall> calls;
  for (size_t i = 0; i < parts.size(); ++i) {
    json body = {{"recipient", {{"user_id", user_id}}}, {"message", {{"text", parts[i]}}}};
    if (i + 1 == parts.size() && !buttons.empty()) {
      body["message"]["attachment"] = {{"type", "template"},
                                       {"payload", {{"buttons", buttons}}}};
    }
    PlatformCall call;
    call.path = std::string(kSendPath);
    call.body = Dump(body);
    calls.push_back(std::move(call));
  }
  return calls;
}

DeliveryOutcome ClassifyResponse(int http_status, std::string_view body) {
  json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  std::optional<int64_t> code;
  std::string message;
  if (root.is_object() && root.contains("error")) {
    code = IntegerOf(root["error"]);
    message = StringField(root, "message");
  }
  if (http_status >= 200 && http_status < 300) {
    if (code) return OfErrorCode(*code, message);
    // A proxy's page, a truncated answer: the send may not have happened.
    return {DeliveryVerdict::kRetryBackoff, 0,
            "HTTP " + std::to_string(http_status) + " without the Zalo envelope: " + Excerpt(body)};
  }

  DeliveryOutcome out;
  if (http_status == 0) {
    out.verdict = DeliveryVerdict::kRetryBackoff;
    out.detail = "no response";
    return out;
  }
  out.detail = "HTTP " + std::to_string(http_status);
  if (code) {
    out.detail += " (zalo error " + std::to_string(*code) + "): " + message;
  } else if (!body.empty()) {
    out.detail += ": " + Excerpt(body);
  }
  if (http_status >= 500) {
    out.verdict = DeliveryVerdict::kRetryBackoff;
  } else if (http_status == 408 || http_status == 429) {
    // Zalo itself signals limits with -32 over HTTP 200; these come from a
    // proxy in between and are as temporary as -32.
    out.verdict = DeliveryVerdict::kRetryAfter;
    out.retry_after_s = 60;
  } else {
    out.verdict = DeliveryVerdict::kDead;  // 4xx: the request itself is wrong
  }
  return out;
}

std::string SentMessageId(std::string_view body) {
  json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object() || !root.contains("data") || !root["data"].is_object()) return "";
  return StringField(root["data"], "message_id");
}

PlatformCall RenderRefresh(const Page& page, const std::string& refresh_token) {
  PlatformCall call;
  call.path = std::string(kRefreshPath);
  call.content_type = "application/x-www-form-urlencoded";
  call.headers = {{"secret_key", page.zalo.app_secret}};
  call.body = "refresh_token=" + FormEncode(refresh_token) + "&app_id=" +
              FormEncode(page.zalo.app_id) + "&grant_type=refresh_token";
  return call;
}

Result<TokenPair> ParseRefreshResponse(int http_status, std::string_view body) {
  constexpr std::string_view kContext = "zalo token refresh";
  json root = json::parse(body, nullptr, /*allow_exceptions=*/false);

  // The OAuth host's error fields (§7), when there are any, for every message.
  std::string error_text;
  bool has_error = false;
  if (root.is_object() && root.contains("error")) {
    const json& error = root["error"];
    std::optional<int64_t> code = IntegerOf(error);
    has_error = code ? *code != 0 : (error.is_string() && !error.get<std::string>().empty());
    error_text = "error " + (code ? std::to_string(*code)
                                  : error.is_string() ? error.get<std::string>()
                                                      : Dump(error));
    if (std::string name = StringField(root, "error_name"); !name.empty()) error_text += " " + name;
    if (std::string description = StringField(root, "error_description"); !description.empty()) {
      error_text += ": " + description;
    }
  }
  auto with_error = [&](std::string detail) {
    return error_text.empty() ? detail : detail + " (" + error_text + ")";
  };

  if (http_status == 0) return Status::Unavailable(kContext, "no response");
  if (http_status >= 500) {
    return Status::Unavailable(kContext, with_error("HTTP " + std::to_string(http_status)));
  }
  if (http_status != 200) {
    return Status::InvalidArgument(kContext, with_error("HTTP " + std::to_string(http_status)));
  }
  if (!root.is_object()) return Status::InvalidArgument(kContext, "answer is not a JSON object");
  if (has_error) return Status::InvalidArgument(kContext, error_text);

  TokenPair pair;
  pair.access_token = StringField(root, "access_token");
  pair.refresh_token = StringField(root, "refresh_token");
  if (pair.access_token.empty()) {
    return Status::InvalidArgument(kContext, "answer has no access_token");
  }
  if (pair.refresh_token.empty()) {
    // Refresh tokens are single use: going on without the new one would leave
    // nothing to refresh with next time.
    return Status::InvalidArgument(kContext, "answer has no refresh_token");
  }
  if (root.contains("expires_in")) {
    std::optional<int64_t> seconds = IntegerOf(root["expires_in"]);
    if (seconds && *seconds > 0) pair.expires_in_s = *seconds;
  }
  return pair;
}

}  // namespace trolyso::channels::zalo
