#include "channels/secret_compare.h"

#include <openssl/crypto.h>

#include <array>
#include <cstring>

namespace trolyso::channels {

bool SecretsEqual(std::string_view expected, std::string_view presented) {
  // Both sides are copied into zero-padded buffers of the largest secret we
  // accept and compared whole with CRYPTO_memcmp, so the time depends on
  // neither a matching prefix nor either length. (Hashing first would do the
  // same, but OpenSSL 3's one-shot digests take a global lock per call: on
  // the webhook path that showed up as lock contention under load.)
  if (expected.size() > kMaxSecretLength || presented.size() > kMaxSecretLength) {
    return false;  // a configured secret never is; a presented one is wrong
  }
  std::array<unsigned char, kMaxSecretLength> a{};
  std::array<unsigned char, kMaxSecretLength> b{};
  std::memcpy(a.data(), expected.data(), expected.size());
  std::memcpy(b.data(), presented.data(), presented.size());
  int differ = CRYPTO_memcmp(a.data(), b.data(), a.size());
  // Padding alone would make "abc" equal "abc\0"; the lengths must match too.
  differ |= static_cast<int>(expected.size() ^ presented.size());
  return differ == 0;
}

}  // namespace trolyso::channels
