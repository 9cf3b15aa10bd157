// Row types the repositories read and write. Plain values; copyable.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <string>
#include <utility>
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
  int64_t user_id = 0;  // the volunteer who wrote it; 0 for everyone else
  // Entities found in a citizen's text, display-safe (ID and phone numbers
  // masked): (name, value).
  std::vector<std::pair<std::string, std::string>> entities;
};

std::string_view AuthorName(Author author);
Author ParseAuthor(std::string_view name);  // unknown names read as kCitizen

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
  int64_t id = 0;  // set once inserted
  int64_t conversation_id = 0;
  std::string page_id;
  std::string area;
  std::string reason;
  int priority = 0;  // higher first
  int64_t created_at = 0;
  int64_t deadline_at = 0;
};

enum class Role { kVolunteer, kAdmin };
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

struct UserRow {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kVolunteer;
  std::vector<std::string> areas;  // sorted
  int capacity = 3;                // open chats a volunteer may hold at once
  bool disabled = false;
  std::string password_hash;  // only filled by the login lookup
  int64_t created_at = 0;
};

enum class HandoffState { kWaiting, kClaimed, kResolved };
std::string_view HandoffStateName(HandoffState state);
std::optional<HandoffState> ParseHandoffState(std::string_view name);

// A handoff with what the console shows beside it.
struct HandoffRecord {
  int64_t id = 0;
  int64_t conversation_id = 0;
  std::string page_id;
  std::string area;                      // its home area
  std::vector<std::string> offered_areas;  // home area first, then parents it reached
  std::string reason;
  int priority = 0;
  HandoffState state = HandoffState::kWaiting;
  int64_t created_at = 0;
  int64_t deadline_at = 0;
  int64_t claimed_at = 0;     // 0: never / not now
  int64_t resolved_at = 0;
  int64_t last_activity_at = 0;
  int64_t claimed_by = 0;     // user id, 0 when waiting
  std::string claimed_by_name;
  int escalation_level = 0;
  int rating = 0;             // 0: none yet
  // From the conversation.
  std::string chat_id;
  std::string citizen_name;
  bool reachable = true;
  ConversationState conversation_state = ConversationState::kBot;
  int64_t last_inbound_at = 0;  // the citizen's last interaction (Zalo's reply window)
  bool window_warned = false;
};

struct NoteRow {
  int64_t id = 0;
  int64_t handoff_id = 0;
  int64_t user_id = 0;
  std::string author_name;
  std::string text;
  int64_t created_at = 0;
};

// A transcript line as the console shows it.
struct TranscriptRow {
  MessageRow message;
  std::string author_name;  // the volunteer's display name
  std::string delivery;     // outbox state of an outbound message; empty if none
};

}  // namespace trolyso::store
