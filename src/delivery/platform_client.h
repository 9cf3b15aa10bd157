// PlatformClient: sends one outbound message to a page's platform API over
// HTTP(S) and reports what the platform said. Owns one keep-alive connection
// per API base. Used by one sender thread; not thread-safe; not copyable.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>

#include "core/delivery.h"
#include "core/message.h"
#include "core/page.h"

namespace httplib {
class Client;
}

namespace trolyso::delivery {

struct SendProgress {
  DeliveryOutcome outcome;  // of the last call made
  int parts_sent = 0;       // parts known delivered, including earlier attempts
};

class ZaloTokens;

// One HTTP POST of `call` to `base` with a fresh connection; (status, body),
// status 0 when there was no answer. For rare calls such as token refreshes.
std::pair<int, std::string> PostOnce(const std::string& base, const PlatformCall& call);

class PlatformClient {
 public:
  // `zalo_tokens` (may be null when no Zalo page is configured) outlives this.
  explicit PlatformClient(ZaloTokens* zalo_tokens = nullptr);
  ~PlatformClient();
  PlatformClient(const PlatformClient&) = delete;
  PlatformClient& operator=(const PlatformClient&) = delete;

  // Sends the parts of `message` from `parts_sent` on, stopping at the first
  // part that fails. A retry resumes after the last delivered part, so a
  // long answer split in three never repeats its first part.
  SendProgress Send(const Page& page, const std::string& chat_id, const OutboundMessage& message,
                    int parts_sent);

 private:
  httplib::Client& ClientFor(const std::string& api_base);
  SendProgress SendTelegram(const Page& page, const std::string& chat_id,
                            const OutboundMessage& message, int parts_sent);
  SendProgress SendZalo(const Page& page, const std::string& user_id,
                        const OutboundMessage& message, int parts_sent);

  ZaloTokens* const zalo_tokens_;
  std::map<std::string, std::unique_ptr<httplib::Client>> clients_;
};

}  // namespace trolyso::delivery
