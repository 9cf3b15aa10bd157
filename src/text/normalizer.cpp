#include "text/normalizer.h"

#include <utf8proc.h>

#include "text/unicode.h"
#include "text/utf8.h"

// Performance notes (Normalize runs once per citizen message, on the hot
// path of every answer):
//  - Most citizens type without diacritics. For pure-ASCII input NFC is the
//    identity, so utf8proc is skipped; ASCII letters, digits, lower case and
//    folding are answered inline instead of by utf8proc table lookups.
//  - Tokens are built in two scratch buffers reused for the whole message,
//    and encoded straight into the result, instead of a u32string pair per
//    token plus a std::string per step.
// The output is byte-for-byte what the straightforward version gave;
// tests/text/normalizer_equivalence_test.cpp keeps that version as the
// reference.

namespace trolyso::text {
namespace {

enum class Kind { kLetter, kDigit, kMark, kOther };

Kind ClassifySlow(char32_t cp) {
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

// In ASCII only A-Z, a-z are letters and 0-9 digits (as utf8proc says).
Kind Classify(char32_t cp) {
  if (cp < 0x80) {
    if ((cp | 0x20) >= U'a' && (cp | 0x20) <= U'z') return Kind::kLetter;
    if (cp >= U'0' && cp <= U'9') return Kind::kDigit;
    return Kind::kOther;
  }
  return ClassifySlow(cp);
}

char32_t Lower(char32_t cp) {
  if (cp < 0x80) return cp >= U'A' && cp <= U'Z' ? cp + 0x20 : cp;
  return ToLower(cp);
}

// ASCII has nothing to strip.
char32_t Fold(char32_t lower_cp) { return lower_cp < 0x80 ? lower_cp : FoldChar(lower_cp); }

bool IsJoiner(char32_t cp) {
  return cp == U'.' || cp == U'-' || cp == U'/' || cp == U'_' || cp == U':';
}

bool IsAlnum(Kind kind) { return kind == Kind::kLetter || kind == Kind::kDigit; }

// Teencode is typed without tone marks; a token typed with them is a real
// word ("hỏng" = broken must not become "khong" like the teencode "hong").
// đ is allowed because "đc" and "sđt" are common abbreviations.
bool TypedWithoutMarks(const std::u32string& accented) {
  for (char32_t cp : accented) {
    if (cp >= 0x80 && cp != U'đ') return false;
  }
  return true;
}

void Encode(const std::u32string& cps, std::string& out) {
  for (char32_t cp : cps) AppendUtf8(cp, out);
}

// Step 3, encoding as it goes: "alooo" → "alo". Only letters: "1000" and
// "000.00" are numbers.
void EncodeCollapsed(const std::u32string& word, std::string& out) {
  size_t i = 0;
  while (i < word.size()) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    const size_t run = j - i;
    const size_t keep = run >= 3 && Classify(word[i]) == Kind::kLetter ? 1 : run;
    for (size_t k = 0; k < keep; ++k) AppendUtf8(word[i], out);
    i = j;
  }
}

void AppendSpace(std::string& out) {
  if (!out.empty()) out.push_back(' ');
}

// Appends `word` (already encoded at the end of `out`, after a separator
// added by AppendSpace) or removes the separator when the word is empty, so
// both forms keep single spaces.
void DropSeparatorIfEmpty(std::string& out, size_t before) {
  if (out.size() == before + 1 && before > 0) out.pop_back();
}

// Builds both spellings of one message token by token, reusing its buffers.
class Builder {
 public:
  Builder(const Lexicon& lexicon, size_t input_bytes, NormalizedText& out)
      : lexicon_(lexicon), out_(out) {
    out_.accented.reserve(input_bytes);
    out_.folded.reserve(input_bytes);
  }

  bool empty() const { return accented_.empty(); }

  void Push(char32_t accented, char32_t folded) {
    accented_.push_back(accented);
    if (folded != 0) folded_.push_back(folded);
  }
  void PushAccentedOnly(char32_t cp) { accented_.push_back(cp); }

  // Step 4 on the current token, then starts the next one.
  void Flush() {
    if (accented_.empty()) return;
    const bool plain = TypedWithoutMarks(accented_);
    // A token the lexicon knows as typed is taken whole before collapsing,
    // or "cccd" would shrink to "cd".
    typed_.clear();
    Encode(folded_, typed_);
    const std::string* as_typed = plain ? lexicon_.Find(typed_) : nullptr;
    if (as_typed != nullptr) {
      AppendWord(out_.accented, [&](std::string& o) { Encode(accented_, o); });
      AppendWord(out_.folded, [&](std::string& o) { o.append(*as_typed); });
    } else {
      AppendWord(out_.accented, [&](std::string& o) { EncodeCollapsed(accented_, o); });
      typed_.clear();
      EncodeCollapsed(folded_, typed_);
      const std::string* expansion = plain ? lexicon_.Find(typed_) : nullptr;
      const std::string& folded = expansion != nullptr ? *expansion : typed_;
      AppendWord(out_.folded, [&](std::string& o) { o.append(folded); });
    }
    accented_.clear();
    folded_.clear();
  }

 private:
  template <typename Writer>
  static void AppendWord(std::string& out, Writer write) {
    const size_t before = out.size();
    AppendSpace(out);
    write(out);
    DropSeparatorIfEmpty(out, before);
  }

  const Lexicon& lexicon_;
  NormalizedText& out_;
  std::u32string accented_;
  std::u32string folded_;
  std::string typed_;
};

// Step 2 over NFC code points: split into tokens, keeping the joiners that
// hold numbers together; each token goes to the builder as it ends.
void Tokenize(const std::u32string& text, Builder& builder) {
  Kind prev = Kind::kOther;  // kind of text[i - 1]
  Kind kind = text.empty() ? Kind::kOther : Classify(text[0]);
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t cp = text[i];
    const Kind next = i + 1 < text.size() ? Classify(text[i + 1]) : Kind::kOther;
    if (IsAlnum(kind)) {
      const char32_t lower = Lower(cp);
      builder.Push(lower, Fold(lower));
    } else if (kind == Kind::kMark && !builder.empty()) {
      // A mark NFC could not compose onto its letter: part of the word in the
      // accented spelling, dropped by folding.
      builder.PushAccentedOnly(cp);
    } else if (IsJoiner(cp) && IsAlnum(prev) && IsAlnum(next) &&
               (prev == Kind::kDigit || next == Kind::kDigit)) {
      builder.Push(cp, cp);
    } else if (cp == U'+' && next == Kind::kDigit && !IsAlnum(prev)) {
      builder.Flush();
      builder.Push(cp, cp);
    } else {
      builder.Flush();
    }
    prev = kind;
    kind = next;
  }
  builder.Flush();
}

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

NormalizedText Normalize(std::string_view utf8, const Lexicon& lexicon) {
  NormalizedText result;
  Builder builder(lexicon, utf8.size(), result);
  // NFC leaves ASCII unchanged, so only other text pays for utf8proc.
  Tokenize(IsAscii(utf8) ? std::u32string(utf8.begin(), utf8.end()) : ToNfc(utf8), builder);
  return result;
}

}  // namespace trolyso::text
