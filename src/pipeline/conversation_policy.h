// ConversationPolicy: what the bot does with one inbound message, given the
// conversation's state. A pure function — no clock, no database — so every
// rule of the state machine is unit-tested on its own.
//
//   bot ──(human request | urgent intent | 2nd not-understood in a row)──► queued
//   queued / with_volunteer: the bot stays silent; the message is kept for
//   the volunteer (the volunteer side returns the conversation to bot).
//   A rating button ("rating:<handoff>:<1-5>") is taken in any state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/page.h"
#include "intents/rule_set.h"
#include "store/records.h"

namespace trolyso::pipeline {

enum class DecisionKind {
  kAnswer,        // an FAQ answer
  kClarify,       // two close candidates: ask which, with buttons
  kNotUnderstood, // first miss: ask to rephrase
  kAskForText,    // media the bot cannot read
  kEscalate,      // hand to a volunteer, with a holding reply
  kToVolunteer,   // a volunteer holds (or will hold) the chat: no bot reply
  kRecordOnly,    // stored, nothing said (an edited message)
  kBlocked,       // the citizen blocked the bot
  kUnblocked,     // the citizen allowed the bot again
  kRating,        // a 1-5 rating button after a volunteer resolved the chat
  kWelcome,       // the citizen followed the page: greet them with the top topics
};

std::string_view DecisionName(DecisionKind kind);

struct Escalation {
  std::string reason;  // "human_request", "urgent:<intent>", "not_understood_twice", ...
  int priority = 0;    // urgent first
};

struct Rating {
  int64_t handoff_id = 0;
  int stars = 0;  // 1-5
};

struct Decision {
  DecisionKind kind = DecisionKind::kRecordOnly;
  std::string intent_id;  // the rule that decided, if any
  std::vector<OutboundMessage> replies;
  store::ConversationState next_state = store::ConversationState::kBot;
  int next_unmatched_streak = 0;
  std::optional<Escalation> escalation;
  std::optional<Rating> rating;  // kRating: store it (once), then thank
};

// How many messages in a row the bot may fail to understand before a person
// takes over.
inline constexpr int kNotUnderstoodLimit = 2;
inline constexpr int kUrgentPriority = 10;

// `match` is the rule set's verdict on the text (or the selected intent for a
// button press); ignored for kinds that carry no text.
Decision Decide(const store::ConversationRow& conversation, const Inbound& inbound,
                const intents::MatchResult& match, const intents::RuleSet& rules,
                const Page& page, uint64_t variant_seed);

// What the rule set says about this inbound: Match() on text, Find() on an
// "intent:<id>" button payload (other payloads are matched as text).
intents::MatchResult Classify(const Inbound& inbound, const intents::RuleSet& rules);

}  // namespace trolyso::pipeline
