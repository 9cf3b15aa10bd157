// Required literals of a pattern: strings of which every match must contain
// at least one. RuleSet uses them to skip the RE2::Sets of a large rule set
// that cannot match a message (see PatternBank in rule_set_impl.h), the way
// RE2's FilteredRE2 prefilters, but per Set and with one flat list.
//
// Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace trolyso::intents {

// Literal strings, lower case, at least `min_bytes` long each, such that any
// text `pattern` (RE2 syntax, NFC, already validated, matched
// case-insensitively) matches contains one of them as a substring; nullopt
// when no such list was found (then the pattern must always be run).
//
// Conservative by construction: a sequence requires what its most selective
// part requires, an alternation the union of its branches, a group or a
// repetition of at least one what its body requires; optional parts (?, *,
// {0,n}), classes, escapes, '.', anchors and \b require nothing, and any
// syntax it does not know (flags such as (?i), \Q...\E) makes the whole
// pattern nullopt. "\bho chieu\b.*\b(le phi|phi)\b" → {"ho chieu"};
// "(mat khau|mk) vneid" → {" vneid"}; "x*" or "\d{12}" → nullopt.
std::optional<std::vector<std::string>> RequiredLiterals(std::string_view pattern,
                                                        size_t min_bytes = 3);

}  // namespace trolyso::intents
