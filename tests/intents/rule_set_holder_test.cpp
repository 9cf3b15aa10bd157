#include "intents/rule_set_holder.h"

#include <doctest/doctest.h>

#include <thread>

#include "intents/temp_rule_dir.h"

using trolyso::intents::MatchResult;
using trolyso::intents::RuleSetHolder;
using trolyso::testing::RuleFile;
using trolyso::testing::TempRuleDir;

namespace {

std::string GoodFile(const std::string& pattern, const std::string& example) {
  return RuleFile("vneid", R"({"id": "vneid.a", "description": "d", "patterns": [")" + pattern +
                               R"("], "examples": [")" + example + R"("], "answer": "x"})");
}

}  // namespace

TEST_CASE("the holder is empty until the first successful reload") {
  TempRuleDir dir;
  RuleSetHolder holder(dir.path());
  CHECK(holder.Get() == nullptr);
  CHECK_FALSE(holder.Reload().ok());  // no rule files yet
  CHECK(holder.Get() == nullptr);
  dir.Write("vneid.json", GoodFile("kich hoat", "kích hoạt"));
  REQUIRE(holder.Reload().ok());
  REQUIRE(holder.Get() != nullptr);
  CHECK(holder.generation() == 1);
}

TEST_CASE("a reload that compiles and passes its examples swaps the set in") {
  TempRuleDir dir;
  dir.Write("vneid.json", GoodFile("kich hoat", "kích hoạt"));
  RuleSetHolder holder(dir.path());
  REQUIRE(holder.Reload().ok());
  auto in_flight = holder.Get();
  dir.Write("vneid.json", GoodFile("dinh danh", "định danh"));
  REQUIRE(holder.Reload().ok());
  CHECK(holder.Get()->Match("định danh").kind == MatchResult::Kind::kAnswer);
  CHECK(holder.Get()->Match("kích hoạt").kind == MatchResult::Kind::kNoMatch);
  // A request that started before the swap keeps the set it started with.
  CHECK(in_flight->Match("kích hoạt").kind == MatchResult::Kind::kAnswer);
  CHECK(holder.generation() == 2);
}

TEST_CASE("a bad edit is rejected with its location and the live set keeps answering") {
  TempRuleDir dir;
  dir.Write("vneid.json", GoodFile("kich hoat", "kích hoạt"));
  RuleSetHolder holder(dir.path());
  REQUIRE(holder.Reload().ok());
  const auto live = holder.Get();

  dir.Write("vneid.json", GoodFile("(kich hoat", "kích hoạt"));  // RE2 syntax error
  const auto status = holder.Reload();
  REQUIRE_FALSE(status.ok());
  CHECK(status.message().find("vneid.json: vneid.a: patterns[0]: biểu thức RE2 lỗi") != std::string::npos);
  CHECK(holder.Get() == live);

  dir.Write("vneid.json", GoodFile("kich hoat", "đăng ký"));  // example no longer wins
  CHECK_FALSE(holder.Reload().ok());
  CHECK(holder.Get() == live);
  CHECK(holder.Get()->Match("kích hoạt").kind == MatchResult::Kind::kAnswer);
  CHECK(holder.generation() == 1);
}

TEST_CASE("readers may call Get while another thread reloads") {
  TempRuleDir dir;
  dir.Write("vneid.json", GoodFile("kich hoat", "kích hoạt"));
  RuleSetHolder holder(dir.path());
  REQUIRE(holder.Reload().ok());
  std::thread reloader([&] {
    for (int i = 0; i < 20; ++i) (void)holder.Reload();
  });
  int answered = 0;
  for (int i = 0; i < 2000; ++i) {
    answered += holder.Get()->Match("kích hoạt").kind == MatchResult::Kind::kAnswer;
  }
  reloader.join();
  CHECK(answered == 2000);
  CHECK(holder.generation() == 21);
}
