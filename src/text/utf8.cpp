#include "text/utf8.h"

namespace trolyso::text {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one sequence at the start of `s`. Returns its length, or 0 when the
// bytes there are not well-formed UTF-8 (the table is RFC 3629 §4, which is
// what rules out overlongs, surrogates and values past U+10FFFF).
size_t DecodeOne(std::string_view s, char32_t& cp) {
  const auto b = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const auto cont = [&](size_t i, unsigned lo = 0x80, unsigned hi = 0xBF) {
    return i < s.size() && b(i) >= lo && b(i) <= hi;
  };
  const unsigned c = b(0);
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF) {
    if (!cont(1)) return 0;
    cp = ((c & 0x1F) << 6) | (b(1) & 0x3F);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned lo = c == 0xE0 ? 0xA0 : 0x80;  // E0 80..9F is overlong
    const unsigned hi = c == 0xED ? 0x9F : 0xBF;  // ED A0..BF is a surrogate
    if (!cont(1, lo, hi) || !cont(2)) return 0;
    cp = ((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned lo = c == 0xF0 ? 0x90 : 0x80;  // F0 80..8F is overlong
    const unsigned hi = c == 0xF4 ? 0x8F : 0xBF;  // F4 90.. is past U+10FFFF
    if (!cont(1, lo, hi) || !cont(2) || !cont(3)) return 0;
    cp = ((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) |
         (b(3) & 0x3F);
    return 4;
  }
  return 0;  // C0, C1, F5..FF never appear; 80..BF cannot start a sequence
}

}  // namespace

bool IsValidUtf8(std::string_view bytes) {
  char32_t cp;
  while (!bytes.empty()) {
    const size_t n = DecodeOne(bytes, cp);
    if (n == 0) return false;
    bytes.remove_prefix(n);
  }
  return true;
}

std::vector<char32_t> DecodeLenient(std::string_view bytes) {
  std::vector<char32_t> out;
  out.reserve(bytes.size());
  char32_t cp;
  while (!bytes.empty()) {
    size_t n = DecodeOne(bytes, cp);
    if (n == 0) {
      cp = kReplacement;
      n = 1;
    }
    out.push_back(cp);
    bytes.remove_prefix(n);
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace trolyso::text
