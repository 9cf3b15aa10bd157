#include "delivery/platform_client.h"

#include <httplib.h>

#include "channels/telegram.h"
#include "channels/zalo.h"
#include "delivery/zalo_tokens.h"

namespace trolyso::delivery {
namespace {

httplib::Headers HeadersOf(const PlatformCall& call) {
  httplib::Headers headers;
  for (const auto& [name, value] : call.headers) headers.emplace(name, value);
  return headers;
}

}  // namespace

std::pair<int, std::string> PostOnce(const std::string& base, const PlatformCall& call) {
  httplib::Client client(base);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(15, 0);
  httplib::Result res = client.Post(call.path, HeadersOf(call), call.body, call.content_type);
  if (!res) return {0, "no response: " + httplib::to_string(res.error())};
  return {res->status, res->body};
}

PlatformClient::PlatformClient(ZaloTokens* zalo_tokens) : zalo_tokens_(zalo_tokens) {}
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
  switch (page.channel) {
    case Channel::kTelegram: return SendTelegram(page, chat_id, message, parts_sent);
    case Channel::kZalo: return SendZalo(page, chat_id, message, parts_sent);
    case Channel::kWebchat: break;
  }
  SendProgress progress;
  progress.parts_sent = parts_sent;
  progress.outcome = {DeliveryVerdict::kDead, 0,
                      "no sender for channel " + std::string(ChannelName(page.channel))};
  return progress;
}

SendProgress PlatformClient::SendTelegram(const Page& page, const std::string& chat_id,
                                          const OutboundMessage& message, int parts_sent) {
  SendProgress progress;
  progress.parts_sent = parts_sent;
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

SendProgress PlatformClient::SendZalo(const Page& page, const std::string& user_id,
                                      const OutboundMessage& message, int parts_sent) {
  SendProgress progress;
  progress.parts_sent = parts_sent;
  if (zalo_tokens_ == nullptr) {
    progress.outcome = {DeliveryVerdict::kDead, 0, "no Zalo token store"};
    return progress;
  }
  Result<std::string> token = zalo_tokens_->AccessToken(page);
  if (!token.ok()) {
    progress.outcome = {DeliveryVerdict::kRetryBackoff, 0, token.status().message()};
    return progress;
  }
  std::vector<PlatformCall> calls = channels::zalo::RenderSend(page, user_id, message);
  httplib::Client& client = ClientFor(page.zalo.api_base);
  for (size_t i = static_cast<size_t>(parts_sent); i < calls.size(); ++i) {
    bool renewed = false;
    for (;;) {
      httplib::Headers headers = HeadersOf(calls[i]);
      headers.emplace("access_token", *token);
      httplib::Result res = client.Post(calls[i].path, headers, calls[i].body,
                                        calls[i].content_type);
      progress.outcome = channels::zalo::ClassifyResponse(res ? res->status : 0,
                                                          res ? res->body : "");
      if (!res) progress.outcome.detail = "no response: " + httplib::to_string(res.error());
      // Expired or revoked early: one refresh (shared with every other
      // sender that hit it) and one more try.
      if (progress.outcome.verdict != DeliveryVerdict::kRefreshCredentials || renewed) break;
      renewed = true;
      token = zalo_tokens_->Renew(page, *token);
      if (!token.ok()) {
        progress.outcome = {DeliveryVerdict::kRetryBackoff, 0, token.status().message()};
        return progress;
      }
    }
    if (progress.outcome.verdict != DeliveryVerdict::kDelivered) return progress;
    progress.parts_sent = static_cast<int>(i + 1);
  }
  if (calls.size() <= static_cast<size_t>(parts_sent)) {
    progress.outcome = {DeliveryVerdict::kDelivered, 0, ""};
  }
  return progress;
}

}  // namespace trolyso::delivery
