// Personal numbers (phone and ID numbers): masking before text is logged or
// echoed to a citizen, and finding them as entities for the intent engine.
//
// Pure functions; thread-safe (the RE2 they share is compiled once and only
// read).
#pragma once

#include <string>
#include <string_view>
#include <vector>

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
//
// Deliberately broad: anything that might be a personal number is masked.
std::string MaskPersonalNumbers(std::string_view utf8);

// A phone or ID number found by FindPersonalNumbers. Intentionally copyable.
struct PersonalNumber {
  enum class Kind { kPhone, kIdNumber };
  Kind kind = Kind::kPhone;
  // Display-safe, never the full number: MaskPhone / MaskIdNumber of the
  // number's digits ("0912***678", "001******345").
  std::string masked;
};

// The phone and ID numbers in `text`, in text order, as citizens type them:
//  - phone: a mobile number 0[35789] + 8 digits, or a landline 02 + 9
//    digits, with "84" or "+84" in place of the leading 0; groups split by
//    single spaces, dots or dashes ("091 234 5678", "0912.345.678",
//    "+84 912345678", "84912345678");
//  - ID number: 12 digits starting with 0 (citizen ID / CCCD, whose first 3
//    digits are a province code 001-096), or 9 digits (old CMND) only when
//    "cmnd", "cmt" or "chứng minh" is among the 6 words before it: a bare
//    9-digit number is as likely an amount.
// Stricter than MaskPersonalNumbers, which masks anything that might be one.
// Not found: numbers glued to letters (dossier codes such as
// "H12.38-240315-0001"), amounts ("1.000.000.000"), dates ("15/03/2024").
// Returns at once when `text` has fewer than 9 digits, as most messages do.
std::vector<PersonalNumber> FindPersonalNumbers(std::string_view text);

// `digits` of a phone number in national form (0 + 9 or 10 digits): the
// first 4 (0 and the network prefix, which the citizen recognises) and the
// last 3 stay, the rest become '*': "0912345678" → "0912***678".
std::string MaskPhone(std::string_view digits);

// `digits` of an ID number: a 12-digit CCCD keeps its first 3 (province
// code) and last 3 ("001099012345" → "001******345"); a 9-digit CMND keeps
// only its last 3 ("123456789" → "******789").
std::string MaskIdNumber(std::string_view digits);

}  // namespace trolyso::text
