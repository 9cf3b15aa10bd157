// RequiredLiterals: a recursive-descent walk over RE2 syntax, like
// specificity.cpp's, that returns for each node either "anything" (no
// requirement) or a list of strings one of which every match contains.
//
// Literal characters next to each other in a sequence are joined into one
// string; a quantified character ends the run ("abc?" → "ab"). Among the
// parts of a sequence the most selective requirement is kept: the one whose
// shortest string is longest, then the one with fewer strings.
#include "intents/required_literals.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "text/unicode.h"

namespace trolyso::intents {
namespace {

// nullopt = matches without any particular literal.
using Requirement = std::optional<std::vector<std::string>>;

size_t Shortest(const std::vector<std::string>& v) {
  size_t n = SIZE_MAX;
  for (const std::string& s : v) n = std::min(n, s.size());
  return n;
}

// True when `a` filters better than `b`.
bool MoreSelective(const Requirement& a, const Requirement& b) {
  if (!a) return false;
  if (!b) return true;
  const size_t sa = Shortest(*a), sb = Shortest(*b);
  if (sa != sb) return sa > sb;
  return a->size() < b->size();
}

class Walker {
 public:
  explicit Walker(std::string_view p) : p_(p) {}

  // The requirement of the whole pattern, or nullopt, also on unknown syntax.
  Requirement Run() {
    Requirement r = Alternation();
    if (failed_ || i_ != p_.size()) return std::nullopt;
    return r;
  }

 private:
  Requirement Alternation() {
    Requirement all = Sequence();
    bool any = !all.has_value();
    while (!failed_ && i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      Requirement next = Sequence();
      if (!next) any = true;
      if (!any) all->insert(all->end(), next->begin(), next->end());
    }
    if (any) return std::nullopt;
    std::sort(all->begin(), all->end());
    all->erase(std::unique(all->begin(), all->end()), all->end());
    return all;
  }

  Requirement Sequence() {
    Requirement best;
    std::string run;  // literal characters so far, each exactly once
    auto flush = [&] {
      if (!run.empty()) {
        Requirement lit = std::vector<std::string>{run};
        if (MoreSelective(lit, best)) best = lit;
        run.clear();
      }
    };
    while (!failed_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      std::string literal;  // set when the atom is one literal character
      Requirement atom = Atom(literal);
      if (failed_) break;
      const Quantifier q = Quantified();
      if (!literal.empty() && q == Quantifier::kOne) {
        run += literal;
        continue;
      }
      flush();
      if (!literal.empty() && q == Quantifier::kAtLeastOne) {
        atom = std::vector<std::string>{literal};
      }
      if (q == Quantifier::kOptional) atom.reset();
      if (MoreSelective(atom, best)) best = atom;
    }
    flush();
    return best;
  }

  enum class Quantifier { kOne, kAtLeastOne, kOptional };

  Quantifier Quantified() {
    if (i_ >= p_.size()) return Quantifier::kOne;
    Quantifier q = Quantifier::kOne;
    const char c = p_[i_];
    if (c == '*' || c == '?') {
      ++i_;
      q = Quantifier::kOptional;
    } else if (c == '+') {
      ++i_;
      q = Quantifier::kAtLeastOne;
    } else if (c == '{') {
      // RE2 reads "{" as a literal unless it starts a valid repetition.
      size_t j = i_ + 1;
      while (j < p_.size() && std::isdigit(static_cast<unsigned char>(p_[j]))) ++j;
      if (j == i_ + 1 || j >= p_.size() || (p_[j] != '}' && p_[j] != ',')) {
        failed_ = true;  // a literal '{': rare enough to give up on
        return q;
      }
      const long min = std::strtol(p_.data() + i_ + 1, nullptr, 10);
      const size_t close = p_.find('}', j);
      if (close == std::string_view::npos) {
        failed_ = true;
        return q;
      }
      i_ = close + 1;
      q = min >= 1 ? Quantifier::kAtLeastOne : Quantifier::kOptional;
    } else {
      return q;
    }
    if (i_ < p_.size() && p_[i_] == '?') ++i_;  // lazy
    return q;
  }

