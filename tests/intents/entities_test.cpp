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

// ---------------------------------------------------------------------------
// Built-in entities (MatchResult::entities): phone, id_number, dossier_code.

namespace {

std::string EntitiesOf(const MatchResult& r) {
  std::string out;
  for (const MatchResult::Entity& e : r.entities) {
    out += (out.empty() ? "" : " ") + e.name + "=" + e.value;
  }
  return out;
}

}  // namespace

TEST_CASE("Match finds phone numbers in every format citizens type, masked") {
  for (const char* phone : {"0912345678", "091 234 5678", "0912.345.678", "0912-345-678",
                            "+84 912345678", "84912345678", "+84 912 345 678"}) {
    CAPTURE(phone);
    // Entities come with every outcome: this one answers, a bare number does not.
    CHECK(EntitiesOf(Shipped().Match(std::string("không nhận được OTP về số ") + phone)) ==
          "phone=0912***678");
    CHECK(EntitiesOf(Shipped().Match(phone)) == "phone=0912***678");
  }
}

TEST_CASE("Match finds 12-digit CCCD and 9-digit CMND numbers, masked") {
  CHECK(EntitiesOf(Shipped().Match("số căn cước của tôi là 001099012345")) ==
        "id_number=001******345");
  CHECK(EntitiesOf(Shipped().Match("CMND cũ 123456789 còn dùng được không")) ==
        "id_number=******789");
  CHECK(EntitiesOf(Shipped().Match("CCCD 001099012345, sđt 0912.345.678")) ==
        "id_number=001******345 phone=0912***678");
}

TEST_CASE("Match takes no dossier code digits, amount or date for a phone or ID") {
  for (const char* message :
       {"tra cứu hồ sơ H12.38-240315-0001", "hồ sơ 000.00.15.H12-240315-0001",
        "tôi chuyển khoản nhầm 1.000.000.000 đồng", "nộp hồ sơ ngày 15/03/2024",
        "hẹn trả kết quả 15.03.2024", "phí 500000000", "năm 2024 tháng 3 ngày 15"}) {
    CAPTURE(message);
    const MatchResult r = Shipped().Match(message);
    for (const MatchResult::Entity& e : r.entities) CHECK(e.name == "dossier_code");
  }
}

TEST_CASE("the winner's dossier code is an entity in capitals, as printed") {
  const MatchResult r =
      Shipped().Match("tra cứu hồ sơ h12.38-240315-0001 giúp em, sđt 0912345678");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  CHECK(EntitiesOf(r) == "phone=0912***678 dossier_code=H12.38-240315-0001");
}

TEST_CASE("no entity value or capture ever holds a full phone or ID number") {
  const char* numbers[] = {"0912345678", "84912345678", "001099012345", "123456789",
                           "02838123456"};
  for (const char* message :
       {"tra cứu hồ sơ H12.38-240315-0001, CCCD 001099012345, sđt 0912345678",
        "không nhận được OTP về số +84 912 345 678, cmnd 123456789",
        "đổi số điện thoại vneid sang 0912.345.678, máy bàn 02838123456",
        "ma ho so 001099012345", "001099012345 0912345678 123456789"}) {
    CAPTURE(message);
    const MatchResult r = Shipped().Match(message);
    CHECK_FALSE(r.entities.empty());
    for (const MatchResult::Entity& e : r.entities) {
      std::string digits;
      for (char c : e.value) if (c >= '0' && c <= '9') digits += c;
      for (const char* n : numbers) CHECK(digits.find(n) == std::string::npos);
    }
    for (const auto& [name, value] : r.captures) {
      for (const char* n : numbers) CHECK(value.find(n) == std::string::npos);
    }
  }
}

TEST_CASE("a message without digits has no entities") {
  CHECK(Shipped().Match("quên mật khẩu vneid").entities.empty());
  CHECK(Shipped().Match("").entities.empty());
}

TEST_CASE("otp_not_received confirms the phone number the citizen gave, masked") {
  const MatchResult r = Shipped().Match("số 0912.345.678 không nhận được OTP VNeID");
  REQUIRE(r.kind == MatchResult::Kind::kAnswer);
  REQUIRE(r.intent->id == "vneid.otp_not_received");
  CHECK(r.captures.at("phone") == "0912***678");
  const std::string text = RenderAnswer(*r.intent, FullPage(), r.captures, 0).text;
  CHECK(text.rfind("Số bạn nhắc tới: 0912***678 — ", 0) == 0);
  CHECK(text.find("345") == std::string::npos);
  // Without a number the line is left out, with no hole.
  const MatchResult bare = Shipped().Match("không nhận được OTP VNeID");
  REQUIRE(bare.intent == r.intent);
  const std::string plain = RenderAnswer(*bare.intent, FullPage(), bare.captures, 0).text;
  CHECK(plain.rfind("2 loại mã", 0) == 0);
}
