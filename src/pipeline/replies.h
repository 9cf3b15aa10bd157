// The gateway's own words to citizens (not FAQ answers, which live in the
// rule files): what the bot says when it does not understand, when it hands
// a conversation to a person, and when it receives something it cannot read.
#pragma once

#include <string>

#include "core/message.h"
#include "core/page.h"
#include "intents/rule_set.h"

namespace trolyso::pipeline {

// The intent a "talk to a person" button selects, if the rule set has it.
inline constexpr const char* kHumanRequestIntent = "general.human_request";
inline constexpr const char* kCapabilitiesIntent = "general.capabilities";

// First message the rules cannot answer: ask to rephrase, offer a person.
OutboundMessage NotUnderstoodReply(const intents::RuleSet& rules);

// A photo, sticker, voice message...: ask for text, offer a person.
OutboundMessage AskForTextReply(const intents::RuleSet& rules);

// The conversation now waits for a volunteer of `page`.
OutboundMessage HoldingReply(const Page& page, bool urgent);

// To a new follower: who we are and the topics to start with, as buttons.
OutboundMessage WelcomeReply(const Page& page, const intents::RuleSet& rules);

// After a citizen rated a volunteer's help (sent only when the rating counted).
OutboundMessage ThanksForRatingReply();

}  // namespace trolyso::pipeline
