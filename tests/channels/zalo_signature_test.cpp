// X-ZEvent-Signature against the recorded vectors in
// webhooks/zalo/signature-vectors.json (spec §2).
#include "channels/zalo.h"

#include <openssl/evp.h>

#include <cctype>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/files.h"

namespace trolyso::channels::zalo {
namespace {

using nlohmann::json;
using trolyso::testing::ReadFile;
using trolyso::testing::RepoPath;

json Vectors() {
  return json::parse(ReadFile(RepoPath("webhooks/zalo/signature-vectors.json")));
}

Page PageFor(const std::string& app_id, const std::string& oa_secret_key) {
  Page page;
  page.id = "zalo-test";
  page.channel = Channel::kZalo;
  page.zalo.app_id = app_id;
  page.zalo.oa_secret_key = oa_secret_key;
  page.zalo.app_secret = "AppSecretNotOaSecret01";
  return page;
}

Page VectorPage(const json& vector) { return PageFor(vector["app_id"], vector["oa_secret_key"]); }

// The mac computed independently of the adapter (one-shot EVP_Digest over the
// concatenated string), to sign bodies the vectors do not cover.
std::string MacFor(const std::string& app_id, const std::string& body,
                   const std::string& timestamp, const std::string& secret) {
  std::string data = app_id + body + timestamp + secret;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  REQUIRE(EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) == 1);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 0x0F];
  }
  return "mac=" + hex;
}

Status Verify(const Page& page, const std::string& body, const std::string& header) {
  return VerifySignature(page, body, &header);
}

void CheckUnauthenticated(const Status& s, const std::string& detail) {
  CHECK(s.code() == StatusCode::kUnauthenticated);
  CHECK_MESSAGE(s.message().find(detail) != std::string::npos, s.message());
}

TEST_CASE("every recorded vector's header is accepted for its raw body") {
  json vectors = Vectors();
  REQUIRE(vectors["vectors"].size() == 3);
  for (const json& v : vectors["vectors"]) {
    CAPTURE(v["name"].get<std::string>());
    std::string body = v["raw_body"];
    // The bytes are the ones that were hashed: reading the file kept them.
    CHECK(body.size() == v["raw_body_utf8_length_bytes"].get<size_t>());
    CHECK(v["expected_header_value"] == "mac=" + v["sha256_hex"].get<std::string>());
    Status s = Verify(VectorPage(v), body, v["expected_header_value"]);
    CHECK_MESSAGE(s.ok(), s.message());
    // The helper used by the other cases agrees with the recorded digest.
    CHECK(MacFor(v["app_id"], body, v["timestamp"], v["oa_secret_key"]) ==
          v["expected_header_value"]);
  }
}

TEST_CASE("the same event with \\u escapes is other bytes: each mac fits only its own body") {
  json vectors = Vectors();
  const json& raw = vectors["vectors"][0];
  const json& escaped = vectors["vectors"][2];
  REQUIRE(raw["raw_body"] != escaped["raw_body"]);
  CheckUnauthenticated(Verify(VectorPage(raw), escaped["raw_body"], raw["expected_header_value"]),
                       "mac mismatch");
  CheckUnauthenticated(Verify(VectorPage(raw), raw["raw_body"], escaped["expected_header_value"]),
                       "mac mismatch");
}

TEST_CASE("every recorded negative case is rejected as unauthenticated") {
  json vectors = Vectors();
  const json& v1 = vectors["vectors"][0];
  REQUIRE(vectors["negative_cases"].size() == 3);
  for (const json& c : vectors["negative_cases"]) {
    CAPTURE(c["name"].get<std::string>());
    int checked = 0;
    if (c.contains("raw_body")) {
      // Re-serialised body: the original header no longer fits.
      CheckUnauthenticated(Verify(VectorPage(v1), c["raw_body"], c["header_value"]),
                           "mac mismatch");
      ++checked;
    }
    if (c.contains("computed_wrong_hex")) {
      // A digest made the wrong way (HMAC, or with the app secret) is refused.
      std::string wrong = "mac=" + c["computed_wrong_hex"].get<std::string>();
      CheckUnauthenticated(Verify(VectorPage(v1), v1["raw_body"], wrong), "mac mismatch");
      ++checked;
    }
    if (c.contains("oa_secret_key_used")) {
      // A page configured with the app secret refuses the real header...
      Page wrong_key = PageFor(v1["app_id"], c["oa_secret_key_used"]);
      CheckUnauthenticated(Verify(wrong_key, v1["raw_body"], c["header_value"]), "mac mismatch");
      // ...and computes exactly the recorded wrong digest, so the hash is the spec's.
      CHECK(Verify(wrong_key, v1["raw_body"], "mac=" + c["computed_wrong_hex"].get<std::string>())
                .ok());
      ++checked;
    }
    CHECK(checked > 0);
  }
}

TEST_CASE("the oa_id-first variant some guides report does not validate") {
  json vectors = Vectors();
  const json& d = vectors["diagnostic_variant"];
  CheckUnauthenticated(Verify(VectorPage(vectors["vectors"][0]), d["raw_body"],
                              "mac=" + d["sha256_hex"].get<std::string>()),
                       "mac mismatch");
}

