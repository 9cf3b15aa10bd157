// Specificity of a pattern: how many letters and digits any text it matches
// must contain literally. Used to rank candidate intents (see rule_set.cpp).
//
// Pure function; thread-safe.
#pragma once

#include <string_view>

namespace trolyso::intents {

// The minimum number of literal letters/digits a match of `pattern` (RE2
// syntax, already validated) contains. Alternatives count their shortest
// branch, optional parts (?, *, {0,n}) count 0, character classes and
// escapes such as \d or \pL count 0 since they name no particular letter,
// spaces and punctuation count 0. "quen mat khau" → 11,
// "(quen|mat) (mk|mat khau)" → 5, "vneid.*loi" → 8, "\d{12}" → 0.
int MinLiteralLength(std::string_view pattern);

}  // namespace trolyso::intents
