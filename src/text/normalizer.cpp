#include "text/normalizer.h"

#include <utf8proc.h>

#include <vector>

#include "text/unicode.h"
#include "text/utf8.h"

namespace trolyso::text {
namespace {

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

}  // namespace

NormalizedText Normalize(std::string_view utf8, const Lexicon& lexicon) {
  NormalizedText result;
  for (const Token& token : Tokenize(ToNfc(utf8))) {
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

}  // namespace trolyso::text
