// Retry timing for failed sends.
#pragma once

#include <cstdint>

namespace trolyso::delivery {

struct BackoffPolicy {
  int64_t base_ms = 1000;            // first retry after about a second
  int64_t max_ms = 5 * 60 * 1000;    // never wait more than five minutes between tries
  int max_attempts = 20;             // then dead-letter (about 1.3 h of trying)
};

// Delay before attempt number `attempts + 1` after `attempts` failures:
// exponential, capped, with "equal jitter" (half fixed, half drawn from
// `random`) so a burst of failures does not retry in lock-step.
int64_t BackoffDelayMs(int attempts, const BackoffPolicy& policy, uint64_t random);

}  // namespace trolyso::delivery
