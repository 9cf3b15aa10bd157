// The OA access-token refresh (spec §7), against the recorded answer in
// webhooks/zalo/oauth-refresh-response.json.
#include "channels/zalo.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "channels/zalo_fixtures.h"
#include "support/files.h"

namespace trolyso::channels::zalo {
namespace {

using nlohmann::json;
using trolyso::testing::ReadFile;
using trolyso::testing::RepoPath;

void CheckRefused(const Result<TokenPair>& pair, StatusCode code, const std::string& detail) {
  REQUIRE_FALSE(pair.ok());
  CHECK(pair.status().code() == code);
  CHECK_MESSAGE(pair.status().message().find(detail) != std::string::npos,
                pair.status().message());
}

TEST_CASE("the refresh request is the form POST of the spec, with the app secret header") {
  PlatformCall call = RenderRefresh(SamplePage(), "Lh8Tz2Qx_N5cVb9KmRw3JyF7pD1sGaE4uXo6YiB0tHnMqC-kWlSrPjZdUv");
  CHECK(call.path == "/v4/oa/access_token");
  CHECK(call.content_type == "application/x-www-form-urlencoded");
  REQUIRE(call.headers.size() == 1);
  CHECK(call.headers[0].first == "secret_key");
  CHECK(call.headers[0].second == "AppSecretNotOaSecret01");  // the app's, not the OA's key
  CHECK(call.body ==
        "refresh_token=Lh8Tz2Qx_N5cVb9KmRw3JyF7pD1sGaE4uXo6YiB0tHnMqC-kWlSrPjZdUv"
        "&app_id=2893417265019485302&grant_type=refresh_token");
}

TEST_CASE("form values are percent-encoded so a token cannot add fields") {
  PlatformCall call = RenderRefresh(SamplePage(), "a+b/c=d&grant_type=x y~");
  CHECK(call.body ==
        "refresh_token=a%2Bb%2Fc%3Dd%26grant_type%3Dx%20y~"
        "&app_id=2893417265019485302&grant_type=refresh_token");
}

TEST_CASE("the recorded answer gives the new pair; expires_in arrives as a string") {
  Result<TokenPair> pair = ParseRefreshResponse(200, Sample("oauth-refresh-response"));
  REQUIRE_MESSAGE(pair.ok(), pair.status().message());
  json raw = json::parse(Sample("oauth-refresh-response"));
  CHECK(pair->access_token == raw["access_token"]);
  CHECK(pair->refresh_token == raw["refresh_token"]);
  REQUIRE(raw["expires_in"].is_string());
  CHECK(pair->expires_in_s == 90000);
}

TEST_CASE("expires_in as a number is read the same; an unreadable one never drops the pair") {
  json raw = json::parse(Sample("oauth-refresh-response"));
  raw["expires_in"] = 90000;
  Result<TokenPair> number = ParseRefreshResponse(200, raw.dump());
  REQUIRE(number.ok());
  CHECK(number->expires_in_s == 90000);

  // The old refresh token is already spent: keep the new pair, expiry unknown.
  for (json odd : {json("soon"), json(nullptr), json(-5), json::object()}) {
    CAPTURE(odd.dump());
    raw["expires_in"] = odd;
    Result<TokenPair> pair = ParseRefreshResponse(200, raw.dump());
    REQUIRE(pair.ok());
    CHECK(pair->expires_in_s == 0);
    CHECK_FALSE(pair->refresh_token.empty());
  }
  raw.erase("expires_in");
  Result<TokenPair> missing = ParseRefreshResponse(200, raw.dump());
  REQUIRE(missing.ok());
  CHECK(missing->expires_in_s == 0);
}

TEST_CASE("an answer without the new refresh token is refused: it rotates") {
  json raw = json::parse(Sample("oauth-refresh-response"));
  json no_refresh = raw;
  no_refresh.erase("refresh_token");
  CheckRefused(ParseRefreshResponse(200, no_refresh.dump()), StatusCode::kInvalidArgument,
               "no refresh_token");
  no_refresh["refresh_token"] = "";
  CheckRefused(ParseRefreshResponse(200, no_refresh.dump()), StatusCode::kInvalidArgument,
               "no refresh_token");

  json no_access = raw;
  no_access["access_token"] = nullptr;
  CheckRefused(ParseRefreshResponse(200, no_access.dump()), StatusCode::kInvalidArgument,
               "no access_token");
}

TEST_CASE("the OAuth host's errors are refused with their code and description") {
  const std::string invalid = R"({"error": -14014, "error_name": "Invalid refresh token",
      "error_description": "Refresh token is invalid or expired", "ref_doc": "https://x"})";
  CheckRefused(ParseRefreshResponse(200, invalid), StatusCode::kInvalidArgument,
               "error -14014 Invalid refresh token: Refresh token is invalid or expired");
  CheckRefused(ParseRefreshResponse(400, invalid), StatusCode::kInvalidArgument,
               "HTTP 400 (error -14014");
  CheckRefused(ParseRefreshResponse(200, R"({"error": "-14002", "error_description": "x"})"),
               StatusCode::kInvalidArgument, "error -14002: x");
  CheckRefused(ParseRefreshResponse(200, R"({"error": "invalid_grant"})"),
               StatusCode::kInvalidArgument, "error invalid_grant");
  CheckRefused(ParseRefreshResponse(401, ""), StatusCode::kInvalidArgument, "HTTP 401");
  CheckRefused(ParseRefreshResponse(200, "<html>"), StatusCode::kInvalidArgument,
               "not a JSON object");

  // error 0 alongside a pair is a success.
  json ok = json::parse(Sample("oauth-refresh-response"));
  ok["error"] = 0;
  CHECK(ParseRefreshResponse(200, ok.dump()).ok());
}

TEST_CASE("no answer or a 5xx is a transport failure the caller may retry") {
  CheckRefused(ParseRefreshResponse(0, ""), StatusCode::kUnavailable, "no response");
  CheckRefused(ParseRefreshResponse(502, "<html>Bad Gateway</html>"), StatusCode::kUnavailable,
               "HTTP 502");
}

}  // namespace
}  // namespace trolyso::channels::zalo
