// Lexicon: teencode and abbreviations mapped to the full words they stand for,
// on the folded form ("ko" → "khong", "mk" → "mat khau").
//
// Data an admin edits (intents/lexicon.json), loaded once and then read-only:
// lookups are const and thread-safe. Intentionally copyable.
//
// File format:
//   {"description": "...", "entries": {"ko": "khong", "mk": "mat khau", ...}}
// Keys and values are folded on load (NFC, lower case, marks stripped), so
// "đc" and "dc" name the same token and "mật khẩu" is stored as "mat khau".
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace trolyso::text {

class Lexicon {
 public:
  Lexicon() = default;  // empty: no token is rewritten

  // Parses the file format above. Errors read "<source_name>: <key>: problem".
  static Result<Lexicon> FromJson(std::string_view json_text, std::string_view source_name);
  static Result<Lexicon> LoadFile(const std::string& path);

  // Adds one entry after folding both sides. Fails on an empty or multi-token
  // key, an empty value, or a key already mapped to a different value.
  Status Add(std::string_view token, std::string_view expansion);

  // The expansion of a folded token, or nullptr when it has none.
  const std::string* Find(std::string_view folded_token) const;

  const std::map<std::string, std::string, std::less<>>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  // string_view lookups without building a std::string key.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::map<std::string, std::string, std::less<>> entries_;  // ordered, for tools
  // The same entries hashed: Find runs for every token of every message, and
  // a hash beats ~7 string compares down the tree.
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> index_;
  size_t max_key_bytes_ = 0;  // longer tokens cannot be keys: skip hashing
};

}  // namespace trolyso::text
