// Page: one official page (a Telegram bot, a Zalo OA, a web chat) served by
// this gateway, as configured. Plain values, validated once at start-up by
// app/config and then shared read-only. Intentionally copyable.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "core/channel.h"

namespace trolyso {

struct TelegramCredentials {
  std::string token;         // bot token, used in the API path
  std::string secret_token;  // expected X-Telegram-Bot-Api-Secret-Token; empty = not checked
  std::string api_base = "https://api.telegram.org";
};

// A Zalo Official Account linked to a Zalo app. The access token is not
// here: it lives in the database and rotates (see delivery/zalo_tokens).
struct ZaloCredentials {
  std::string oa_id;          // the OA the page is; events for another OA are refused
  std::string app_id;         // signed into every event
  std::string app_secret;     // "secret_key" header of the token refresh
  std::string oa_secret_key;  // the webhook signature's secret (set = app_secret where Zalo signs with it)
  std::string refresh_token;  // the initial one; later ones are stored in the database
  std::string api_base = "https://openapi.zalo.me";
  std::string oauth_base = "https://oauth.zaloapp.com";
};

struct Page {
  std::string id;    // URL-safe, unique: /webhooks/<channel>/<id>
  std::string name;  // shown to citizens, e.g. "Đoàn xã Tân Phong"
  std::string area;  // the commune team that answers escalations
  Channel channel = Channel::kWebchat;

  // Local facts used to fill answer placeholders such as {page.hotline}.
  std::string hotline;
  std::string office_address;
  std::string office_hours;
  std::string map_link;

  // Local choices of this page's team (empty: the defaults).
  std::vector<std::string> disabled_intents;  // sorted; these rules never answer here
  std::string intents_dir;  // the page's own rule files, added to the shared ones
  std::string welcome_message;  // to a new follower, before the topic buttons
  std::string holding_message;  // when a chat is handed to a volunteer

  TelegramCredentials telegram;  // set when channel == kTelegram
  ZaloCredentials zalo;          // set when channel == kZalo

  bool IntentDisabled(std::string_view intent_id) const {
    return std::binary_search(disabled_intents.begin(), disabled_intents.end(), intent_id);
  }
};

}  // namespace trolyso

#include <functional>
#include <memory>
#include <string_view>

namespace trolyso {

// Finds the configured page by id; null when there is none. Pages may be
// reconfigured at run time, so callers hold the snapshot they got.
using PageLookup = std::function<std::shared_ptr<const Page>(std::string_view page_id)>;

}  // namespace trolyso
