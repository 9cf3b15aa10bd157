#include "http/request_timer.h"

#include <httplib.h>

namespace trolyso::http {

RequestTimer::~RequestTimer() {
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
  metrics_.request_latency.Observe(elapsed.count());
  metrics_.webhook_requests.Add({page_, std::to_string(res_.status)});
}

}  // namespace trolyso::http
