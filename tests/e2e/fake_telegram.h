// FakeTelegramApi: a small Bot API server on loopback that records every
// call and answers as the test scripts it (ok by default; 429, 403, 500 or
// no answer on demand). Stands in for api.telegram.org in end-to-end tests.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace httplib {
class Server;
}

namespace trolyso::testing {

class FakeTelegramApi {
 public:
  struct Call {
    std::string method;  // "sendMessage"
    nlohmann::json body;
    std::chrono::steady_clock::time_point at;
    int answered_status = 0;
  };
  struct Scripted {
    int status;
    std::string body;
  };

  FakeTelegramApi();
  ~FakeTelegramApi();

  // The next calls get these answers, in order; then the default ok.
  void Script(std::vector<Scripted> answers);
  // Every call gets this answer until changed (empty = ok).
  void SetDefault(std::optional<Scripted> answer);

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<Call> calls() const;
  // sendMessage calls that were answered 200 (what a citizen actually got).
  std::vector<Call> delivered() const;

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
  mutable std::mutex mu_;
  std::deque<Scripted> script_;
  std::optional<Scripted> default_;
  std::vector<Call> calls_;
  int64_t next_message_id_ = 1;
};

}  // namespace trolyso::testing
