#include "channels/secret_compare.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace trolyso::channels {

bool SecretsEqual(std::string_view expected, std::string_view presented) {
  unsigned char a[SHA256_DIGEST_LENGTH];
  unsigned char b[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(expected.data()), expected.size(), a);
  SHA256(reinterpret_cast<const unsigned char*>(presented.data()), presented.size(), b);
  return CRYPTO_memcmp(a, b, SHA256_DIGEST_LENGTH) == 0;
}

}  // namespace trolyso::channels
