#include "text/utf8.h"

#include <doctest/doctest.h>

#include <string>

using trolyso::text::IsValidUtf8;

TEST_CASE("IsValidUtf8 accepts well-formed text up to U+10FFFF") {
  const std::string valid[] = {
      "",
      "quen mat khau",
      "Quên mật khẩu VNeID",   // 2- and 3-byte sequences
      "Đ ư ơ ự",
      "\xF0\x9F\x98\x80",      // 😀, 4 bytes
      "\xEF\xBF\xBF",          // U+FFFF
      "\xED\x9F\xBF",          // U+D7FF, just below the surrogates
      "\xEE\x80\x80",          // U+E000, just above them
      "\xF4\x8F\xBF\xBF",      // U+10FFFF, the last code point
      std::string("a\0b", 3),  // NUL is a valid code point
  };
  for (const std::string& s : valid) {
    CAPTURE(s);
    CHECK(IsValidUtf8(s));
  }
}

TEST_CASE("IsValidUtf8 rejects overlongs, surrogates, out-of-range and broken sequences") {
  const std::string invalid[] = {
      "\xC0\xAF",          // overlong '/'
      "\xC1\xBF",          // overlong 2-byte
      "\xE0\x80\xAF",      // overlong 3-byte
      "\xF0\x80\x80\xAF",  // overlong 4-byte
      "\xED\xA0\x80",      // U+D800, a surrogate
      "\xED\xBF\xBF",      // U+DFFF
      "\xF4\x90\x80\x80",  // U+110000
      "\xF5\x80\x80\x80",  // lead byte past range
      "\xFF",
      "\x80",              // stray continuation
      "abc\xE1\xBA",       // truncated "ạ" at the end
      "\xE1\xBA" "a",      // truncated in the middle
      "\xC3",              // lone lead byte
  };
  for (const std::string& s : invalid) {
    CAPTURE(s);
    CHECK_FALSE(IsValidUtf8(s));
  }
}

TEST_CASE("DecodeLenient replaces each bad byte with U+FFFD and keeps the rest") {
  const auto cps = trolyso::text::DecodeLenient("a\xFF\xC3\xA0");
  REQUIRE(cps.size() == 3);
  CHECK(cps[0] == U'a');
  CHECK(cps[1] == 0xFFFD);
  CHECK(cps[2] == U'à');
}
