// Constant-time comparison of shared secrets (webhook tokens).
#pragma once

#include <string_view>

namespace trolyso::channels {

// True when `presented` equals `expected` byte for byte. Both are hashed with
// SHA-256 first and the digests compared with OpenSSL's CRYPTO_memcmp, so the
// time taken reveals neither a matching prefix nor the secret's length.
bool SecretsEqual(std::string_view expected, std::string_view presented);

}  // namespace trolyso::channels
