// Telegram Bot API adapter: verify, parse, render, classify. Pure functions
// over bytes and JSON, no sockets, so every quirk is unit-tested against the
// recorded payloads in webhooks/telegram/. See ../shared/channels/telegram.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/delivery.h"
#include "core/message.h"
#include "core/page.h"
#include "core/result.h"

namespace trolyso::channels::telegram {

// Telegram's limit on a message's text, in UTF-16 code units.
constexpr size_t kMaxTextUnits = 4096;

// Checks X-Telegram-Bot-Api-Secret-Token. `presented` is null when the header
// is missing. A page with no configured secret accepts any request (its
// operator chose so; start-up logs a warning).
Status VerifySecret(const Page& page, const std::string* presented);

// One parsed Update.
struct Update {
  int64_t update_id = 0;
  // The message to process, if the update carries one the gateway handles.
  std::optional<Inbound> inbound;
  // Set for a button press: answered with answerCallbackQuery.
  std::string callback_query_id;
  // Why nothing is processed ("group_chat", "bot_sender", "inline_query"...),
  // when inbound is empty. Counted in metrics.
  std::string ignored_reason;
};

// Parses an Update body. Errors (malformed JSON, invalid UTF-8, JSON that is
// not an Update) are InvalidArgument with a precise detail. An Update of a
// type the gateway does not handle is not an error: it comes back with
// ignored_reason set.
Result<Update> ParseUpdate(std::string_view body, const Page& page);

// The webhook response body that answers a button press inline (Telegram runs
// the method itself, so the press costs no extra API call), or "{}".
std::string WebhookReplyBody(const Update& update);

// The sendMessage calls that deliver `message` to `chat_id`, in order: the
// text split on sentence boundaries to Telegram's limit, the inline keyboard
// on the last part. Plain text: no parse_mode, so FAQ text needs no escaping.
std::vector<PlatformCall> RenderSend(const Page& page, const std::string& chat_id,
                                     const OutboundMessage& message);

// Classifies Telegram's answer. `http_status` 0 means no answer (connection
// failed, timed out).
DeliveryOutcome ClassifyResponse(int http_status, std::string_view body);

}  // namespace trolyso::channels::telegram
