// X-ZEvent-Signature (spec §2) and the console probe.
#include "channels/zalo.h"

#include <openssl/evp.h>

#include <array>
#include <initializer_list>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "channels/secret_compare.h"

namespace trolyso::channels::zalo {
namespace {

using nlohmann::json;

constexpr std::string_view kMacPrefix = "mac=";
constexpr size_t kHexDigits = 64;  // SHA-256

struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

// SHA-256, fetched once. OpenSSL 3 resolves EVP_sha256() through the
// provider store, under a global lock, on every EVP_DigestInit_ex; an
// explicitly fetched EVP_MD skips that (see secret_compare.cpp on why the
// webhook path avoids that lock). Intentionally never freed.
const EVP_MD* Sha256() {
  static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

// Lowercase hex SHA-256 of the concatenation of `parts`, hashed piece by piece
// so the body is never copied. Empty on an OpenSSL failure.
std::string Sha256Hex(std::initializer_list<std::string_view> parts) {
  const EVP_MD* md = Sha256();
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (md == nullptr || ctx == nullptr || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) return {};
  for (std::string_view part : parts) {
    if (EVP_DigestUpdate(ctx.get(), part.data(), part.size()) != 1) return {};
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return hex;
}

// "" when `header` has the documented shape, else what is wrong with it.
// Only the presented value is inspected, so the checks reveal nothing about
// the expected mac.
std::string HeaderProblem(std::string_view header) {
  if (!header.starts_with(kMacPrefix)) return "X-ZEvent-Signature does not start with \"mac=\"";
  std::string_view hex = header.substr(kMacPrefix.size());
  if (hex.size() != kHexDigits) {
    return "X-ZEvent-Signature has " + std::to_string(hex.size()) +
           " characters after \"mac=\", not 64 hex digits";
  }
  for (char c : hex) {
    if (c >= 'A' && c <= 'F') return "X-ZEvent-Signature hex is not lowercase";
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return "X-ZEvent-Signature is not hex after \"mac=\"";
    }
  }
  return "";
}

}  // namespace

bool IsProbe(std::string_view body) {
  json root = json::parse(body, nullptr, /*allow_exceptions=*/false);
  return root.is_object() && root.empty();
}

Status VerifySignature(const Page& page, std::string_view raw_body, const std::string* presented) {
  constexpr std::string_view kContext = "signature";
  if (presented == nullptr) return Status::Unauthenticated(kContext, "missing X-ZEvent-Signature");
  if (std::string problem = HeaderProblem(*presented); !problem.empty()) {
    return Status::Unauthenticated(kContext, problem);
  }

  json root = json::parse(raw_body, nullptr, /*allow_exceptions=*/false);
  if (!root.is_object()) return Status::InvalidArgument(kContext, "body is not a JSON object");
  auto app_id = root.find("app_id");
  auto timestamp = root.find("timestamp");
  if (app_id == root.end() || !app_id->is_string()) {
    return Status::InvalidArgument(kContext, "body has no string \"app_id\"");
  }
  if (timestamp == root.end() || !timestamp->is_string()) {
    return Status::InvalidArgument(kContext, "body has no string \"timestamp\"");
  }

  const ZaloCredentials& zalo = page.zalo;
  if (zalo.app_id.empty() || zalo.oa_secret_key.empty()) {
    // Config validation prevents this; refuse rather than hash an empty key.
    return Status::Unauthenticated(kContext, "page has no zalo app_id / oa_secret_key configured");
  }
  if (app_id->get_ref<const std::string&>() != zalo.app_id) {
    return Status::Unauthenticated(kContext, "body app_id is not this page's app");
  }
  std::string mac = Sha256Hex(
      {zalo.app_id, raw_body, timestamp->get_ref<const std::string&>(), zalo.oa_secret_key});
  if (mac.empty()) return Status::Internal(kContext, "SHA-256 unavailable in OpenSSL");
  if (!SecretsEqual(std::string(kMacPrefix) + mac, *presented)) {
    return Status::Unauthenticated(
        kContext, "mac mismatch (wrong oa_secret_key, or the body was altered or re-encoded)");
  }
  return Status::Ok();
}

}  // namespace trolyso::channels::zalo
