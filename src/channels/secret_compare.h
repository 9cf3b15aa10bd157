// Constant-time comparison of shared secrets (webhook tokens).
#pragma once

#include <cstddef>
#include <string_view>

namespace trolyso::channels {

// Longest secret compared: Telegram allows 256 characters, Zalo's keys are
// shorter. Longer inputs are never equal.
inline constexpr size_t kMaxSecretLength = 256;

// True when `presented` equals `expected` byte for byte, in time that reveals
// neither a matching prefix nor either length (up to kMaxSecretLength).
bool SecretsEqual(std::string_view expected, std::string_view presented);

}  // namespace trolyso::channels
