#include "text/mask.h"

#include <re2/re2.h>

#include <vector>

namespace trolyso::text {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Anything that is part of a word: ASCII letters and digits, and any byte of
// a multi-byte UTF-8 character (Vietnamese letters). Conservative on purpose:
// a number touching a word is a code, not a phone number.
bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return IsDigit(c) || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

size_t CountDigits(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += IsDigit(c) ? 1 : 0;
  return n;
}

// The digits of a candidate number, without separators or '+'.
std::string DigitsOf(std::string_view s) {
  std::string out;
  for (char c : s) if (IsDigit(c)) out.push_back(c);
  return out;
}

bool IsPersonalNumber(std::string_view candidate) {
  const std::string d = DigitsOf(candidate);
  if (d.empty()) return false;
  const bool plus = !candidate.empty() && candidate.front() == '+';
  if (d.rfind("84", 0) == 0 && d.size() == 11) return true;  // +84 / 84 + 9 digits
  if (plus) return false;
  if (d.front() == '0' && (d.size() == 10 || d.size() == 11)) return true;
  return d.size() == 9 || d.size() == 12;  // CMND / CCCD
}

void MaskDigits(std::string& text, size_t begin, size_t end) {
  size_t keep = 3;
  for (size_t i = end; i > begin; --i) {
    if (!IsDigit(text[i - 1])) continue;
    if (keep > 0) {
      --keep;
    } else {
      text[i - 1] = '*';
    }
  }
}

// A run of digit groups is split at spaces into chunks; '.' and '-' only join
// groups inside one number. Tries windows of whole chunks, longest first from
// each start, and masks each that is a phone or ID number.
void MaskRun(std::string& text, size_t run_begin, size_t run_end) {
  std::vector<std::pair<size_t, size_t>> chunks;
  size_t start = run_begin;
  for (size_t i = run_begin; i <= run_end; ++i) {
    if (i == run_end || text[i] == ' ') {
      chunks.emplace_back(start, i);
      start = i + 1;
    }
  }
  size_t first = 0;
  while (first < chunks.size()) {
    size_t matched_last = chunks.size();
    size_t digits = 0;
    for (size_t last = first; last < chunks.size(); ++last) {
      const size_t b = chunks[first].first, e = chunks[last].second;
      digits = CountDigits(std::string_view(text).substr(b, e - b));
      if (digits > 12) break;
      if (IsPersonalNumber(std::string_view(text).substr(b, e - b))) matched_last = last;
    }
    if (matched_last == chunks.size()) {
      ++first;
      continue;
    }
    MaskDigits(text, chunks[first].first, chunks[matched_last].second);
    first = matched_last + 1;
  }
}

}  // namespace

std::string MaskPersonalNumbers(std::string_view utf8) {
  // Digit groups joined by single separators; a leading '+' for +84.
  static const RE2* const kRun = [] {
    RE2::Options options;
    options.set_log_errors(false);
    return new RE2(R"(\+?\d+(?:[ .\-]\d+)*)", options);
  }();
  std::string out(utf8);
  re2::StringPiece input(out);
  re2::StringPiece match;
  std::vector<std::pair<size_t, size_t>> runs;
  size_t pos = 0;
  while (pos < out.size() &&
         kRun->Match(input, pos, out.size(), RE2::UNANCHORED, &match, 1)) {
    const size_t b = static_cast<size_t>(match.data() - out.data());
    const size_t e = b + match.size();
    runs.emplace_back(b, e);
    pos = e;
  }
  for (auto [b, e] : runs) {
    // Trim chunks glued to a word on either side: "H12-240315" is a code.
    if (b > 0 && IsWordByte(out[b - 1])) {
      while (b < e && out[b] != ' ') ++b;
    }
    if (e < out.size() && IsWordByte(out[e])) {
      while (e > b && out[e - 1] != ' ') --e;
    }
    while (b < e && out[b] == ' ') ++b;
    while (e > b && out[e - 1] == ' ') --e;
    if (b < e) MaskRun(out, b, e);
  }
  return out;
}

}  // namespace trolyso::text
