#include "text/mask.h"

#include <doctest/doctest.h>

#include <string>

using trolyso::text::MaskPersonalNumbers;

TEST_CASE("MaskPersonalNumbers hides all but the last 3 digits of phones and IDs") {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"0912345678", "*******678"},
      {"sđt em 0912.345.678 nhé", "sđt em ****.***.678 nhé"},
      {"0912-345-678", "****-***-678"},
      {"gọi 0912 345 678 giúp", "gọi **** *** 678 giúp"},
      {"+84912345678", "+********678"},
      {"+84 912 345 678", "+** *** *** 678"},
      {"84912345678", "********678"},
      {"máy bàn 02838123456", "máy bàn ********456"},        // 11-digit landline
      {"CCCD 001099012345 ạ", "CCCD *********345 ạ"},       // 12-digit ID
      {"cmnd 123456789", "cmnd ******789"},                 // 9-digit ID
      {"0912345678 và 0987654321", "*******678 và *******321"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(MaskPersonalNumbers(c.in) == c.want);
  }
}

TEST_CASE("MaskPersonalNumbers finds a phone inside a longer run of digit groups") {
  // "1990" is a year, not part of the phone number after it.
  CHECK(MaskPersonalNumbers("1990 0912 345 678") == "1990 **** *** 678");
}

TEST_CASE("MaskPersonalNumbers leaves codes, amounts and hotlines alone") {
  const char* unchanged[] = {
      "mã hồ sơ H12.38-240315-0001",  // glued to a letter: a dossier code
      "000.00.15.H12-240315-0001",
      "tổng đài 1900 0368",           // 8 digits
      "phí 50000 đồng",
      "năm 2024",
      "12345678901234",               // 14 digits: neither phone nor ID
      "không có số nào",
  };
  for (const char* s : unchanged) {
    CAPTURE(s);
    CHECK(MaskPersonalNumbers(s) == s);
  }
}
