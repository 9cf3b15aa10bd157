#include "text/normalizer.h"

#include <utf8proc.h>

#include <string>
#include <vector>

#include "text/unicode.h"
#include "text/utf8.h"

// Performance notes (Normalize runs once per citizen message, on the hot
// path of every answer):
//  - Most citizens type without diacritics or with precomposed letters: that
//    text is already NFC, so utf8proc's NFC pass is skipped (see Nfc).
//  - Character classes, lower case and folding of the Latin ranges come
//    from a table built once.
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
Kind ClassifyAscii(char32_t cp) {
  if ((cp | 0x20) >= U'a' && (cp | 0x20) <= U'z') return Kind::kLetter;
  if (cp >= U'0' && cp <= U'9') return Kind::kDigit;
  return Kind::kOther;
}

// What Tokenize needs to know about one code point.
struct CharInfo {
  Kind kind = Kind::kOther;
  char32_t lower = 0;
  char32_t folded = 0;  // FoldChar(lower)
  // NFC leaves any text made only of such code points unchanged: starters
  // (combining class 0, not marks) that are their own NFC and, being Latin
  // letters, digits or symbols, never the second half of a composition
  // (those are combining marks, Hangul vowels and trailing consonants, and
  // Indic vowel signs -- all outside the table's ranges or marks).
  bool nfc_stable = false;
};

bool IsOwnNfc(char32_t cp) {
  std::string one;
  AppendUtf8(cp, one);
  const std::u32string nfc = ToNfc(one);
  return nfc.size() == 1 && nfc[0] == cp;
}

CharInfo ComputeInfo(char32_t cp) {
  if (cp < 0x80) {
    const char32_t lower = cp >= U'A' && cp <= U'Z' ? cp + 0x20 : cp;
    return {ClassifyAscii(cp), lower, lower, true};  // ASCII has nothing to strip
  }
  const char32_t lower = ToLower(cp);
  const Kind kind = ClassifySlow(cp);
  const bool stable = kind != Kind::kMark && IsOwnNfc(cp) &&
                      utf8proc_get_property(static_cast<utf8proc_int32_t>(cp))
                              ->combining_class == 0;
  return {kind, lower, FoldChar(lower), stable};
}

// utf8proc answers through several table lookups and a decomposition per
// call; Vietnamese text only uses Latin-1, Latin Extended-A/B, the combining
// marks and Latin Extended Additional (the toned vowels), so those are
// computed once.
class CharTable {
 public:
  CharTable() {
    for (char32_t cp = 0; cp < kLowEnd; ++cp) low_[cp] = ComputeInfo(cp);
    for (char32_t cp = 0; cp < kHighSize; ++cp) high_[cp] = ComputeInfo(kHighBegin + cp);
  }

  CharInfo operator()(char32_t cp) const {
    if (cp < kLowEnd) return low_[cp];
    if (cp - kHighBegin < kHighSize) return high_[cp - kHighBegin];
    CharInfo info = ComputeInfo(cp);
    info.nfc_stable = false;  // only vouched for inside the table's ranges
    return info;
  }

  bool NfcStable(char32_t cp) const {
    if (cp < kLowEnd) return low_[cp].nfc_stable;
    return cp - kHighBegin < kHighSize && high_[cp - kHighBegin].nfc_stable;
  }

  static const CharTable& Get() {
    static const CharTable* table = new CharTable();
    return *table;
  }

 private:
  static constexpr char32_t kLowEnd = 0x370;  // through the combining marks
  static constexpr char32_t kHighBegin = 0x1E00, kHighSize = 0x100;
  CharInfo low_[kLowEnd];
  CharInfo high_[kHighSize];
};

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
  const CharTable& info = CharTable::Get();
  size_t i = 0;
  while (i < word.size()) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    const size_t run = j - i;
    const size_t keep = run >= 3 && info(word[i]).kind == Kind::kLetter ? 1 : run;
    for (size_t k = 0; k < keep; ++k) AppendUtf8(word[i], out);
    i = j;
  }
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
  // Writes a word straight into `out` after a separating space; an empty
  // word takes its space back, so both forms keep single spaces.
  template <typename Writer>
  static void AppendWord(std::string& out, Writer write) {
    const size_t before = out.size();
    if (before > 0) out.push_back(' ');
    write(out);
    if (before > 0 && out.size() == before + 1) out.pop_back();
  }

  const Lexicon& lexicon_;
  NormalizedText& out_;
  std::u32string accented_;
  std::u32string folded_;
  std::string typed_;
};

// Step 2 over NFC code points: split into tokens, keeping the joiners that
// hold numbers together; each token goes to the builder as it ends.
void Tokenize(std::u32string_view text, Builder& builder) {
  const CharTable& info = CharTable::Get();
  Kind prev = Kind::kOther;  // kind of text[i - 1]
  CharInfo here = text.empty() ? CharInfo{} : info(text[0]);
  for (size_t i = 0; i < text.size(); ++i) {
    const char32_t cp = text[i];
    const Kind kind = here.kind;
    const CharInfo next_info = i + 1 < text.size() ? info(text[i + 1]) : CharInfo{};
    const Kind next = next_info.kind;
    if (IsAlnum(kind)) {
      builder.Push(here.lower, here.folded);
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
    here = next_info;
  }
  builder.Flush();
}

// NFC of `utf8` as code points. Nearly every message (unaccented, or typed
// with precomposed Vietnamese letters) is already NFC, which the table can
// tell without utf8proc; anything else, invalid bytes included, goes through
// ToNfc.
std::u32string Nfc(std::string_view utf8) {
  const std::vector<char32_t> decoded = DecodeLenient(utf8);
  const CharTable& info = CharTable::Get();
  for (char32_t cp : decoded) {
    if (!info.NfcStable(cp)) return ToNfc(utf8);  // U+FFFD (bad bytes) too
  }
  return std::u32string(decoded.begin(), decoded.end());
}

}  // namespace

NormalizedText Normalize(std::string_view utf8, const Lexicon& lexicon) {
  NormalizedText result;
  Builder builder(lexicon, utf8.size(), result);
  Tokenize(Nfc(utf8), builder);
  return result;
}

}  // namespace trolyso::text
