#include "delivery/backoff.h"

#include <doctest/doctest.h>

#include <algorithm>

namespace trolyso::delivery {
namespace {

TEST_CASE("back-off doubles per failure, stays within half..full of its ceiling, and caps") {
  BackoffPolicy policy{.base_ms = 1000, .max_ms = 60000, .max_attempts = 10};
  int64_t ceiling = 1000;
  for (int attempts = 1; attempts <= 12; ++attempts) {
    CAPTURE(attempts);
    int64_t low = BackoffDelayMs(attempts, policy, 0);
    int64_t high = BackoffDelayMs(attempts, policy, ~uint64_t{0} - 1);
    CHECK(low == ceiling / 2);
    CHECK(high <= ceiling);
    CHECK(high >= low);
    ceiling = std::min<int64_t>(ceiling * 2, policy.max_ms);
  }
}

TEST_CASE("jitter spreads retries of the same attempt") {
  BackoffPolicy policy;
  CHECK(BackoffDelayMs(3, policy, 1) != BackoffDelayMs(3, policy, 1777));
}

}  // namespace
}  // namespace trolyso::delivery
