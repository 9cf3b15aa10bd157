// UTF-8 validity and code point helpers shared by the text module.
//
// Pure functions over byte strings; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace trolyso::text {

// True when `bytes` is well-formed UTF-8 as RFC 3629 defines it: no overlong
// encodings, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no
// truncated or stray continuation bytes.
bool IsValidUtf8(std::string_view bytes);

// Decodes `bytes` into code points. Each byte that does not start a valid
// sequence becomes U+FFFD, so callers never see a partial character.
std::vector<char32_t> DecodeLenient(std::string_view bytes);

// Appends the UTF-8 encoding of `cp` (which must be a valid scalar value).
void AppendUtf8(char32_t cp, std::string& out);

}  // namespace trolyso::text
