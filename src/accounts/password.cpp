#include "accounts/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <stdexcept>
#include <vector>

namespace trolyso::accounts {
namespace {

constexpr std::string_view kScheme = "pbkdf2-sha256";
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
// A stored hash claiming more than this is treated as damaged: verifying it
// would pin a thread for minutes.
constexpr int kMaxIterations = 10'000'000;

std::vector<unsigned char> RandomBytes(size_t n) {
  std::vector<unsigned char> bytes(n);
  if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1) {
    // Without randomness no password or token can be made safely.
    throw std::runtime_error("RAND_bytes failed");
  }
  return bytes;
}

std::string Hex(const unsigned char* data, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0xF];
  }
  return out;
}

bool FromHex(std::string_view hex, std::vector<unsigned char>& out) {
  if (hex.size() % 2 != 0) return false;
  out.resize(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(hex.data() + 2 * i, hex.data() + 2 * i + 2, value, 16);
    if (ec != std::errc() || end != hex.data() + 2 * i + 2) return false;
    out[i] = static_cast<unsigned char>(value);
  }
  return true;
}

std::array<unsigned char, kHashBytes> Derive(std::string_view password,
                                             const std::vector<unsigned char>& salt,
                                             int iterations) {
  std::array<unsigned char, kHashBytes> out{};
  PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()), salt.data(),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(),
                    static_cast<int>(out.size()), out.data());
  return out;
}

// Splits "a$b$c$d" into exactly four parts.
bool SplitHash(std::string_view s, std::array<std::string_view, 4>& parts) {
  for (size_t i = 0; i < 3; ++i) {
    size_t at = s.find('$');
    if (at == std::string_view::npos) return false;
    parts[i] = s.substr(0, at);
    s.remove_prefix(at + 1);
  }
  parts[3] = s;
  return s.find('$') == std::string_view::npos;
}

}  // namespace

std::string HashPassword(std::string_view password, int iterations) {
  std::vector<unsigned char> salt = RandomBytes(kSaltBytes);
  auto hash = Derive(password, salt, iterations);
  return std::string(kScheme) + "$" + std::to_string(iterations) + "$" +
         Hex(salt.data(), salt.size()) + "$" + Hex(hash.data(), hash.size());
}

bool VerifyPassword(std::string_view password, std::string_view stored_hash) {
  std::array<std::string_view, 4> parts;
  if (!SplitHash(stored_hash, parts) || parts[0] != kScheme) return false;
  int iterations = 0;
  auto [end, ec] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
  if (ec != std::errc() || end != parts[1].data() + parts[1].size() || iterations < 1 ||
      iterations > kMaxIterations) {
    return false;
  }
  std::vector<unsigned char> salt, expected;
  if (!FromHex(parts[2], salt) || !FromHex(parts[3], expected) || expected.size() != kHashBytes) {
    return false;
  }
  auto actual = Derive(password, salt, iterations);
  return CRYPTO_memcmp(actual.data(), expected.data(), kHashBytes) == 0;
}

void SpendPasswordCheckTime() {
  static const std::vector<unsigned char> kSalt(kSaltBytes, 0);
  Derive("-", kSalt, kPbkdf2Iterations);
}

std::string GeneratePassword() {
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 57 symbols
  std::string out;
  while (out.size() < 16) {
    for (unsigned char b : RandomBytes(32)) {
      // Rejection sampling keeps every symbol equally likely.
      if (b >= 57 * 4) continue;
      out += kAlphabet[b % 57];
      if (out.size() == 16) break;
    }
  }
  return out;
}

std::string NewSessionToken() {
  std::vector<unsigned char> bytes = RandomBytes(32);
  return Hex(bytes.data(), bytes.size());
}

std::string TokenHash(std::string_view token) {
  // Fetched once: the implicit fetch inside EVP_Digest(EVP_sha256()) takes a
  // global lock in OpenSSL 3, and every API request hashes its token.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest, &length, kSha256, nullptr);
  return Hex(digest, length);
}

}  // namespace trolyso::accounts
