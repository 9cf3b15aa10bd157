// The optimized Normalize (ASCII fast path, reused buffers, hashed lexicon)
// must give byte-for-byte what the straightforward version gave. That
// version is kept here, verbatim, as the reference, and both run over a
// generated corpus: ASCII, precomposed and decomposed Vietnamese, teencode,
// joiners, runs, emoji and invalid bytes.
#include <doctest/doctest.h>
#include <utf8proc.h>

#include <random>
#include <string>
#include <vector>

#include "text/lexicon.h"
#include "text/normalizer.h"
#include "text/unicode.h"
#include "text/utf8.h"

namespace {

using trolyso::text::AppendUtf8;
using trolyso::text::FoldChar;
using trolyso::text::Lexicon;
using trolyso::text::NormalizedText;
using trolyso::text::ToLower;
using trolyso::text::ToNfc;

namespace reference {

enum class Kind { kLetter, kDigit, kMark, kOther };

Kind Classify(char32_t cp) {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(cp))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return Kind::kLetter;
    case UTF8PROC_CATEGORY_ND:
      return Kind::kDigit;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return Kind::kMark;
    default:
      return Kind::kOther;
  }
}

bool IsJoiner(char32_t cp) {
  return cp == U'.' || cp == U'-' || cp == U'/' || cp == U'_' || cp == U':';
}

// One word in both spellings, built side by side so they stay aligned.
struct Token {
  std::u32string accented;
  std::u32string folded;
};

// Step 2: split into tokens, keeping the joiners that hold numbers together.
std::vector<Token> Tokenize(const std::u32string& text) {
  std::vector<Token> tokens;
  Token current;
  const auto flush = [&] {
    if (!current.accented.empty()) tokens.push_back(std::move(current));
    current = Token{};
  };
  const auto kind_at = [&](size_t i) {
    return i < text.size() ? Classify(text[i]) : Kind::kOther;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t cp = text[i];
    const Kind kind = Classify(cp);
    if (kind == Kind::kLetter || kind == Kind::kDigit) {
      const char32_t lower = ToLower(cp);
      current.accented.push_back(lower);
      const char32_t folded = FoldChar(lower);
      if (folded != 0) current.folded.push_back(folded);
      continue;
    }
    if (kind == Kind::kMark && !current.accented.empty()) {
      // A mark NFC could not compose onto its letter: part of the word in the
      // accented spelling, dropped by folding.
      current.accented.push_back(cp);
      continue;
    }
    const Kind prev = i > 0 ? kind_at(i - 1) : Kind::kOther;
    const Kind next = kind_at(i + 1);
    const bool prev_alnum = prev == Kind::kLetter || prev == Kind::kDigit;
    const bool next_alnum = next == Kind::kLetter || next == Kind::kDigit;
    if (IsJoiner(cp) && prev_alnum && next_alnum &&
        (prev == Kind::kDigit || next == Kind::kDigit)) {
      current.accented.push_back(cp);
      current.folded.push_back(cp);
      continue;
    }
    if (cp == U'+' && next == Kind::kDigit && !prev_alnum) {
      flush();
      current.accented.push_back(cp);
      current.folded.push_back(cp);
      continue;
    }
    flush();
  }
  flush();
  return tokens;
}

// Step 3: "alooo" → "alo". Only letters: "1000" and "000.00" are numbers.
std::u32string CollapseRuns(const std::u32string& word) {
  std::u32string out;
  out.reserve(word.size());
  size_t i = 0;
  while (i < word.size()) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    const size_t run = j - i;
    const bool letter = Classify(word[i]) == Kind::kLetter;
    out.append(letter && run >= 3 ? 1 : run, word[i]);
    i = j;
  }
  return out;
}

void AppendWord(std::string& out, std::string_view word) {
  if (word.empty()) return;
  if (!out.empty()) out.push_back(' ');
  out.append(word);
}

// Teencode is typed without tone marks; a token typed with them is a real
// word ("hỏng" = broken must not become "khong" like the teencode "hong").
// đ is allowed because "đc" and "sđt" are common abbreviations.
bool TypedWithoutMarks(const std::u32string& accented) {
  for (char32_t cp : accented) {
    if (cp >= 0x80 && cp != U'đ') return false;
  }
  return true;
}

std::string Encode(const std::u32string& cps) {
  std::string out;
  for (char32_t cp : cps) AppendUtf8(cp, out);
  return out;
}

}  // namespace reference

using namespace reference;

NormalizedText ReferenceNormalize(std::string_view utf8, const Lexicon& lexicon) {
  NormalizedText result;
  for (const Token& token : reference::Tokenize(ToNfc(utf8))) {
    const bool plain = TypedWithoutMarks(token.accented);
    // A token the lexicon knows as typed is taken whole before collapsing,
    // or "cccd" would shrink to "cd".
    const std::string typed = Encode(token.folded);
    const std::string* as_typed = plain ? lexicon.Find(typed) : nullptr;
    if (as_typed != nullptr) {
      AppendWord(result.accented, Encode(token.accented));
      AppendWord(result.folded, *as_typed);
      continue;
    }
    AppendWord(result.accented, Encode(CollapseRuns(token.accented)));
    const std::string folded = Encode(CollapseRuns(token.folded));
    const std::string* expansion = plain ? lexicon.Find(folded) : nullptr;
    AppendWord(result.folded, expansion != nullptr ? *expansion : folded);
  }
  return result;
}


