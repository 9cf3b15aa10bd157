#include "intents/pattern_compiler.h"

#include <doctest/doctest.h>

using trolyso::intents::CompilePattern;
using trolyso::intents::Form;
using trolyso::intents::Limits;
using trolyso::intents::PatternOptions;
using trolyso::intents::PatternSpec;
using trolyso::intents::PreparePattern;

TEST_CASE("alternation 'yes|ye[sS]' finds 'yeS' (regression for upstream RE2 bug #467)") {
  // The bug misses "yeS" in case-sensitive mode; our options are always
  // case-insensitive, which avoids it.
  auto re = CompilePattern("^(yes|ye[sS])$", Form::kAccented, PatternOptions(Limits{}), Limits{});
  REQUIRE(re.ok());
  CHECK(RE2::FullMatch("yeS", **re));
  CHECK(RE2::FullMatch("YES", **re));
}

TEST_CASE("patterns are NFC-normalized so a decomposed pattern matches composed text") {
  const std::string prepared = PreparePattern({"que\u0302n", Form::kAccented});
  CHECK(prepared == "quên");
  auto re = CompilePattern(prepared, Form::kAccented, PatternOptions(Limits{}), Limits{});
  REQUIRE(re.ok());
  CHECK(RE2::PartialMatch("em quên mật khẩu", **re));
}

TEST_CASE("accented patterns match upper-case Vietnamese letters") {
  auto re = CompilePattern("đăng ký", Form::kAccented, PatternOptions(Limits{}), Limits{});
  REQUIRE(re.ok());
  CHECK(RE2::PartialMatch("ĐĂNG KÝ", **re));
}

TEST_CASE("a pattern longer than the byte limit names the limit") {
  Limits limits;
  limits.max_pattern_bytes = 10;
  auto re = CompilePattern("quen mat khau vneid", Form::kFolded, PatternOptions(limits), limits);
  REQUIRE_FALSE(re.ok());
  CHECK(re.status().message().find("vượt giới hạn 10 byte") != std::string::npos);
}
