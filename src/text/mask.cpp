// Finding personal numbers: a number is a run of digit groups joined by
// single separators (" ", ".", "-"; "+" in front for +84). A run glued to a
// letter on either side loses its outer chunks up to a space ("H12-240315"
// is a code). The rest is split at spaces into chunks, and windows of whole
// chunks are tried, longest first from each start: "1990 0912 345 678" holds
// the phone "0912 345 678" after a year. MaskPersonalNumbers and
// FindPersonalNumbers share this scan and differ in what a window must be.
#include "text/mask.h"

#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "text/unicode.h"

namespace trolyso::text {
namespace {

using Kind = PersonalNumber::Kind;
using Span = std::pair<size_t, size_t>;  // [begin, end) byte offsets

constexpr size_t kMaxDigits = 12;  // the longest personal number (CCCD, +84 landline)
constexpr size_t kMinDigits = 9;   // the shortest (CMND)
constexpr int kCmndReach = 6;      // words between "cmnd" and its number, at most

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Anything that is part of a word: ASCII letters and digits, and any byte of
// a multi-byte UTF-8 character (Vietnamese letters). Conservative on purpose:
// a number touching a word is a code, not a phone number.
bool IsWordByte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return IsDigit(c) || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

size_t CountDigits(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), IsDigit));
}

// The digits of a candidate number, without separators or '+'.
std::string DigitsOf(std::string_view s) {
  std::string out;
  for (char c : s) if (IsDigit(c)) out.push_back(c);
  return out;
}

// Runs of digit groups in `text`, trimmed of chunks glued to a word.
std::vector<Span> NumberRuns(std::string_view text) {
  // Digit groups joined by single separators; a leading '+' for +84.
  static const RE2* const kRun = [] {
    RE2::Options options;
    options.set_log_errors(false);
    return new RE2(R"(\+?\d+(?:[ .\-]\d+)*)", options);
  }();
  std::vector<Span> runs;
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match;
  size_t pos = 0;
  while (pos < text.size() && kRun->Match(input, pos, text.size(), RE2::UNANCHORED, &match, 1)) {
    size_t b = static_cast<size_t>(match.data() - text.data());
    size_t e = b + match.size();
    pos = e;
    if (b > 0 && IsWordByte(text[b - 1])) {
      while (b < e && text[b] != ' ') ++b;
    }
    if (e < text.size() && IsWordByte(text[e])) {
      while (e > b && text[e - 1] != ' ') --e;
    }
    while (b < e && text[b] == ' ') ++b;
    while (e > b && text[e - 1] == ' ') --e;
    if (b < e) runs.emplace_back(b, e);
  }
  return runs;
}

// Calls on_found(span, kind) for each window of whole space-separated chunks
// of the run [run_begin, run_end) that `classify(span)` accepts, taking the
// longest window from each start and going on after it.
template <typename Classify, typename OnFound>
void ScanRun(std::string_view text, Span run, Classify&& classify, OnFound&& on_found) {
  std::vector<Span> chunks;
  size_t start = run.first;
  for (size_t i = run.first; i <= run.second; ++i) {
    if (i == run.second || text[i] == ' ') {
      chunks.emplace_back(start, i);
      start = i + 1;
    }
  }
  size_t first = 0;
  while (first < chunks.size()) {
    size_t matched_last = chunks.size();
    std::optional<Kind> matched_kind;
    for (size_t last = first; last < chunks.size(); ++last) {
      const Span window{chunks[first].first, chunks[last].second};
      if (CountDigits(text.substr(window.first, window.second - window.first)) > kMaxDigits) {
        break;
      }
      if (auto kind = classify(window)) {
        matched_last = last;
        matched_kind = kind;
      }
    }
    if (matched_last == chunks.size()) {
      ++first;
      continue;
    }
    on_found(Span{chunks[first].first, chunks[matched_last].second}, *matched_kind);
    first = matched_last + 1;
  }
}

