// The RE2::Set never fails silently: when its DFA runs out of memory, Match
// runs the patterns one at a time, gives the same answer, and counts it in
// SetFallbackCount(). RE2 2022-06-01 cannot be driven out of DFA memory once
// the set compiled (see ForceSetFallbackForTesting in rule_set_impl.h), so
// the first case only shows that a tiny budget still answers right, and the
// second forces the fallback through the engine's test seam.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "intents/rule_set.h"
#include "intents/rule_set_impl.h"
#include "intents/temp_rule_dir.h"
#include "support/intent_fixtures.h"

using trolyso::intents::ForceSetFallbackForTesting;
using trolyso::intents::Limits;
using trolyso::intents::MatchResult;
using trolyso::intents::RuleSet;
using trolyso::intents::SetFallbackCount;
using trolyso::testing::RuleFile;
using trolyso::testing::TempRuleDir;

namespace {


// Patterns in the shipped style: gaps, .*, alternations, a named capture,
// an exclusion and an accented-form pattern, so every bank has a set. (RE2's
// \w and \b are ASCII-only, hence \pL and no \b in the accented one.)
void WriteRules(const TempRuleDir& dir) {
  dir.Write("lexicon.json", trolyso::testing::kTestLexicon);
  dir.Write("dossier.json", RuleFile("dossier", R"(
    {"id": "dossier.track", "description": "Tra cứu hồ sơ",
     "patterns": ["\\b(tra cuu|kiem tra|xem) (?:\\w+ ){0,3}ho so (?P<code>h\\d{2}\\.\\d{2}-\\d{6}-\\d{4})\\b"],
     "examples": ["tra cứu hồ sơ H12.38-240315-0001"], "answer": "Hồ sơ {entity.code}"},
    {"id": "dossier.fees", "description": "Lệ phí",
     "patterns": ["\\ble phi\\b.*\\b(bao nhieu|may tien)\\b"], "exclude": ["\\bho chieu\\b"],
     "examples": ["lệ phí bao nhiêu"], "answer": "Lệ phí"})"));
  dir.Write("vneid.json", RuleFile("vneid", R"(
    {"id": "vneid.forgot_password", "description": "Quên mật khẩu",
     "patterns": ["\\bquen (?:\\w+ ){0,2}mat khau\\b", "\\b(quen|mat) (mk|mat khau)\\b.*\\bvneid\\b"],
     "examples": ["quên mật khẩu"], "answer": "Đặt lại mật khẩu"},
    {"id": "vneid.broken_phone", "description": "Điện thoại hỏng",
     "patterns": [{"pattern": "điện thoại (?:\\pL+ ){0,3}hỏng", "form": "accented"}],
     "examples": ["điện thoại bị hỏng"], "answer": "Đổi thiết bị"})"));
}

// Long filler with many half-started patterns ("le phi", "quen", "tra cuu")
// so the DFA meets many distinct states, then the question at the end.
std::string LongMessage(const std::string& question, size_t words) {
  const std::vector<std::string> vocab = {"toi", "o", "xa", "le", "phi", "quen", "mat",
                                          "tra", "cuu", "ho", "so", "nen", "hoi", "dien",
                                          "thoai", "giup", "em", "voi", "a", "vneid"};
  std::string text;
  uint32_t x = 12345;
  for (size_t i = 0; i < words; ++i) {
    x = x * 1103515245 + 12345;  // fixed LCG: the same text every run
    text += vocab[(x >> 16) % vocab.size()] + std::to_string(i % 7) + " ";
  }
  return text + question;
}

struct Case {
  std::string text;
  MatchResult::Kind kind;
  std::string intent;  // when kAnswer
};

std::vector<Case> Cases() {
  return {
      {LongMessage("Dạ cho cháu tra cứu giúp hồ sơ H12.38-240315-0001 ạ", 3000),
       MatchResult::Kind::kAnswer, "dossier.track"},
      {LongMessage("em quen mk vneid roi", 3000), MatchResult::Kind::kAnswer,
       "vneid.forgot_password"},
      {LongMessage("Điện thoại của tôi bị hỏng rồi", 3000), MatchResult::Kind::kAnswer,
       "vneid.broken_phone"},
      {LongMessage("lệ phí làm hộ chiếu bao nhiêu", 3000), MatchResult::Kind::kNoMatch, ""},
      {"lệ phí đăng ký thường trú bao nhiêu ạ", MatchResult::Kind::kAnswer, "dossier.fees"},
      {LongMessage("cảm ơn", 3000), MatchResult::Kind::kNoMatch, ""},
  };
}

void CheckCase(const RuleSet& rules, const Case& c) {
  const MatchResult r = rules.Match(c.text);
  REQUIRE(r.kind == c.kind);
  if (c.kind == MatchResult::Kind::kAnswer) CHECK(r.intent->id == c.intent);
  if (c.intent == "dossier.track") CHECK(r.captures.at("code") == "h12.38-240315-0001");
}

// The smallest RE2 budget (to within 1/8) with which the rules compile.
Limits SmallestBudget(const TempRuleDir& dir) {
  Limits limits;
  for (int64_t mem = 4 << 10; mem <= 64 << 20; mem += mem / 8) {
    limits.max_mem = mem;
    if (RuleSet::Compile(dir.path(), limits).ok()) return limits;
  }
  FAIL("the rules compile with no budget up to 64 MiB");
  return limits;
}

// Turns the forced fallback off again even when a REQUIRE throws.
struct ForcedFallback {
  ForcedFallback() { ForceSetFallbackForTesting(true); }
  ~ForcedFallback() { ForceSetFallbackForTesting(false); }
  ForcedFallback(const ForcedFallback&) = delete;
  ForcedFallback& operator=(const ForcedFallback&) = delete;
};

}  // namespace

TEST_CASE("with the smallest budget that compiles, long messages still match right") {
  TempRuleDir dir;
  WriteRules(dir);
  const Limits limits = SmallestBudget(dir);
  MESSAGE("smallest max_mem that compiles: " << limits.max_mem << " bytes");
  auto rules = RuleSet::Compile(dir.path(), limits);
  REQUIRE(rules.ok());
  const uint64_t before = SetFallbackCount();
  for (const Case& c : Cases()) {
    CAPTURE(c.intent);
    CheckCase(**rules, c);
  }
  // Not an error if a future RE2 does run out of DFA memory here: the answers
  // above are right either way. With RE2 2022-06-01 the set flushes its
  // state cache and carries on, so this stays 0.
  WARN_MESSAGE(SetFallbackCount() == before, "RE2::Set ran out of DFA memory for real");
}

TEST_CASE("when the set runs out of DFA memory, Match falls back, answers the same, counts it") {
  TempRuleDir dir;
  WriteRules(dir);
  for (const Limits& limits : {Limits{}, SmallestBudget(dir)}) {
    CAPTURE(limits.max_mem);
    auto rules = RuleSet::Compile(dir.path(), limits);
    REQUIRE(rules.ok());
    for (const Case& c : Cases()) {
      CAPTURE(c.intent);
      const MatchResult by_set = (*rules)->Match(c.text);
      const uint64_t before = SetFallbackCount();
      MatchResult one_by_one;
      {
        ForcedFallback forced;
        one_by_one = (*rules)->Match(c.text);
      }
      // At least the folded include bank fell back.
      CHECK(SetFallbackCount() > before);
      CHECK(one_by_one.kind == by_set.kind);
      CHECK(one_by_one.intent == by_set.intent);
      CHECK(one_by_one.captures == by_set.captures);
      REQUIRE(one_by_one.candidates.size() == by_set.candidates.size());
      for (size_t i = 0; i < by_set.candidates.size(); ++i) {
        CHECK(one_by_one.candidates[i].intent == by_set.candidates[i].intent);
        CHECK(one_by_one.candidates[i].excluded == by_set.candidates[i].excluded);
        CHECK(one_by_one.candidates[i].span == by_set.candidates[i].span);
      }
      ForcedFallback forced;
      CheckCase(**rules, c);
    }
  }
  // Back to normal: the set answers and nothing is counted.
  auto rules = RuleSet::Compile(dir.path());
  REQUIRE(rules.ok());
  const uint64_t before = SetFallbackCount();
  CHECK((*rules)->Match("quên mật khẩu").intent != nullptr);
  CHECK(SetFallbackCount() == before);
}
