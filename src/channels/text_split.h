// Splitting long answers for platforms that cap a message's length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace trolyso::channels {

// Number of UTF-16 code units `utf8` takes (Telegram counts its limit in
// them: a Vietnamese precomposed letter is 1, an emoji 2). Expects valid UTF-8.
size_t Utf16Length(std::string_view utf8);

// Splits valid UTF-8 into pieces of at most `max_units` UTF-16 units each,
// preferring to cut after a sentence end (". ", "! ", "? ", newline), then
// after a space, and only as a last resort between two code points. Pieces are
// trimmed of the whitespace at the cut; joined with spaces they read as the
// original. Returns {text} when it already fits.
std::vector<std::string> SplitForLimit(std::string_view utf8, size_t max_units);

}  // namespace trolyso::channels