  // One atom. A literal character is returned in `literal` (lower case) and
  // requires nothing by itself until Sequence joins it into a run.
  Requirement Atom(std::string& literal) {
    const unsigned char c = static_cast<unsigned char>(p_[i_]);
    switch (c) {
      case '(': return Group();
      case '[': SkipClass(); return std::nullopt;
      case '\\': SkipEscape(); return std::nullopt;
      case '.': case '^': case '$': ++i_; return std::nullopt;
      case '*': case '+': case '?': case '{': case '}': case ']':
        failed_ = true;  // a quantifier or bracket out of place
        return std::nullopt;
      default: break;
    }
    size_t end = i_ + 1;
    if (c >= 0x80) {  // one whole UTF-8 character
      while (end < p_.size() && (static_cast<unsigned char>(p_[end]) & 0xC0) == 0x80) ++end;
      literal = text::NfcLower(p_.substr(i_, end - i_));
    } else {
      literal.assign(1, static_cast<char>(std::tolower(c)));
    }
    i_ = end;
    return std::nullopt;
  }

  Requirement Group() {
    ++i_;  // '('
    if (i_ < p_.size() && p_[i_] == '?') {
      if (p_.compare(i_, 3, "?P<") == 0) {
        const size_t close = p_.find('>', i_);
        if (close == std::string_view::npos) {
          failed_ = true;
          return std::nullopt;
        }
        i_ = close + 1;
      } else if (p_.compare(i_, 2, "?:") == 0) {
        i_ += 2;
      } else {
        failed_ = true;  // flags such as (?i) or (?s:...) change matching
        return std::nullopt;
      }
    }
    Requirement inner = Alternation();
    if (i_ >= p_.size() || p_[i_] != ')') {
      failed_ = true;
      return std::nullopt;
    }
    ++i_;
    return inner;
  }

  void SkipClass() {
    ++i_;  // '['
    if (i_ < p_.size() && p_[i_] == '^') ++i_;
    if (i_ < p_.size() && p_[i_] == ']') ++i_;  // a literal ']' first
    while (i_ < p_.size() && p_[i_] != ']') {
      if (p_.compare(i_, 2, "[:") == 0) {
        const size_t close = p_.find(":]", i_);
        if (close == std::string_view::npos) break;
        i_ = close + 2;
        continue;
      }
      i_ += p_[i_] == '\\' ? 2 : 1;
    }
    if (i_ >= p_.size()) {
      failed_ = true;
      return;
    }
    ++i_;
  }

  // Escapes name classes, assertions or single characters: none is taken as
  // a literal, which only makes the requirement weaker. \Q...\E quotes a
  // whole string and is not followed; give up on it.
  void SkipEscape() {
    if (i_ + 1 >= p_.size()) {
      failed_ = true;
      return;
    }
    const char e = p_[i_ + 1];
    i_ += 2;
    if (e == 'Q' || e == 'E') {
      failed_ = true;
    } else if ((e == 'p' || e == 'P' || e == 'x') && i_ < p_.size() && p_[i_] == '{') {
      const size_t close = p_.find('}', i_);
      if (close == std::string_view::npos) {
        failed_ = true;
        return;
      }
      i_ = close + 1;
    } else if (e == 'p' || e == 'P') {
      ++i_;  // one-letter class name: \pL
    } else if (e == 'x') {
      i_ += 2;
    } else if (static_cast<unsigned char>(e) >= 0x80) {
      failed_ = true;  // an escaped multi-byte character
    }
  }

  std::string_view p_;
  size_t i_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<std::vector<std::string>> RequiredLiterals(std::string_view pattern,
                                                        size_t min_bytes) {
  Requirement r = Walker(pattern).Run();
  if (!r || r->empty() || Shortest(*r) < min_bytes) return std::nullopt;
  return r;
}

}  // namespace trolyso::intents
