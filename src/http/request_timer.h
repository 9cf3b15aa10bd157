// Observes a request's duration into the latency histogram when it goes out
// of scope, and counts it by page and final status.
#pragma once

#include <chrono>
#include <string>

#include "core/metrics.h"

namespace httplib {
struct Response;
}

namespace trolyso::http {

class RequestTimer {
 public:
  RequestTimer(Metrics& metrics, const httplib::Response& res)
      : metrics_(metrics), res_(res), start_(std::chrono::steady_clock::now()) {}
  ~RequestTimer();
  RequestTimer(const RequestTimer&) = delete;
  RequestTimer& operator=(const RequestTimer&) = delete;

  // Metrics label; only configured page ids, so a scanner cannot grow the
  // label set without bound.
  void set_page(std::string page) { page_ = std::move(page); }

 private:
  Metrics& metrics_;
  const httplib::Response& res_;
  const std::chrono::steady_clock::time_point start_;
  std::string page_ = "unknown";
};

}  // namespace trolyso::http
