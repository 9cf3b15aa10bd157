// Compiles one admin-written pattern into an RE2, following STYLE.md §10:
// shared options, NFC first, each pattern alone before it joins a set, and a
// size cap that names its limit.
//
// Thread-safe (no state).
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>

#include "core/result.h"
#include "intents/rule_set.h"
#include "intents/rule_spec.h"

namespace trolyso::intents {

// The options every pattern and every RE2::Set is compiled with: quiet (RE2
// would write to stderr past spdlog), case-insensitive (also avoids upstream
// RE2 bug #467 with alternations like "yes|ye[sS]"), bounded max_mem, UTF-8.
RE2::Options PatternOptions(const Limits& limits);

// The pattern text that is compiled: NFC of the source (RE2 does not
// normalize, and the text it runs on is NFC).
std::string PreparePattern(const PatternSpec& spec);

// Compiles `prepared` (from PreparePattern) alone. On failure the Status
// detail is the problem in words, for "file: intent: patterns[i]: problem":
// empty pattern, over the byte or program-size limit, marks in a folded
// pattern, RE2's own error (with a hint for (?<name>...)), or a pattern that
// matches the empty text and so every message.
Result<std::unique_ptr<RE2>> CompilePattern(const std::string& prepared, Form form,
                                            const RE2::Options& options, const Limits& limits);

}  // namespace trolyso::intents