Lexicon TestLexicon() {
  Lexicon lexicon;
  for (const auto& [k, v] : std::vector<std::pair<const char*, const char*>>{
           {"ko", "không"}, {"mk", "mật khẩu"}, {"tk", "tài khoản"}, {"đc", "được"},
           {"dc", "được"}, {"cccd", "căn cước công dân"}, {"hong", "không"},
           {"sđt", "số điện thoại"}, {"a", "anh"}, {"e", "em"}, {"alo", "a lô"},
           {"h12", "hồ sơ"}, {"vneid", "vneid"}}) {
    REQUIRE(lexicon.Add(k, v).ok());
  }
  return lexicon;
}

// Pieces a message is built from; some deliberately odd.
const std::vector<std::string>& Pieces() {
  static const auto* pieces = new std::vector<std::string>{
      "ko", "KO", "mk", "Mk", "tk", "đc", "dc", "Đc", "cccd", "CCCD", "cccccd", "hong",
      "hỏng", "sđt", "SĐT", "a", "e", "alooo", "aloooo", "emmm", "xoong", "1000", "000.00",
      "0912.345.678", "+84", "+ 84", "a+84", "H12.38-240315-0001", "h12", "vneid", "VNEID",
      "quên", "mật", "khẩu", "Quên", "MẬT", "khâ\u0309u", "Hu\u031B\u0301", "a\u0301",
      "\u0301", "\u0301a", "ư\u0303", "đăng", "nhập", "được", "ĐƯỢC", "😀", "👍🏻", "🇻🇳",
      "...", "-", "/", "_", ":", "a.b", "1.a", "a:1", "1:", ":1", "1//2", "12/05/2024", "ạạạ",
      "ẠẠẠ", "ÀÀÀ", "ooô", "ôôô", "\xff", "\xc3", "\xe1\xbb", "\xed\xa0\x80", "\t", "\n",
      "  ", ",", "?", "!", "Ǆ", "ǅ", "ǆǆǆ", "ß", "İ", "Ω", "٣", "१२", "ｆｕｌｌ", "²", "Ⅻ",
      "ﬁ", "e\u0302\u0301", "E\u0301\u0302", "\u00a0", "\u200b", "x\x01y", "ă\u0323",
      "ﾊﾟ", "한국어", "ㄱ", "1️⃣", "Dạ", "cho", "cháu", "hỏi", "là", "bà", "năm", "nay", "78",
      "tuổi", "ko dang nhap dc", "mk", "+", "+a", "9+1", "1-", "-1", "a-b", "a1-b", ".5"};
  return *pieces;
}

}  // namespace

TEST_CASE("optimized Normalize equals the reference on a generated corpus") {
  const Lexicon lexicon = TestLexicon();
  const Lexicon empty;
  std::mt19937 rng(20240315);
  const auto& pieces = Pieces();
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> count(0, 12), sep(0, 5);
  const char* const separators[] = {" ", "", " ", ".", ",", "  "};
  int checked = 0, ascii = 0;
  for (int n = 0; n < 20000; ++n) {
    std::string message;
    for (int i = count(rng); i > 0; --i) {
      message += pieces[pick(rng)];
      message += separators[sep(rng)];
    }
    bool is_ascii = true;
    for (char c : message) is_ascii &= static_cast<unsigned char>(c) < 0x80;
    ascii += is_ascii;
    for (const Lexicon* lex : {&lexicon, &empty}) {
      const NormalizedText want = ReferenceNormalize(message, *lex);
      const NormalizedText got = trolyso::text::Normalize(message, *lex);
      INFO("message: " << message);
      REQUIRE(got.accented == want.accented);
      REQUIRE(got.folded == want.folded);
      ++checked;
    }
  }
  CHECK(checked == 40000);
  CHECK(ascii > 1000);  // the fast path was exercised
  CHECK(ascii < 19000);  // and so was utf8proc
}

TEST_CASE("optimized Normalize equals the reference on every ASCII byte pair") {
  const Lexicon lexicon = TestLexicon();
  for (int a = 0; a < 0x80; ++a) {
    for (int b = 0; b < 0x80; ++b) {
      const std::string message = {'1', static_cast<char>(a), static_cast<char>(b), 'k', 'o',
                                   static_cast<char>(a), '9'};
      const NormalizedText want = ReferenceNormalize(message, lexicon);
      const NormalizedText got = trolyso::text::Normalize(message, lexicon);
      REQUIRE(got.accented == want.accented);
      REQUIRE(got.folded == want.folded);
    }
  }
}

// The NFC shortcut trusts a table over these ranges; walk them whole, alone
// and next to letters, digits and combining marks.
TEST_CASE("optimized Normalize equals the reference around every tabled code point") {
  const Lexicon lexicon = TestLexicon();
  std::vector<char32_t> cps;
  for (char32_t cp = 1; cp < 0x370; ++cp) cps.push_back(cp);
  for (char32_t cp = 0x1E00; cp < 0x1F00; ++cp) cps.push_back(cp);
  cps.push_back(0xFFFD);
  const char* const contexts[][2] = {{"", ""},       {"a", ""},          {"", "\u0301"},
                                     {"A", "\u0323"}, {"1", "2"},         {"ư", "\u0303 k"},
                                     {"\u0302", "o"}, {"e\u0302", "\u0300"}};
  for (char32_t cp : cps) {
    std::string one;
    AppendUtf8(cp, one);
    for (const auto& context : contexts) {
      const std::string message = std::string(context[0]) + one + one + one + context[1];
      const NormalizedText want = ReferenceNormalize(message, lexicon);
      const NormalizedText got = trolyso::text::Normalize(message, lexicon);
      INFO("code point " << static_cast<uint32_t>(cp) << " in " << message);
      REQUIRE(got.accented == want.accented);
      REQUIRE(got.folded == want.folded);
    }
  }
}
