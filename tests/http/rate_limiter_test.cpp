#include "http/rate_limiter.h"

#include <doctest/doctest.h>

namespace trolyso::http {
namespace {

using std::chrono::seconds;

TEST_CASE("a burst is allowed, then one token per refill interval") {
  RateLimiter limiter(/*per_minute=*/60, /*burst=*/3);
  auto t0 = RateLimiter::Clock::time_point{} + seconds(1000);
  CHECK(limiter.Acquire("a", t0) == 0);
  CHECK(limiter.Acquire("a", t0) == 0);
  CHECK(limiter.Acquire("a", t0) == 0);
  CHECK(limiter.Acquire("a", t0) == 1);  // empty: wait a second
  CHECK(limiter.Acquire("b", t0) == 0);  // other keys are independent
  CHECK(limiter.Acquire("a", t0 + seconds(1)) == 0);
  CHECK(limiter.Acquire("a", t0 + seconds(1)) > 0);
  // Saved-up tokens never exceed the burst.
  auto later = t0 + seconds(3600);
  for (int i = 0; i < 3; ++i) CHECK(limiter.Acquire("a", later) == 0);
  CHECK(limiter.Acquire("a", later) > 0);
}

TEST_CASE("memory stays bounded by evicting the oldest buckets") {
  RateLimiter limiter(/*per_minute=*/6, /*burst=*/1, /*max_keys=*/4);  // a token per 10 s
  auto t0 = RateLimiter::Clock::time_point{} + seconds(1000);
  for (int i = 0; i < 4; ++i) CHECK(limiter.Acquire("k" + std::to_string(i), t0 + seconds(i)) == 0);
  CHECK(limiter.Acquire("k3", t0 + seconds(4)) > 0);  // k3 is empty and recent: kept
  CHECK(limiter.Acquire("new", t0 + seconds(5)) == 0);  // evicts the older half
  CHECK(limiter.Acquire("k0", t0 + seconds(5)) == 0);   // forgotten: a fresh bucket
  CHECK(limiter.Acquire("k3", t0 + seconds(4)) > 0);
}

}  // namespace
}  // namespace trolyso::http
