// Row types the repositories read and write. Plain values; copyable.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/message.h"

namespace trolyso::store {

enum class ConversationState { kBot, kQueued, kWithVolunteer };

std::string_view StateName(ConversationState state);
ConversationState ParseState(std::string_view name);  // unknown names read as kBot

struct ConversationRow {
  int64_t id = 0;
  ConversationState state = ConversationState::kBot;
  int unmatched_streak = 0;
  bool reachable = true;
  bool created = false;  // true when this inbound created it
};

enum class Author { kCitizen, kBot, kVolunteer, kSystem };

struct MessageRow {
  int64_t id = 0;
  int64_t conversation_id = 0;
  bool outbound = false;
  Author author = Author::kCitizen;
  std::string kind;  // "text", "button", "photo", ...
  std::string text;
  std::vector<Button> buttons;
  std::string intent;    // matched intent, empty if none
  std::string decision;  // "answer", "clarify", "fallback", "escalate", ...
  std::string event_id;
  int64_t created_at = 0;
};

std::string_view AuthorName(Author author);

struct OutboxItem {
  int64_t id = 0;
  int64_t conversation_id = 0;
  std::string page_id;
  std::string chat_id;
  int parts_sent = 0;
  int attempts = 0;
  OutboundMessage message;
};

struct HandoffRow {
  int64_t conversation_id = 0;
  std::string page_id;
  std::string area;
  std::string reason;
  int priority = 0;  // higher first
  int64_t created_at = 0;
  int64_t deadline_at = 0;
};

}  // namespace trolyso::store
