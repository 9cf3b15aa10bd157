// How list-valued fields (a message's buttons, its entities) are stored in
// one TEXT column: "a US b RS a US b RS ..." with the ASCII unit and record
// separators, which neither Vietnamese text nor ASCII payloads contain, so
// store/ needs no JSON library.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/message.h"
#include "store/database.h"
#include "store/records.h"

namespace trolyso::store {

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::optional<std::string> EncodePairs(const Pairs& pairs);  // nullopt (NULL) when empty
Pairs DecodePairs(std::string_view encoded);

std::optional<std::string> EncodeButtons(const std::vector<Button>& buttons);
std::vector<Button> DecodeButtons(std::string_view encoded);

// The message columns that transcript queries select first, in this order,
// from `messages` aliased as m; ReadMessageColumns reads them back.
#define TROLYSO_MESSAGE_COLUMNS                                                     \
  "m.id, m.conversation_id, m.direction, m.author, m.kind, m.text, m.buttons, "     \
  "m.intent, m.decision, m.event_id, m.created_at, COALESCE(m.user_id, 0), "        \
  "m.entities"
inline constexpr int kMessageColumnCount = 13;
MessageRow ReadMessageColumns(const Statement& stmt);

}  // namespace trolyso::store
