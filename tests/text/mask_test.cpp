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

namespace {

using trolyso::text::FindPersonalNumbers;
using trolyso::text::PersonalNumber;

// "phone:0912***678 id:001******345", for compact expectations.
std::string Found(const std::string& text) {
  std::string out;
  for (const PersonalNumber& n : FindPersonalNumbers(text)) {
    if (!out.empty()) out += ' ';
    out += (n.kind == PersonalNumber::Kind::kPhone ? "phone:" : "id:") + n.masked;
  }
  return out;
}

}  // namespace

TEST_CASE("FindPersonalNumbers recognises phone numbers as citizens type them") {
  struct Case {
    const char* in;
    const char* want;
  };
  const Case cases[] = {
      {"0912345678", "phone:0912***678"},
      {"sđt 091 234 5678 ạ", "phone:0912***678"},
      {"0912 345 678", "phone:0912***678"},
      {"0912.345.678", "phone:0912***678"},
      {"0912-345-678", "phone:0912***678"},
      {"+84 912345678", "phone:0912***678"},
      {"+84 912 345 678", "phone:0912***678"},
      {"+84912345678", "phone:0912***678"},
      {"84912345678", "phone:0912***678"},
      {"số 0387654321 nhé", "phone:0387***321"},
      {"máy bàn 02838123456", "phone:0283****456"},   // 11-digit landline
      {"+84 28 3812 3456", "phone:0283****456"},
      {"sdt:0912345678", "phone:0912***678"},
      {"1990 0912 345 678", "phone:0912***678"},      // a year before it
      {"0912345678 hoặc 0987654321", "phone:0912***678 phone:0987***321"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(Found(c.in) == c.want);
  }
}

TEST_CASE("FindPersonalNumbers recognises 12-digit CCCD and 9-digit CMND after its name") {
  CHECK(Found("cccd 001099012345") == "id:001******345");
  CHECK(Found("số định danh 001 099 012 345") == "id:001******345");
  CHECK(Found("cmnd 123456789") == "id:******789");
  CHECK(Found("số chứng minh nhân dân của tôi là 123456789") == "id:******789");
  CHECK(Found("cmnd mất rồi, giờ tôi phải chuyển khoản 500000000") == "");  // 7 words away
  CHECK(Found("số chứng minh 123.456.789") == "id:******789");
  CHECK(Found("cmt: 123456789") == "id:******789");
  CHECK(Found("cccd 001099012345 sđt 0912345678") == "id:001******345 phone:0912***678");
}

TEST_CASE("FindPersonalNumbers leaves codes, amounts, dates and other numbers alone") {
  const char* none[] = {
      "mã hồ sơ H12.38-240315-0001",          // glued to a letter: a dossier code
      "h26.103.25.7-250908-0112",
      "000.00.15.H12-240315-0001",
      "chuyển 1.000.000.000 đồng",            // 10 digits: an amount
      "chuyển 1000000000 đồng",
      "phí 500000000",                         // 9 digits without "cmnd": an amount
      "ngày 15/03/2024",
      "15.03.2024 lúc 10:30",
      "tổng đài 1900 0368",
      "12345678901234",                        // 14 digits
      "123456789012",                          // 12 digits not starting with 0
      "0123456789",                            // no 01x mobile prefix since 2018
      "+1 415 555 0100",                       // another country
      "năm 2024 tháng 3",
      "không có số nào",
      "",
  };
  for (const char* s : none) {
    CAPTURE(s);
    CHECK(Found(s) == "");
  }
}

TEST_CASE("no found value holds a full number") {
  for (const char* s : {"0912345678", "02838123456", "+84912345678", "001099012345",
                        "cmnd 123456789"}) {
    CAPTURE(s);
    const auto found = FindPersonalNumbers(s);
    REQUIRE(found.size() == 1);
    size_t digits = 0;
    for (char c : found[0].masked) digits += c >= '0' && c <= '9';
    CHECK(digits <= 7);
    CHECK(found[0].masked.find('*') != std::string::npos);
  }
}

TEST_CASE("MaskPhone and MaskIdNumber keep the documented digits") {
  using trolyso::text::MaskIdNumber;
  using trolyso::text::MaskPhone;
  CHECK(MaskPhone("0912345678") == "0912***678");
  CHECK(MaskPhone("02838123456") == "0283****456");
  CHECK(MaskIdNumber("001099012345") == "001******345");
  CHECK(MaskIdNumber("123456789") == "******789");
}
