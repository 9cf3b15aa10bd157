// Entities in the shipped rules (intents/*.json): dossier.track_status
// captures a dossier code, echoes it as printed on the receipt (capitals),
// and never echoes a phone or 12-digit ID number in full.
#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "intents/rule_set.h"
#include "support/intent_fixtures.h"

using trolyso::OutboundMessage;
using trolyso::Page;
using trolyso::intents::Intent;
using trolyso::intents::MatchResult;
using trolyso::intents::RenderAnswer;
using trolyso::intents::RuleSet;
using trolyso::testing::FullPage;

namespace {

const RuleSet& Shipped() { return trolyso::testing::ShippedRules(); }

// Matches `message` against the shipped rules and renders the answer the
// citizen would get; fails the test unless track_status answers.
std::string TrackStatusAnswer(const std::string& message, MatchResult* out = nullptr) {
  MatchResult r = Shipped().Match(message);
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  REQUIRE(r.intent->id == "dossier.track_status");
  const std::string text = RenderAnswer(*r.intent, FullPage(), r.captures, 0).text;
  if (out != nullptr) *out = std::move(r);
  return text;
}

}  // namespace

TEST_CASE("a dossier code is captured and echoed in capitals, as printed") {
  MatchResult r;
  const std::string text = TrackStatusAnswer("tra cứu hồ sơ H12.38-240315-0001", &r);
  // The capture itself comes from the folded text; |upper restores the case.
  CHECK(r.captures.at("dossier_code") == "h12.38-240315-0001");
  CHECK(text.rfind("Mã hồ sơ bạn gửi: H12.38-240315-0001 — ", 0) == 0);
  CHECK(text.find("h12.38") == std::string::npos);
}

TEST_CASE("the Hà Nội format from facts.md is captured whole, before or after the question") {
  CHECK(TrackStatusAnswer("Mã hồ sơ H26.103.25.7-250908-0112 xem ở đâu")
            .rfind("Mã hồ sơ bạn gửi: H26.103.25.7-250908-0112 — ", 0) == 0);
  CHECK(TrackStatusAnswer("H26.103.25.7-250908-0112 đến đâu rồi ạ")
            .rfind("Mã hồ sơ bạn gửi: H26.103.25.7-250908-0112 — ", 0) == 0);
}

TEST_CASE("a code typed in lower case without diacritics is echoed in capitals") {
  CHECK(TrackStatusAnswer("kiem tra ho so h12.38-240315-0001 giup em")
            .rfind("Mã hồ sơ bạn gửi: H12.38-240315-0001 — ", 0) == 0);
}

TEST_CASE("a message with a dossier code and a 12-digit ID echoes the code, not the ID") {
  MatchResult r;
  const std::string text = TrackStatusAnswer(
      "Tra cứu hồ sơ H12.38-240315-0001 giúp em, CCCD 001099012345, sđt 0912345678", &r);
  CHECK(r.captures.at("dossier_code") == "h12.38-240315-0001");
  for (const auto& [name, value] : r.captures) {
    CHECK(value.find("001099012345") == std::string::npos);
    CHECK(value.find("0912345678") == std::string::npos);
  }
  CHECK(text.find("H12.38-240315-0001") != std::string::npos);
  CHECK(text.find("001099012345") == std::string::npos);
  CHECK(text.find("0912345678") == std::string::npos);
}

TEST_CASE("ID and phone numbers are not taken for dossier codes") {
  for (const char* message :
       {"tra cứu hồ sơ 001099012345", "tra cuu ho so 0912.345.678",
        "kiểm tra hồ sơ số 0912-345-678", "ma ho so 001-099-012345"}) {
    CAPTURE(message);
    const MatchResult r = Shipped().Match(message);
    CHECK(r.captures.count("dossier_code") == 0);
  }
}

TEST_CASE("no shipped answer echoes an ID or phone number in full, whatever is captured") {
  // Every entity a rule could capture is fed the worst case: this catches an
  // answer placeholder (with or without a filter) that bypasses masking.
  for (const Intent& intent : Shipped().intents()) {
    for (const char* number : {"001099012345", "0912345678"}) {
      std::map<std::string, std::string> captures;
      for (const std::string& answer : intent.answers) {
        for (size_t at = answer.find("{entity."); at != std::string::npos;
             at = answer.find("{entity.", at + 1)) {
          const size_t end = answer.find_first_of("|}", at);
          captures[answer.substr(at + 8, end - at - 8)] = number;
        }
      }
      for (size_t seed = 0; seed < intent.answers.size(); ++seed) {
        CAPTURE(intent.id);
        CHECK(RenderAnswer(intent, FullPage(), captures, seed).text.find(number) ==
              std::string::npos);
      }
    }
  }
}

TEST_CASE("without a dossier code the answer has no code line, no hole and no fallback line") {
  for (const char* message : {"Tra cứu hồ sơ đã nộp ở đâu", "mã hồ sơ xem ở đâu",
                              "hồ sơ của tôi đến đâu rồi"}) {
    CAPTURE(message);
    MatchResult r;
    const std::string text = TrackStatusAnswer(message, &r);
    CHECK(r.captures.empty());
    CHECK(text.rfind("Đã đăng nhập dichvucong.gov.vn", 0) == 0);
    CHECK(text.find("Mã hồ sơ bạn gửi") == std::string::npos);
    CHECK(text.find('{') == std::string::npos);
    CHECK(text.find('\n') == std::string::npos);  // the code line left no empty line
    CHECK(text.find("vui lòng liên hệ trực tiếp") == std::string::npos);
  }
}

TEST_CASE("a code with a complaint still escalates instead of echoing it") {
  const MatchResult r =
      Shipped().Match("hồ sơ H12.38-240315-0001 trễ hẹn 2 tuần rồi, tôi muốn khiếu nại");
  CHECK(r.intent == nullptr);
}