TEST_CASE("a body signed for another app is refused even with a valid mac for it") {
  json v1 = Vectors()["vectors"][0];
  std::string body = v1["raw_body"];
  const std::string ours = v1["app_id"];
  const std::string other = "1111111111111111111";
  size_t at = body.find(ours);
  REQUIRE(at != std::string::npos);
  body.replace(at, ours.size(), other);
  std::string header = MacFor(other, body, v1["timestamp"], v1["oa_secret_key"]);
  CheckUnauthenticated(Verify(VectorPage(v1), body, header), "app_id");
  // The same body and mac pass for a page of that app: only the app_id differs.
  CHECK(Verify(PageFor(other, v1["oa_secret_key"]), body, header).ok());
}

TEST_CASE("malformed or missing headers are refused with the reason") {
  json v1 = Vectors()["vectors"][0];
  Page page = VectorPage(v1);
  const std::string body = v1["raw_body"];
  const std::string good = v1["expected_header_value"];
  std::string upper = good;
  for (size_t i = 4; i < upper.size(); ++i) upper[i] = static_cast<char>(std::toupper(upper[i]));
  REQUIRE(upper != good);

  CheckUnauthenticated(VerifySignature(page, body, nullptr), "missing X-ZEvent-Signature");
  struct Case {
    std::string header;
    const char* detail;
  };
  const Case cases[] = {
      {upper, "not lowercase"},
      {good.substr(0, good.size() - 1), "63 characters"},  // truncated
      {good + "0", "65 characters"},
      {good + "\n", "65 characters"},
      {"mac=", "0 characters"},
      {"", "does not start with \"mac=\""},
      {good.substr(4), "does not start with \"mac=\""},  // bare hex
      {"MAC=" + good.substr(4), "does not start with \"mac=\""},
      {"sha256=" + good.substr(4), "does not start with \"mac=\""},
      {"mac=" + std::string(63, 'a') + "g", "not hex"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.header);
    CheckUnauthenticated(Verify(page, body, c.header), c.detail);
  }
}

TEST_CASE("any change to the body, its timestamp or the key breaks the mac") {
  json v1 = Vectors()["vectors"][0];
  Page page = VectorPage(v1);
  const std::string body = v1["raw_body"];
  const std::string header = v1["expected_header_value"];

  std::string tampered = body;
  tampered.replace(tampered.find("khai sinh"), 9, "khai tu  ");
  CheckUnauthenticated(Verify(page, tampered, header), "mac mismatch");

  std::string later = body;
  later.replace(later.find("1791252923512"), 13, "1791252923513");
  CheckUnauthenticated(Verify(page, later, header), "mac mismatch");

  CheckUnauthenticated(Verify(page, body + " ", header), "mac mismatch");  // trailing byte

  Page other_key = PageFor(v1["app_id"], "Vt6qN2xLp9RwK4zYb7Hd");
  CheckUnauthenticated(Verify(other_key, body, header), "mac mismatch");
}

TEST_CASE("a page without an oa_secret_key accepts nothing") {
  json v1 = Vectors()["vectors"][0];
  Page page = PageFor(v1["app_id"], "");
  // The mac of the body with an empty key must not pass either.
  std::string header = MacFor(v1["app_id"], v1["raw_body"], v1["timestamp"], "");
  CheckUnauthenticated(Verify(page, v1["raw_body"], header), "oa_secret_key");
}

TEST_CASE("a well-signed header over a body without string app_id/timestamp is a bad request") {
  Page page = PageFor("2893417265019485302", "Vt6qN2xLp9RwK4zYb7Hc");
  const std::string header = "mac=" + std::string(64, 'a');
  struct Case {
    std::string body;
    const char* detail;
  };
  const Case cases[] = {
      {"not json", "not a JSON object"},
      {"[]", "not a JSON object"},
      {R"({"timestamp": "1"})", "app_id"},
      {R"({"app_id": 2893417265019485302, "timestamp": "1"})", "app_id"},
      {R"({"app_id": "2893417265019485302"})", "timestamp"},
      {R"({"app_id": "2893417265019485302", "timestamp": 1791252923512})", "timestamp"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.body);
    Status s = Verify(page, c.body, header);
    CHECK(s.code() == StatusCode::kInvalidArgument);
    CHECK(s.message().find(c.detail) != std::string::npos);
  }
}

TEST_CASE("the console's unsigned probe is recognised before the signature check") {
  Page page = PageFor("2893417265019485302", "Vt6qN2xLp9RwK4zYb7Hc");
  CHECK(IsProbe("{}"));
  CHECK(IsProbe(" {\n} "));
  CHECK_FALSE(IsProbe(R"({"event_name": "follow"})"));
  CHECK_FALSE(IsProbe("[]"));
  CHECK_FALSE(IsProbe(""));
  CHECK_FALSE(IsProbe("{"));
  // Without IsProbe the route would refuse it: the probe carries no mac.
  CHECK(VerifySignature(page, "{}", nullptr).code() == StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace trolyso::channels::zalo
