// A bank split into several RE2::Sets (Limits::max_patterns_per_set), with
// the required-literal prefilter skipping Sets, must answer exactly as one
// Set does: same kind, winner, options, captures, candidates and entities.
#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <vector>

#include "intents/rule_set.h"
#include "intents/rule_set_impl.h"
#include "support/files.h"

using trolyso::intents::ForceSetFallbackForTesting;
using trolyso::intents::Limits;
using trolyso::intents::MatchResult;
using trolyso::intents::RuleSet;

namespace {

std::shared_ptr<const RuleSet> Shipped(const Limits& limits) {
  auto rules = RuleSet::LoadDir(trolyso::testing::RepoPath("intents"), limits);
  REQUIRE_MESSAGE(rules.ok(), rules.status().message());
  return *rules;
}

// Every example and counter-example of the shipped rules, and a few
// messages that mix topics, carry numbers or match nothing.
std::vector<std::string> Messages(const RuleSet& rules) {
  std::vector<std::string> out = {
      "",
      "xin chào",
      "hôm nay trời mưa to quá",
      "tra cứu hồ sơ H12.38-240315-0001 giúp em, sđt 0912345678",
      "quên mật khẩu vneid và không nhận được OTP về số 0912.345.678",
      "cảm ơn nhưng vẫn chưa đăng nhập được dịch vụ công",
      "CMND cũ 123456789 còn dùng được không, CCCD 001099012345",
      "lệ phí đăng ký thường trú bao nhiêu, nộp ở đâu",
  };
  for (const auto& intent : rules.intents()) {
    out.insert(out.end(), intent.examples.begin(), intent.examples.end());
    out.insert(out.end(), intent.counter_examples.begin(), intent.counter_examples.end());
  }
  return out;
}

void CheckSame(const MatchResult& a, const MatchResult& b) {
  REQUIRE(a.kind == b.kind);
  if (a.intent != nullptr) CHECK(a.intent->id == b.intent->id);
  REQUIRE(a.options.size() == b.options.size());
  for (size_t i = 0; i < a.options.size(); ++i) CHECK(a.options[i]->id == b.options[i]->id);
  CHECK(a.captures == b.captures);
  REQUIRE(a.candidates.size() == b.candidates.size());
  for (size_t i = 0; i < a.candidates.size(); ++i) {
    CHECK(a.candidates[i].intent->id == b.candidates[i].intent->id);
    CHECK(a.candidates[i].specificity == b.candidates[i].specificity);
    CHECK(a.candidates[i].span == b.candidates[i].span);
    CHECK(a.candidates[i].excluded == b.candidates[i].excluded);
  }
  REQUIRE(a.entities.size() == b.entities.size());
  for (size_t i = 0; i < a.entities.size(); ++i) {
    CHECK(a.entities[i].name == b.entities[i].name);
    CHECK(a.entities[i].value == b.entities[i].value);
  }
}

}  // namespace

TEST_CASE("the shipped rules split into many small Sets answer as one Set does") {
  const auto one = Shipped(Limits{});
  Limits split;
  split.max_patterns_per_set = 7;  // dozens of Sets per bank, prefilter on
  const auto many = Shipped(split);  // LoadDir: the examples hold too
  for (const std::string& m : Messages(*one)) {
    CAPTURE(m);
    CheckSame(one->Match(m), many->Match(m));
  }
}

TEST_CASE("split Sets fall back one pattern at a time and still answer the same") {
  const auto one = Shipped(Limits{});
  Limits split;
  split.max_patterns_per_set = 50;
  const auto many = Shipped(split);
  const uint64_t before = trolyso::intents::SetFallbackCount();
  ForceSetFallbackForTesting(true);
  for (const std::string& m : Messages(*one)) {
    CAPTURE(m);
    const MatchResult fell_back = many->Match(m);
    ForceSetFallbackForTesting(false);
    CheckSame(one->Match(m), fell_back);
    ForceSetFallbackForTesting(true);
  }
  ForceSetFallbackForTesting(false);
  CHECK(trolyso::intents::SetFallbackCount() > before);
}

TEST_CASE("an unbounded max_patterns_per_set keeps one Set per bank") {
  Limits one;
  one.max_patterns_per_set = std::numeric_limits<size_t>::max();
  const auto rules = Shipped(one);
  CHECK(rules->Match("quên mật khẩu vneid").kind == MatchResult::Kind::kAnswer);
}
