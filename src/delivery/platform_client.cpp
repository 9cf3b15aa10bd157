#include "delivery/platform_client.h"

#include <httplib.h>

#include "channels/telegram.h"

namespace trolyso::delivery {

PlatformClient::PlatformClient() = default;
PlatformClient::~PlatformClient() = default;

httplib::Client& PlatformClient::ClientFor(const std::string& api_base) {
  auto& client = clients_[api_base];
  if (!client) {
    client = std::make_unique<httplib::Client>(api_base);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);  // else each call waits ~40 ms on delayed ACK
    client->set_connection_timeout(5, 0);
    client->set_read_timeout(15, 0);
    client->set_write_timeout(15, 0);
  }
  return *client;
}

SendProgress PlatformClient::Send(const Page& page, const std::string& chat_id,
                                  const OutboundMessage& message, int parts_sent) {
  SendProgress progress;
  progress.parts_sent = parts_sent;
  if (page.channel != Channel::kTelegram) {
    progress.outcome = {DeliveryVerdict::kDead, 0,
                        "no sender for channel " + std::string(ChannelName(page.channel))};
    return progress;
  }
  std::vector<PlatformCall> calls = channels::telegram::RenderSend(page, chat_id, message);
  httplib::Client& client = ClientFor(page.telegram.api_base);
  for (size_t i = static_cast<size_t>(parts_sent); i < calls.size(); ++i) {
    httplib::Result res = client.Post(calls[i].path, calls[i].body, "application/json");
    int status = res ? res->status : 0;
    progress.outcome = channels::telegram::ClassifyResponse(status, res ? res->body : "");
    if (!res) progress.outcome.detail = "no response: " + httplib::to_string(res.error());
    if (progress.outcome.verdict != DeliveryVerdict::kDelivered) return progress;
    progress.parts_sent = static_cast<int>(i + 1);
  }
  if (calls.size() <= static_cast<size_t>(parts_sent)) {
    progress.outcome = {DeliveryVerdict::kDelivered, 0, ""};
  }
  return progress;
}

}  // namespace trolyso::delivery
