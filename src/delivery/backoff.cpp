#include "delivery/backoff.h"

#include <algorithm>

namespace trolyso::delivery {

int64_t BackoffDelayMs(int attempts, const BackoffPolicy& policy, uint64_t random) {
  int shift = std::clamp(attempts - 1, 0, 30);
  int64_t ceiling = std::min(policy.max_ms, policy.base_ms << shift);
  int64_t half = ceiling / 2;
  return half + static_cast<int64_t>(random % static_cast<uint64_t>(half + 1));
}

}  // namespace trolyso::delivery
