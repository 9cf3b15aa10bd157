// Zalo Official Account (Open API v3.0) adapter: verify, parse, render,
// classify, and the OAuth token refresh. Pure functions over bytes and JSON,
// no sockets, no clock, so every quirk is unit-tested against the recorded
// payloads in webhooks/zalo/. The spec is ../shared/channels/zalo.md; section
// numbers below (§2...) refer to it. Everything here is stateless and
// thread-safe.
//
// Typical webhook handling (the route, in http/):
//   if (IsProbe(body)) answer 200;                       // console "Save URL" probe
//   VerifySignature(page, body, header)  -> 401 / 400;   // before anything else
//   ParseEvent(body, page)               -> 400, or the Event to act on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/delivery.h"
#include "core/message.h"
#include "core/page.h"
#include "core/result.h"

namespace trolyso::channels::zalo {

// The webhook's signature header (§2).
inline constexpr std::string_view kSignatureHeader = "X-ZEvent-Signature";

// Longest consultation-message text (§4). Counted in UTF-16 code units, of
// which a code point takes one or two: a part within the limit so counted is
// within it however Zalo counts "characters" (code points, or Java's
// String.length()). Vietnamese letters are one unit either way.
inline constexpr size_t kMaxTextChars = 2000;
inline constexpr size_t kMaxButtons = 5;         // per message (§4)
inline constexpr size_t kMaxButtonTitle = 100;   // characters, counted as kMaxTextChars is
inline constexpr size_t kMaxButtonPayload = 1000;

// When the OA may send consultation messages after the citizen's last
// interaction (§5): free within 48 h, billed up to 7 days, refused (-230) after.
inline constexpr int64_t kFreeWindowMs = 48LL * 3600 * 1000;
inline constexpr int64_t kHardWindowMs = 7LL * 24 * 3600 * 1000;

// API paths, appended to page.zalo.api_base / page.zalo.oauth_base.
inline constexpr std::string_view kSendPath = "/v3.0/oa/message/cs";
inline constexpr std::string_view kRefreshPath = "/v4/oa/access_token";

// True for the body Zalo reportedly POSTs, unsigned, when the webhook URL is
// saved in the console: an empty JSON object (§2). The route answers it 200
// with no side effects, before VerifySignature (which would refuse it).
bool IsProbe(std::string_view body);

// Checks X-ZEvent-Signature (§2): "mac=" + lowercase hex SHA-256 of
// app_id + raw_body + timestamp + oa_secret_key, where timestamp is the string
// value of the body's own "timestamp" field and app_id, which must equal
// page.zalo.app_id, is the body's. `raw_body` must be the bytes as received.
// `presented` is null when the header is missing.
// Unauthenticated("signature", reason) when the header is missing or not of
// the form "mac=" + 64 lowercase hex digits, when the body's app_id is not the
// page's, when the page has no app_id/oa_secret_key configured, or when the
// mac differs (compared in constant time). InvalidArgument when the header is
// well-formed but the body is not a JSON object with string "app_id" and
// "timestamp". The header is checked first, so an unsigned request learns
// nothing about how its body was read. Internal if OpenSSL cannot hash.
Status VerifySignature(const Page& page, std::string_view raw_body, const std::string* presented);

// One parsed webhook event.
struct Event {
  std::string event_name;
  // The OA the event concerns: recipient.id for user events, sender.id for
  // oa_* echoes and receipts, oa_id for follow/unfollow/chat-now.
  std::string oa_id;
  // The citizen it concerns, for every kind (also receipts and echoes, where
  // it is recipient.id): the OA-scoped id the send API expects.
  std::string user_id;
  // The body's timestamp (a JSON string of milliseconds).
  int64_t timestamp_ms = 0;
  // The dedupe key of §3: event_name + ":" + message.msg_id when the event
  // has one, else event_name + ":" + user id + ":" + timestamp. For
  // user_seen_message (many msg_ids) the fallback form; §3's per-id keys are
  // event_name + ":" + each of receipt_msg_ids.
  std::string event_id;
  // What the pipeline handles; empty for receipts, echoes, ignored events.
  std::optional<Inbound> inbound;
  // Why there is no inbound: "probe", "receipt", "oa_echo", "reaction",
  // "anonymous", "group", "tag", "other_oa", "unknown_event:<name>".
  // Counted in metrics.
  std::string ignored_reason;
  // user_received_message / user_seen_message: the ids of our messages the
  // citizen received / saw (SentMessageId of the send), one per id.
  std::vector<std::string> receipt_msg_ids;
  // An oa_send_* echo carrying sender.admin_id: a human answered the citizen
  // in the OA's own chat console. Pause the bot for user_id; never answer it.
  bool admin_echo = false;
};

// Parses one event body. Malformed JSON, invalid UTF-8, a body that is not an
// object, and missing or mistyped required fields are InvalidArgument with a
// precise detail. An unknown event_name is not an error: ignored_reason is
// "unknown_event:<name>". "{}" is the console probe: ignored "probe".
// An event to act on (inbound, receipts, admin echo) for an OA other than
// page.zalo.oa_id, when that is set, is ignored as "other_oa" instead, with
// oa_id telling which.
//
// Inbound: channel kZalo, page_id = page.id, chat_id = user_id = the citizen's
// OA-scoped id, event_id as above, platform_time = timestamp_ms / 1000.
//   user_send_text                -> kText; "#intent:..." / "#rating:..." (our
//                                    button payloads) -> kButton, text without "#"
//   user_send_image/gif/video     -> kNonText photo/animation/video; with a
//                                    non-empty message.text, kText with that
//                                    media_kind (the caption rule of Telegram)
//   user_send_audio/file/sticker/location/link/business_card
//                                 -> kNonText voice/document/sticker/location/link/contact
//   user_submit_info              -> kNonText contact (the phone never becomes text)
//   follow -> kFollow; unfollow -> kBlocked; user_click_chatnow -> kInteraction
Result<Event> ParseEvent(std::string_view body, const Page& page);

// The consultation-message calls that deliver `message` to `user_id` (§4),
// in order: POST kSendPath with a JSON body, the text split on sentence
// boundaries to kMaxTextChars. The sender adds the "access_token" header.
// Buttons go on the last part only, as a template attachment of "oa.query.hide"
// buttons whose payload is "#" + button.payload (a tap comes back as a
// user_send_text that ParseEvent reads as kButton): the first kMaxButtons of
// them, titles cut to kMaxButtonTitle; a button whose payload would exceed
// kMaxButtonPayload is left out (Zalo would refuse the whole message).
std::vector<PlatformCall> RenderSend(const Page& page, const std::string& user_id,
                                     const OutboundMessage& message);

// Classifies the OA API's answer to a send (§6). `http_status` 0 means no
// answer (connection failed, timed out). Errors come with HTTP 200 and a
// non-zero "error": 0 -> kDelivered; -216/-220 -> kRefreshCredentials; -32 ->
// kRetryAfter 60 s; -211/-218 (quota) -> kRetryAfter 3600 s; -213/-227/-230/
// -232/-244 -> kUnreachable; every other code, known or not -> kDead. HTTP 5xx,
// 0, and a 2xx body that is not the envelope -> kRetryBackoff; 408 and 429 ->
// kRetryAfter 60 s; other statuses -> kDead. `detail` always names the code
// (or HTTP status) and the platform's message.
DeliveryOutcome ClassifyResponse(int http_status, std::string_view body);

// The Zalo message id of a successful send (data.message_id), which later
// user_received_message / user_seen_message events carry; empty if absent.
std::string SentMessageId(std::string_view body);

// The token refresh request (§7): POST kRefreshPath on page.zalo.oauth_base,
// form-encoded refresh_token, app_id and grant_type=refresh_token, with the
// app secret in a "secret_key" header. Refresh tokens are single use: the
// caller must persist the pair ParseRefreshResponse returns before using it.
PlatformCall RenderRefresh(const Page& page, const std::string& refresh_token);

struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  // Lifetime of the access token (Zalo: 90000, sent as a string); 0 when the
  // answer had none or an unreadable one, in which case the caller refreshes
  // on its own schedule. Never a reason to drop the pair: the old refresh
  // token is already dead.
  int64_t expires_in_s = 0;
};

// Parses the refresh answer. `http_status` 0 means no answer.
// Unavailable for 0 and 5xx (transport: the caller may retry; note that if
// Zalo did rotate, the old refresh token is dead and the retry will fail).
// InvalidArgument, with error/error_name/error_description when present, for
// any other status but 200, a body that is not a JSON object, a non-zero
// "error", or a missing/empty access_token or refresh_token: these need a
// human to re-authorise (without the new refresh token we must not proceed).
Result<TokenPair> ParseRefreshResponse(int http_status, std::string_view body);

}  // namespace trolyso::channels::zalo
