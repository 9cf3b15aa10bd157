// RateLimiter: token buckets keyed by a string (a web chat session, a client
// address), so one script cannot flood the public web chat endpoint.
//
// Memory stays bounded: past max_keys the oldest half of the buckets is
// dropped (a dropped key simply starts again with a full bucket). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace trolyso::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // `per_minute` tokens refill evenly; at most `burst` are saved up.
  RateLimiter(double per_minute, double burst, size_t max_keys = 100'000)
      : per_second_(per_minute / 60.0), burst_(burst), max_keys_(max_keys) {}

  // Takes one token for `key`. Returns 0 when allowed, otherwise the whole
  // seconds to wait before the next token (for Retry-After).
  int Acquire(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void EvictOldest();

  const double per_second_;
  const double burst_;
  const size_t max_keys_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
};

}  // namespace trolyso::http
