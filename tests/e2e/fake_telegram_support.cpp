#include "e2e/fake_telegram.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include "e2e/server_process.h"

namespace trolyso::testing {

FakeTelegramApi::FakeTelegramApi() : server_(std::make_unique<httplib::Server>()) {
  server_->Post(R"(/bot([^/]+)/(\w+))", [this](const httplib::Request& req, httplib::Response& res) {
    Call call;
    call.method = req.matches[2].str();
    call.body = nlohmann::json::parse(req.body, nullptr, false);
    call.at = std::chrono::steady_clock::now();
    Scripted answer{200, ""};
    {
      std::lock_guard lock(mu_);
      if (!script_.empty()) {
        answer = script_.front();
        script_.pop_front();
      } else if (default_) {
        answer = *default_;
      }
      if (answer.body.empty()) {
        nlohmann::json ok = {{"ok", true},
                             {"result",
                              {{"message_id", next_message_id_++},
                               {"date", 0},
                               {"chat", {{"id", call.body.value("chat_id", nlohmann::json(0))},
                                         {"type", "private"}}},
                               {"text", call.body.value("text", "")}}}};
        answer.body = ok.dump();
      }
      call.answered_status = answer.status;
      calls_.push_back(call);
    }
    res.status = answer.status;
    res.set_content(answer.body, "application/json");
  });
  port_ = server_->bind_to_any_port("127.0.0.1");
  REQUIRE(port_ > 0);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  REQUIRE(WaitFor([this] { return server_->is_running(); }));
}

FakeTelegramApi::~FakeTelegramApi() {
  server_->stop();
  thread_.join();
}

void FakeTelegramApi::Script(std::vector<Scripted> answers) {
  std::lock_guard lock(mu_);
  script_.assign(answers.begin(), answers.end());
}

void FakeTelegramApi::SetDefault(std::optional<Scripted> answer) {
  std::lock_guard lock(mu_);
  default_ = std::move(answer);
}

std::vector<FakeTelegramApi::Call> FakeTelegramApi::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::vector<FakeTelegramApi::Call> FakeTelegramApi::delivered() const {
  std::vector<Call> out;
  for (const Call& c : calls()) {
    if (c.method == "sendMessage" && c.answered_status == 200) out.push_back(c);
  }
  return out;
}

}  // namespace trolyso::testing