// MaskPersonalNumbers' test: broad, anything that might be personal.
bool MightBePersonal(std::string_view candidate) {
  const std::string d = DigitsOf(candidate);
  if (d.empty()) return false;
  const bool plus = candidate.front() == '+';
  if (d.rfind("84", 0) == 0 && d.size() == 11) return true;  // +84 / 84 + 9 digits
  if (plus) return false;
  if (d.front() == '0' && (d.size() == 10 || d.size() == 11)) return true;
  return d.size() == 9 || d.size() == 12;  // CMND / CCCD
}

void MaskDigits(std::string& text, Span span) {
  size_t keep = 3;
  for (size_t i = span.second; i > span.first; --i) {
    if (!IsDigit(text[i - 1])) continue;
    if (keep > 0) {
      --keep;
    } else {
      text[i - 1] = '*';
    }
  }
}

// A phone number's digits in national form (0 first), or nullopt.
std::optional<std::string> NationalPhone(std::string_view candidate) {
  std::string d = DigitsOf(candidate);
  const bool plus = candidate.front() == '+';
  if (d.size() >= 11 && d.rfind("84", 0) == 0) {
    d.erase(0, 1);  // "84912..." → "0912..."
    d[0] = '0';
  } else if (plus) {
    return std::nullopt;  // +<other country>
  }
  const bool mobile = d.size() == 10 && d[0] == '0' && std::string_view("35789").find(d[1]) !=
                                                           std::string_view::npos;
  const bool landline = d.size() == 11 && d[0] == '0' && d[1] == '2';
  if (mobile || landline) return d;
  return std::nullopt;
}

// True when "cmnd", "cmt" or "chứng minh" is among the 6 words before `at`
// ("số chứng minh nhân dân của tôi là 123456789").
bool AfterCmndWord(std::string_view text, size_t at) {
  size_t begin = at;
  for (int words = 0; words <= kCmndReach && begin > 0;) {
    --begin;
    if (text[begin] == ' ' && begin + 1 < at && text[begin + 1] != ' ') ++words;
  }
  const std::string before = " " + FoldMarks(text.substr(begin, at - begin)) + " ";
  for (const char* word : {"cmnd", "cmt", "chung minh"}) {
    const size_t hit = before.find(word);
    if (hit != std::string::npos && !IsWordByte(before[hit - 1]) &&
        !IsWordByte(before[hit + std::char_traits<char>::length(word)])) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string MaskPersonalNumbers(std::string_view utf8) {
  std::string out(utf8);
  for (Span run : NumberRuns(out)) {
    ScanRun(
        out, run,
        [&](Span w) -> std::optional<Kind> {
          if (MightBePersonal(std::string_view(out).substr(w.first, w.second - w.first))) {
            return Kind::kPhone;  // the kind does not matter for masking
          }
          return std::nullopt;
        },
        [&](Span w, Kind) { MaskDigits(out, w); });
  }
  return out;
}

std::vector<PersonalNumber> FindPersonalNumbers(std::string_view text) {
  std::vector<PersonalNumber> found;
  if (CountDigits(text) < kMinDigits) return found;
  for (Span run : NumberRuns(text)) {
    std::string masked;
    ScanRun(
        text, run,
        [&](Span w) -> std::optional<Kind> {
          const std::string_view candidate = text.substr(w.first, w.second - w.first);
          if (auto phone = NationalPhone(candidate)) {
            masked = MaskPhone(*phone);
            return Kind::kPhone;
          }
          if (candidate.front() == '+') return std::nullopt;
          const std::string d = DigitsOf(candidate);
          if ((d.size() == 12 && d[0] == '0') ||
              (d.size() == 9 && AfterCmndWord(text, w.first))) {
            masked = MaskIdNumber(d);
            return Kind::kIdNumber;
          }
          return std::nullopt;
        },
        [&](Span, Kind kind) { found.push_back({kind, masked}); });
  }
  return found;
}

std::string MaskPhone(std::string_view digits) {
  std::string out(digits);
  for (size_t i = 4; i + 3 < out.size(); ++i) out[i] = '*';
  return out;
}

std::string MaskIdNumber(std::string_view digits) {
  std::string out(digits);
  const size_t keep_first = digits.size() >= 12 ? 3 : 0;
  for (size_t i = keep_first; i + 3 < out.size(); ++i) out[i] = '*';
  return out;
}

}  // namespace trolyso::text
