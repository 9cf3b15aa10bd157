#include "text/normalizer.h"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "text/lexicon.h"

using trolyso::text::Lexicon;
using trolyso::text::Normalize;

namespace {

// Every precomposed Vietnamese vowel, one row per base vowel, tones in the
// order: none, huyền (grave), sắc (acute), hỏi (hook), ngã (tilde), nặng (dot).
struct VowelRow {
  const char* base_folded;        // what folding must give
  const char* decomposed_base;    // base letter + vowel mark as combining chars
  const char* decomposed_upper;
  std::vector<std::string> lower;
  std::vector<std::string> upper;
};

const std::vector<VowelRow>& Rows() {
  static const auto* rows = new std::vector<VowelRow>{
      {"a", "a", "A", {"a", "à", "á", "ả", "ã", "ạ"}, {"A", "À", "Á", "Ả", "Ã", "Ạ"}},
      {"a", "a\u0306", "A\u0306", {"ă", "ằ", "ắ", "ẳ", "ẵ", "ặ"}, {"Ă", "Ằ", "Ắ", "Ẳ", "Ẵ", "Ặ"}},
      {"a", "a\u0302", "A\u0302", {"â", "ầ", "ấ", "ẩ", "ẫ", "ậ"}, {"Â", "Ầ", "Ấ", "Ẩ", "Ẫ", "Ậ"}},
      {"e", "e", "E", {"e", "è", "é", "ẻ", "ẽ", "ẹ"}, {"E", "È", "É", "Ẻ", "Ẽ", "Ẹ"}},
      {"e", "e\u0302", "E\u0302", {"ê", "ề", "ế", "ể", "ễ", "ệ"}, {"Ê", "Ề", "Ế", "Ể", "Ễ", "Ệ"}},
      {"i", "i", "I", {"i", "ì", "í", "ỉ", "ĩ", "ị"}, {"I", "Ì", "Í", "Ỉ", "Ĩ", "Ị"}},
      {"o", "o", "O", {"o", "ò", "ó", "ỏ", "õ", "ọ"}, {"O", "Ò", "Ó", "Ỏ", "Õ", "Ọ"}},
      {"o", "o\u0302", "O\u0302", {"ô", "ồ", "ố", "ổ", "ỗ", "ộ"}, {"Ô", "Ồ", "Ố", "Ổ", "Ỗ", "Ộ"}},
      {"o", "o\u031B", "O\u031B", {"ơ", "ờ", "ớ", "ở", "ỡ", "ợ"}, {"Ơ", "Ờ", "Ớ", "Ở", "Ỡ", "Ợ"}},
      {"u", "u", "U", {"u", "ù", "ú", "ủ", "ũ", "ụ"}, {"U", "Ù", "Ú", "Ủ", "Ũ", "Ụ"}},
      {"u", "u\u031B", "U\u031B", {"ư", "ừ", "ứ", "ử", "ữ", "ự"}, {"Ư", "Ừ", "Ứ", "Ử", "Ữ", "Ự"}},
      {"y", "y", "Y", {"y", "ỳ", "ý", "ỷ", "ỹ", "ỵ"}, {"Y", "Ỳ", "Ý", "Ỷ", "Ỹ", "Ỵ"}},
  };
  return *rows;
}

// Combining tone marks in the same order as the rows' columns.
const char* const kToneMarks[] = {"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"};

bool IsAscii(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("the letter table holds all 134 precomposed Vietnamese letters") {
  std::set<std::string> precomposed = {"đ", "Đ"};
  for (const VowelRow& row : Rows()) {
    for (const auto& s : row.lower) if (!IsAscii(s)) precomposed.insert(s);
    for (const auto& s : row.upper) if (!IsAscii(s)) precomposed.insert(s);
  }
  CHECK(precomposed.size() == 134);
}

TEST_CASE("every Vietnamese letter, precomposed or decomposed, lower or upper, normalizes alike") {
  const Lexicon empty;
  for (const VowelRow& row : Rows()) {
    for (size_t tone = 0; tone < 6; ++tone) {
      const std::string& want = row.lower[tone];
      const std::string inputs[] = {
          row.lower[tone],
          row.upper[tone],
          std::string(row.decomposed_base) + kToneMarks[tone],
          std::string(row.decomposed_upper) + kToneMarks[tone],
      };
      for (const std::string& in : inputs) {
        CAPTURE(in);
        const auto n = Normalize(in, empty);
        CHECK(n.accented == want);
        CHECK(n.folded == row.base_folded);
      }
    }
  }
  for (const char* d : {"đ", "Đ"}) {
    CAPTURE(d);
    CHECK(Normalize(d, empty).accented == "đ");
    CHECK(Normalize(d, empty).folded == "d");
  }
}

TEST_CASE("a decomposed 'quên' equals the precomposed one in both forms") {
  const Lexicon empty;
  const auto precomposed = Normalize("Quên mật khẩu", empty);
  // q u e + circumflex; m a + circumflex + dot below (not canonical order:
  // NFC must reorder the dot below first); k h a + circumflex + hook above.
  const auto decomposed =
      Normalize("Que\u0302n ma\u0302\u0323t kha\u0302\u0309u", empty);
  CHECK(decomposed.accented == precomposed.accented);
  CHECK(decomposed.folded == precomposed.folded);
  CHECK(precomposed.accented == "quên mật khẩu");
  CHECK(precomposed.folded == "quen mat khau");
}

TEST_CASE("Normalize lower-cases the capital letters Đ, Ư and Ơ") {
  const auto n = Normalize("ĐĂNG KÝ TÀI KHOẢN ƯU TIÊN Ở ĐÂY", Lexicon());
  CHECK(n.accented == "đăng ký tài khoản ưu tiên ở đây");
  CHECK(n.folded == "dang ky tai khoan uu tien o day");
}

TEST_CASE("punctuation, emoji and repeated spaces become single spaces") {
  const auto n = Normalize("  Ad ơi!!!   giúp em với 😭😭 ... (gấp)  ", Lexicon());
  CHECK(n.accented == "ad ơi giúp em với gấp");
  CHECK(n.folded == "ad oi giup em voi gap");
}

TEST_CASE("runs of three or more identical letters collapse, doubles and digits stay") {
  const Lexicon empty;
  CHECK(Normalize("alooo", empty).folded == "alo");
  CHECK(Normalize("giúp emmm", empty).accented == "giúp em");
  CHECK(Normalize("khôôông", empty).accented == "không");
  CHECK(Normalize("khôôông", empty).folded == "khong");
  CHECK(Normalize("xoong nồi", empty).folded == "xoong noi");
  CHECK(Normalize("phí 1000 đồng", empty).folded == "phi 1000 dong");
}

TEST_CASE("numbers and codes keep their inner separators for entity captures") {
  const Lexicon empty;
  CHECK(Normalize("sđt 0912.345.678.", empty).folded == "sdt 0912.345.678");
  CHECK(Normalize("Mã: H12-240315-0001!", empty).folded == "ma h12-240315-0001");
  CHECK(Normalize("gọi +84 912", empty).folded == "goi +84 912");
  // Between two letters a dot is punctuation, not a joiner.
  CHECK(Normalize("ko.dc", empty).folded == "ko dc");
}

TEST_CASE("invalid UTF-8 does not stop normalization") {
  const auto n = Normalize("quên\xFF mk", Lexicon());
  CHECK(n.accented == "quên mk");
}

namespace {
Lexicon SmallLexicon() {
  Lexicon lex;
  REQUIRE(lex.Add("ko", "khong").ok());
  REQUIRE(lex.Add("hong", "khong").ok());
  REQUIRE(lex.Add("dc", "duoc").ok());
  REQUIRE(lex.Add("mk", "mat khau").ok());
  return lex;
}
}  // namespace

TEST_CASE("the lexicon rewrites teencode tokens in the folded form only") {
  const auto n = Normalize("vneid ko đăng nhập đc, quên mk", SmallLexicon());
  CHECK(n.folded == "vneid khong dang nhap duoc quen mat khau");
  CHECK(n.accented == "vneid ko đăng nhập đc quên mk");
}

TEST_CASE("the lexicon skips tokens typed with tone marks: 'hỏng' is a word, 'hong' teencode") {
  const Lexicon lex = SmallLexicon();
  CHECK(Normalize("app bị hỏng", lex).folded == "app bi hong");
  CHECK(Normalize("app hong chay", lex).folded == "app khong chay");
}

TEST_CASE("a token the lexicon knows as typed is not collapsed: 'cccd' stays") {
  Lexicon lex;
  REQUIRE(lex.Add("cccd", "cccd").ok());
  const auto n = Normalize("CCCD gắn chip", lex);
  CHECK(n.folded == "cccd gan chip");
  CHECK(n.accented == "cccd gắn chip");
}

TEST_CASE("the lexicon only replaces whole tokens") {
  CHECK(Normalize("kodc mkk", SmallLexicon()).folded == "kodc mkk");
}
