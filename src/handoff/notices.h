// What the queue tells a citizen, in Vietnamese. Kept apart from the logic
// so the wording can be reviewed on its own.
#pragma once

#include <string>

#include "core/message.h"

namespace trolyso::handoff {

// Sent when a volunteer claims the chat.
std::string ClaimedNotice(const std::string& volunteer_name);

// Sent when nobody claimed within the SLA. `offered_to` is the wider team's
// name when the handoff was just offered to it, else empty.
std::string StillWaitingNotice(int position, const std::string& offered_to);

// Sent on resolve: the bot is back, and a 1-5 rating is asked for with
// buttons whose payloads are RatingPayload().
OutboundMessage ClosingMessage(const std::string& page_name, int64_t handoff_id);

std::string RatingPayload(int64_t handoff_id, int rating);  // "rating:<id>:<n>"

}  // namespace trolyso::handoff
