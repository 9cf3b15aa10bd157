#include "intents/specificity.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace trolyso::intents {
namespace {

// A small recursive-descent walk over RE2 syntax. The pattern has already
// compiled, so the walk can be lenient: on anything odd it just moves on.
class Walker {
 public:
  explicit Walker(std::string_view p) : p_(p) {}

  int Alternation() {
    int best = Sequence();
    while (i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      best = std::min(best, Sequence());
    }
    return best;
  }

 private:
  // Position just past the next `token`, or the end: the walk never goes back.
  size_t Past(std::string_view token) const {
    const size_t at = p_.find(token, i_);
    return at == std::string_view::npos ? p_.size() : at + token.size();
  }

  int Sequence() {
    int sum = 0;
    while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      sum += Quantified(Atom());
    }
    return sum;
  }

  int Atom() {
    const unsigned char c = static_cast<unsigned char>(p_[i_]);
    switch (c) {
      case '(': return Group();
      case '[': SkipClass(); return 0;
      case '\\': SkipEscape(); return 0;
      case '.': case '^': case '$': ++i_; return 0;
      default: break;
    }
    ++i_;
    if (c >= 0x80) {  // a whole UTF-8 character is one (Vietnamese) letter
      while (i_ < p_.size() && (static_cast<unsigned char>(p_[i_]) & 0xC0) == 0x80) ++i_;
      return 1;
    }
    return std::isalnum(c) ? 1 : 0;
  }

  int Group() {
    ++i_;  // '('
    if (i_ < p_.size() && p_[i_] == '?') {
      if (p_.compare(i_, 3, "?P<") == 0) {
        i_ = Past(">");
      } else {
        // "(?:", "(?i:" or a bare flag group "(?i)".
        const size_t stop = p_.find_first_of(":)", i_);
        if (stop == std::string_view::npos) return 0;
        i_ = stop + 1;
        if (p_[stop] == ')') return 0;
      }
    }
    const int weight = Alternation();
    if (i_ < p_.size() && p_[i_] == ')') ++i_;
    return weight;
  }

  void SkipClass() {
    ++i_;  // '['
    if (i_ < p_.size() && p_[i_] == '^') ++i_;
    if (i_ < p_.size() && p_[i_] == ']') ++i_;  // a literal ']' first
    while (i_ < p_.size() && p_[i_] != ']') {
      if (p_.compare(i_, 2, "[:") == 0) {
        i_ = Past(":]");
        continue;
      }
      i_ += p_[i_] == '\\' ? 2 : 1;
    }
    ++i_;
  }

  void SkipEscape() {
    i_ += 2;  // '\' and the escaped character
    const char e = p_[i_ - 1];
    if ((e == 'p' || e == 'P' || e == 'x') && i_ < p_.size() && p_[i_] == '{') {
      i_ = Past("}");
    } else if (e == 'p' || e == 'P') {
      ++i_;  // one-letter class name: \pL
    } else if (e == 'x') {
      i_ += 2;
    }
  }

  int Quantified(int weight) {
    if (i_ >= p_.size()) return weight;
    const char q = p_[i_];
    int result = weight;
    if (q == '*' || q == '?') {
      ++i_;
      result = 0;
    } else if (q == '+') {
      ++i_;
    } else if (q == '{' && i_ + 1 < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i_ + 1]))) {
      const int min = std::atoi(p_.data() + i_ + 1);
      i_ = Past("}");
      result = weight * std::min(min, 1000);
    } else {
      return weight;
    }
    if (i_ < p_.size() && p_[i_] == '?') ++i_;  // lazy variant
    return result;
  }

  std::string_view p_;
  size_t i_ = 0;
};

}  // namespace

int MinLiteralLength(std::string_view pattern) {
  Walker walker(pattern);
  return walker.Alternation();
}

}  // namespace trolyso::intents
