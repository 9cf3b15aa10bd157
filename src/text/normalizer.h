// Normalize: the one way a citizen's message is turned into text that the
// intent patterns run on.
//
// Pure function over its inputs; thread-safe as long as the Lexicon is not
// modified meanwhile (it is read-only once loaded).
#pragma once

#include <string>
#include <string_view>

#include "text/lexicon.h"

namespace trolyso::text {

struct NormalizedText {
  // NFC, lower case, with Vietnamese marks: "quên mật khẩu vneid".
  std::string accented;
  // Marks stripped (đ→d) and lexicon applied: "quen mat khau vneid".
  std::string folded;
};

// Steps, in order:
//  1. NFC (decomposed tone marks from some keyboards compose), lower case.
//  2. Letters and digits stay; everything else (punctuation, emoji, symbols,
//     spaces) becomes one space. Exceptions that keep numbers and codes in
//     one piece for entity captures: '.', '-', '/', '_', ':' between two
//     letters/digits of which at least one is a digit ("0912.345.678",
//     "H12-240315-0001"), and '+' before a digit ("+84").
//  3. Runs of 3 or more identical letters collapse to one ("alooo" → "alo",
//     "emmm" → "em"); doubles stay ("xoong"); digits never collapse ("1000");
//     a token the lexicon knows as typed is left whole ("cccd").
//  4. folded: marks stripped, then each token the Lexicon knows is replaced
//     by its expansion ("mk" → "mat khau") -- only when the token was typed
//     without tone or vowel marks (đ allowed): "hong" is teencode for
//     "không", "hỏng" is a word. accented keeps the tokens as typed.
// Both forms have single spaces and no leading/trailing space.
NormalizedText Normalize(std::string_view utf8, const Lexicon& lexicon);

}  // namespace trolyso::text
