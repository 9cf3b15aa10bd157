#include "intents/specificity.h"

#include <doctest/doctest.h>

using trolyso::intents::MinLiteralLength;

TEST_CASE("MinLiteralLength counts the letters every match must contain") {
  struct Case {
    const char* pattern;
    int want;
  };
  const Case cases[] = {
      {"quen mat khau", 11},                  // spaces don't count
      {"\\bquen mat khau\\b", 11},            // nor do assertions
      {"(quen|mat) (mk|mat khau)", 5},        // shortest branch of each group
      {"vneid.*loi", 8},                      // gaps count nothing
      {"dang nhap( duoc)?", 8},               // optional part: 0
      {"(?:ko|khong)+ vao", 5},               // '+' keeps the weight
      {"a{3}", 3},                            // {n} multiplies
      {"x{0,2}y", 1},
      {"\\d{12}", 0},                         // classes and escapes: no letter
      {"[abc]def", 3},
      {"(?P<code>[a-z0-9]+)-ho so", 4},
      {"(?i)thủ tục", 6},                     // a Vietnamese letter is one
      {"vneid|vn", 2},
  };
  for (const Case& c : cases) {
    CAPTURE(c.pattern);
    CHECK(MinLiteralLength(c.pattern) == c.want);
  }
}
