#include "channels/text_split.h"

namespace trolyso::channels {
namespace {

bool IsContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

// UTF-16 units of the code point whose lead byte is `lead`.
size_t UnitsOfLead(unsigned char lead) { return lead >= 0xF0 ? 2 : 1; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Byte offset of the longest prefix that fits in max_units, cut at a code
// point boundary.
size_t FittingPrefix(std::string_view s, size_t max_units) {
  size_t units = 0;
  size_t i = 0;
  while (i < s.size()) {
    auto lead = static_cast<unsigned char>(s[i]);
    size_t next = i + 1;
    while (next < s.size() && IsContinuationByte(static_cast<unsigned char>(s[next]))) ++next;
    if (units + UnitsOfLead(lead) > max_units) break;
    units += UnitsOfLead(lead);
    i = next;
  }
  return i;
}

// Where to cut inside `window`: after the last sentence end if that keeps
// at least half the window (so pieces stay long), else after the last space;
// 0 when there is no space at all.
size_t BestCut(std::string_view window) {
  for (size_t i = window.size(); i > window.size() / 2; --i) {
    char c = window[i - 1];
    bool after_sentence = c == ' ' && i >= 2 &&
                          (window[i - 2] == '.' || window[i - 2] == '!' || window[i - 2] == '?');
    if (c == '\n' || after_sentence) return i;
  }
  size_t space = window.find_last_of(" \n");
  return space == std::string_view::npos ? 0 : space + 1;
}

}  // namespace

size_t Utf16Length(std::string_view utf8) {
  size_t units = 0;
  for (char c : utf8) {
    auto b = static_cast<unsigned char>(c);
    if (!IsContinuationByte(b)) units += UnitsOfLead(b);
  }
  return units;
}

std::vector<std::string> SplitForLimit(std::string_view utf8, size_t max_units) {
  std::vector<std::string> parts;
  std::string_view rest = Trim(utf8);
  while (Utf16Length(rest) > max_units) {
    size_t fit = FittingPrefix(rest, max_units);
    if (fit == 0) break;  // max_units is smaller than one code point
    // A space right after the fitting prefix is as good a cut as one inside it.
    bool space_follows = fit < rest.size() && (rest[fit] == ' ' || rest[fit] == '\n');
    size_t cut = BestCut(rest.substr(0, space_follows ? fit + 1 : fit));
    if (cut == 0) cut = fit;
    std::string_view piece = Trim(rest.substr(0, cut));
    if (!piece.empty()) parts.emplace_back(piece);
    rest = Trim(rest.substr(cut));
  }
  if (!rest.empty() || parts.empty()) parts.emplace_back(rest);
  return parts;
}

}  // namespace trolyso::channels
