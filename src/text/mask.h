// Masking of personal numbers before text is logged or echoed to a citizen.
//
// Pure function; thread-safe (its RE2 is compiled once and only read).
#pragma once

#include <string>
#include <string_view>

namespace trolyso::text {

// Replaces every digit but the last 3 with '*' in each Vietnamese phone
// number (0xxxxxxxxx, 0xxxxxxxxxx landline, +84xxxxxxxxx, 84xxxxxxxxx; groups
// may be split by one space, dot or dash) and each 9- or 12-digit ID number
// (CMND / CCCD). Separators and all other text are kept, so
// "sđt 0912.345.678" → "sđt ****.***.678".
//
// A number glued to a letter ("H12-240315-0001", a dossier code) is not a
// phone or ID and stays as it is; within a longer space-separated run of
// digit groups ("năm 1990 0912 345 678") the phone is still found.
std::string MaskPersonalNumbers(std::string_view utf8);

}  // namespace trolyso::text
