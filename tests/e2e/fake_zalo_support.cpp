#include "e2e/fake_zalo.h"

#include <openssl/evp.h>

#include <doctest/doctest.h>

#include <cstdio>

#include <httplib.h>

namespace trolyso::testing {

using nlohmann::json;

std::string ZaloSignature(const std::string& app_id, const std::string& body,
                          const std::string& timestamp, const std::string& secret) {
  std::string input = app_id + body + timestamp + secret;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(input.data(), input.size(), digest, &length, EVP_sha256(), nullptr);
  std::string hex = "mac=";
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    unsigned char b = digest[i];
    std::snprintf(byte, sizeof(byte), "%02x", b);
    hex += byte;
  }
  return hex;
}

FakeZaloApi::FakeZaloApi(std::string app_secret, std::string initial_refresh_token)
    : server_(std::make_unique<httplib::Server>()),
      app_secret_(std::move(app_secret)),
      refresh_token_(std::move(initial_refresh_token)) {
  server_->Post("/v4/oa/access_token", [this](const httplib::Request& req,
                                              httplib::Response& res) {
    std::lock_guard lock(mu_);
    if (req.get_header_value("secret_key") != app_secret_ ||
        req.get_param_value("grant_type") != "refresh_token") {
      res.set_content(R"({"error": -14002, "error_name": "Invalid secret key"})",
                      "application/json");
      return;
    }
    if (req.get_param_value("refresh_token") != refresh_token_) {
      res.set_content(R"({"error": -14014, "error_name": "Invalid refresh token",
                          "error_description": "Invalid refresh token"})",
                      "application/json");
      return;
    }
    ++generation_;
    access_token_ = app_secret_ + "-access-" + std::to_string(generation_);
    json answer = {{"access_token", access_token_}, {"expires_in", std::to_string(expires_in_s_)}};
    if (!omit_refresh_token_) {
      refresh_token_ = app_secret_ + "-refresh-" + std::to_string(generation_);  // the old one dies
      answer["refresh_token"] = refresh_token_;
      ++refreshes_;
    }
    res.set_content(answer.dump(), "application/json");
  });
  server_->Post("/v3.0/oa/message/cs", [this](const httplib::Request& req,
                                              httplib::Response& res) {
    std::chrono::milliseconds delay;
    {
      std::lock_guard lock(mu_);
      delay = send_delay_;
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
    std::lock_guard lock(mu_);
    json body = json::parse(req.body, nullptr, false);
    if (access_token_.empty() || req.get_header_value("access_token") != access_token_) {
      ++refused_;
      res.set_content(R"({"error": -216, "message": "Access token is invalid"})",
                      "application/json");
      return;
    }
    std::string user = body.is_object() ? body["recipient"].value("user_id", "") : "";
    if (outside_window_.count(user)) {
      ++refused_;
      res.set_content(R"({"error": -230, "message": "User has not interacted with the OA in the last 7 days"})",
                      "application/json");
      return;
    }
    sent_.push_back({user, body["message"].value("text", ""), body});
    json answer = {{"error", 0},
                   {"message", "Success"},
                   {"data", {{"message_id", "m" + std::to_string(sent_.size())}, {"user_id", user}}}};
    res.set_content(answer.dump(), "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeZaloApi::~FakeZaloApi() {
  server_->stop();
  thread_.join();
}

std::vector<FakeZaloApi::Sent> FakeZaloApi::sent() const {
  std::lock_guard lock(mu_);
  return sent_;
}

std::vector<FakeZaloApi::Sent> FakeZaloApi::SentTo(const std::string& user_id) const {
  std::vector<Sent> out;
  for (const Sent& s : sent()) {
    if (s.user_id == user_id) out.push_back(s);
  }
  return out;
}

int FakeZaloApi::refreshes() const {
  std::lock_guard lock(mu_);
  return refreshes_;
}

int FakeZaloApi::refused_sends() const {
  std::lock_guard lock(mu_);
  return refused_;
}

std::string FakeZaloApi::refresh_token() const {
  std::lock_guard lock(mu_);
  return refresh_token_;
}

std::string FakeZaloApi::access_token() const {
  std::lock_guard lock(mu_);
  return access_token_;
}

void FakeZaloApi::ExpireAccessToken() {
  std::lock_guard lock(mu_);
  access_token_ = "revoked-" + access_token_;
}

void FakeZaloApi::SetOutsideWindow(const std::string& user_id) {
  std::lock_guard lock(mu_);
  outside_window_.insert(user_id);
}

void FakeZaloApi::SetOmitRefreshToken(bool omit) {
  std::lock_guard lock(mu_);
  omit_refresh_token_ = omit;
}

void FakeZaloApi::SetExpiresIn(int seconds) {
  std::lock_guard lock(mu_);
  expires_in_s_ = seconds;
}

void FakeZaloApi::SetSendDelay(std::chrono::milliseconds delay) {
  std::lock_guard lock(mu_);
  send_delay_ = delay;
}

}  // namespace trolyso::testing
