// Unicode steps built on utf8proc: NFC, lower case, and stripping of tone and
// vowel marks, as Vietnamese text needs them.
//
// Pure functions; thread-safe (utf8proc keeps no state).
#pragma once

#include <string>
#include <string_view>

namespace trolyso::text {

// NFC of `utf8`. Invalid bytes become U+FFFD first so the result is always
// valid UTF-8.
std::u32string ToNfc(std::string_view utf8);

// Lower case of one code point (Đ→đ, Ư→ư, Ơ→ơ, Ắ→ắ ...).
char32_t ToLower(char32_t cp);

// The base letter of a lower-case letter with every Vietnamese mark removed
// (ắ→a, ự→u, đ→d). Returns 0 for a lone combining mark, which folding drops.
char32_t FoldChar(char32_t lower_cp);

// NFC + lower case, nothing else changed. Used for patterns and answers.
std::string NfcLower(std::string_view utf8);

// NFC + lower case + marks stripped, punctuation and spacing untouched: the
// folded spelling of a word or pattern ("Mật khẩu" → "mat khau").
std::string FoldMarks(std::string_view utf8);

// Upper case, code point by code point (no NFC): "h12.38-đ" → "H12.38-Đ".
// Invalid bytes become U+FFFD.
std::string ToUpper(std::string_view utf8);

}  // namespace trolyso::text
