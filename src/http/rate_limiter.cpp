#include "http/rate_limiter.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace trolyso::http {

int RateLimiter::Acquire(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) EvictOldest();
    it = buckets_.emplace(key, Bucket{burst_, now}).first;
  }
  Bucket& b = it->second;
  double elapsed = std::chrono::duration<double>(now - b.updated).count();
  b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
  b.updated = now;
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second_)));
}

void RateLimiter::EvictOldest() {
  std::vector<Clock::time_point> times;
  times.reserve(buckets_.size());
  for (const auto& [key, bucket] : buckets_) times.push_back(bucket.updated);
  auto middle = times.begin() + static_cast<long>(times.size() / 2);
  std::nth_element(times.begin(), middle, times.end());
  Clock::time_point cutoff = *middle;
  std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated <= cutoff; });
}

}  // namespace trolyso::http
