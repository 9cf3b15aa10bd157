// What a platform said about one send, as the delivery worker acts on it.
// Channel adapters classify; delivery/ decides when to try again.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace trolyso {

enum class DeliveryVerdict {
  kDelivered,     // the platform accepted the message
  kRetryAfter,    // rate limited: try the same request after retry_after_s
  kRetryBackoff,  // transient (5xx, timeout, connection): exponential back-off
  kUnreachable,   // the citizen blocked the bot / left: never retry, mark the chat
  kDead,          // permanent for this message (bad request, bad token): dead letter
  kRefreshCredentials,  // the access token expired or was revoked: refresh it, then retry once
};

struct DeliveryOutcome {
  DeliveryVerdict verdict = DeliveryVerdict::kRetryBackoff;
  int retry_after_s = 0;
  std::string detail;  // the platform's description, for the dead letter and logs
};

// One HTTP request a sender makes to a platform API.
struct PlatformCall {
  std::string path;  // appended to the page's api_base
  std::string body;  // JSON, unless content_type says otherwise
  std::string content_type = "application/json";
  // Extra headers (Zalo's token refresh sends "secret_key"). The sender adds
  // the page's access token itself where the platform wants one.
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace trolyso
