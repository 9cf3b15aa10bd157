// The placeholder syntax of answers: literal text with {page.x} and
// {entity.x} slots, an entity optionally followed by a filter:
// {entity.x|upper}. Parsed at load (to reject unknown placeholders and
// filters) and at render time. Pure functions; thread-safe.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace trolyso::intents {

struct TemplatePart {
  bool is_placeholder = false;
  std::string text;    // literal text, or the placeholder name ("page.hotline")
  std::string filter;  // after '|' in a placeholder ("upper"), else empty
};

// Splits `answer` into parts. Fails on an unclosed '{' or a '}' without '{'.
Result<std::vector<TemplatePart>> ParseTemplate(std::string_view answer);

// OK when every placeholder in `answer` is one of page.name, page.hotline,
// page.office_address, page.office_hours, page.map_link, or entity.<name>
// with <name> in `entity_names` (the named groups of the intent's patterns)
// or a built-in entity, "phone" or "id_number" (masked; see
// MatchResult::entities).
// The only filter is `upper`, and only on entity placeholders: captures are
// read from the lower-cased normalized text, so a code printed in capitals
// ("H12.38-240315-0001") needs it to be echoed as printed.
Status CheckTemplate(std::string_view answer, const std::set<std::string>& entity_names);

}  // namespace trolyso::intents
