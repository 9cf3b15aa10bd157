// FakeZaloApi: a small Zalo OA Open API and OAuth server on loopback, for
// end-to-end tests. It checks the access token of every consultation
// message, answers the documented error envelopes (-216 for an expired or
// unknown token, -230 for a citizen outside the 7-day window), rotates the
// refresh token on every refresh as Zalo does, and records what was sent.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace trolyso::testing {

class FakeZaloApi {
 public:
  struct Sent {
    std::string user_id;
    std::string text;
    nlohmann::json body;
  };

  FakeZaloApi(std::string app_secret, std::string initial_refresh_token);
  ~FakeZaloApi();
  FakeZaloApi(const FakeZaloApi&) = delete;
  FakeZaloApi& operator=(const FakeZaloApi&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::vector<Sent> sent() const;  // messages accepted (error 0), in order
  std::vector<Sent> SentTo(const std::string& user_id) const;
  int refreshes() const;       // successful refreshes
  int refused_sends() const;   // sends answered with an error
  std::string refresh_token() const;  // the one live refresh token
  std::string access_token() const;

  // The live access token now answers -216, as when Zalo revokes it early.
  void ExpireAccessToken();
  // Sends to this citizen answer -230 (no interaction within 7 days).
  void SetOutsideWindow(const std::string& user_id);
  // The next refresh answers rotate the access token but omit the new
  // refresh token (a malformed answer the gateway must refuse).
  void SetOmitRefreshToken(bool omit);
  // The lifetime the next refresh answers give their access token.
  void SetExpiresIn(int seconds);
  // Each consultation message is answered after this delay.
  void SetSendDelay(std::chrono::milliseconds delay);

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  const std::string app_secret_;
  mutable std::mutex mu_;
  std::string refresh_token_;
  std::string access_token_;  // empty until the first refresh
  std::set<std::string> outside_window_;
  bool omit_refresh_token_ = false;
  int expires_in_s_ = 90000;  // Zalo's 25 h
  std::chrono::milliseconds send_delay_{0};
  int refreshes_ = 0;
  int refused_ = 0;
  int generation_ = 0;
  std::vector<Sent> sent_;
};

// "mac=" + hex SHA-256(app_id + body + timestamp + secret): what Zalo sends.
std::string ZaloSignature(const std::string& app_id, const std::string& body,
                          const std::string& timestamp, const std::string& secret);

}  // namespace trolyso::testing
