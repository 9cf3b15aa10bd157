// The JSON shapes of the volunteer API (documented in README.md, "Volunteer
// API"): users, handoffs, notes, transcript messages.
#pragma once

#include <nlohmann/json.hpp>

#include "handoff/queue.h"
#include "http/routes.h"
#include "store/records.h"

namespace trolyso::http {

nlohmann::json UserJson(const store::UserRow& user);
nlohmann::json HandoffJson(const RouteContext& ctx, const handoff::HandoffView& view);
nlohmann::json NoteJson(const store::NoteRow& note);
// `rules` may be null; it names the matched intent.
nlohmann::json TranscriptJson(const store::TranscriptRow& row, const intents::RuleSet* rules);

}  // namespace trolyso::http
