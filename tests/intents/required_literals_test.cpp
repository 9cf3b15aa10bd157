#include "intents/required_literals.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using trolyso::intents::RequiredLiterals;

namespace {

// "a|b" for the list, "-" for nullopt.
std::string Req(const char* pattern) {
  const auto r = RequiredLiterals(pattern);
  if (!r) return "-";
  std::string out;
  for (const std::string& s : *r) out += (out.empty() ? "" : "|") + s;
  return out;
}

}  // namespace

TEST_CASE("RequiredLiterals keeps the most selective part of a sequence") {
  struct Case {
    const char* pattern;
    const char* want;
  };
  const Case cases[] = {
      {"quen mat khau", "quen mat khau"},
      {R"(\bho chieu\b.*\b(le phi|phi)\b)", "ho chieu"},
      {R"(\b(le phi|phi|bao nhieu tien)\b (?:\w+ ){0,4}ho chieu\b)", "ho chieu"},
      {"(mat khau|mk) vneid", " vneid"},
      {"(quen|mat) (mat khau|matkhau)", "mat khau|matkhau"},
      {"(?P<code>h[0-9]+)-dossier", "-dossier"},
      {"VNeID", "vneid"},                                   // lower case
      {"đăng ký", "đăng ký"},
      {"(dang nhap)+ loi", "dang nhap"},
      {"abcd?", "abc"},                                     // the optional d ends the run
      {"(xyz){2,3}", "xyz"},
      {"abcd+e", "abc"},                                    // "d+" ends the run
  };
  for (const Case& c : cases) {
    CAPTURE(std::string(c.pattern));
    CHECK(Req(c.pattern) == c.want);
  }
}

TEST_CASE("RequiredLiterals gives up rather than guess") {
  const char* none[] = {
      "x*",                        // matches without any literal
      R"(\d{12})",                 // classes name no literal
      "(ab|)",                     // an empty branch
      "(quen)? m",                 // only short literals left
      "(?i)quen mat khau",         // flags change matching: not followed
      "(?s:quen.mat)",
      R"(\Qquen mat\E)",           // quoting: not followed
      "ab{",                       // a literal '{'
      "(abc|d.*)",                 // one branch without a literal
  };
  for (const char* p : none) {
    CAPTURE(std::string(p));
    CHECK(Req(p) == "-");
  }
  CHECK(Req(R"(quen\.mat)") == "quen");  // an escape ends the run, nothing more
}
