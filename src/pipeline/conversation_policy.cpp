#include "pipeline/conversation_policy.h"

#include "pipeline/replies.h"

namespace trolyso::pipeline {
namespace {

using store::ConversationState;

constexpr std::string_view kIntentPayloadPrefix = "intent:";
constexpr std::string_view kRatingPayloadPrefix = "rating:";

// "rating:<handoff id>:<1-5>", as handoff/notices.h makes it.
std::optional<Rating> ParseRating(std::string_view payload) {
  if (!payload.starts_with(kRatingPayloadPrefix)) return std::nullopt;
  payload.remove_prefix(kRatingPayloadPrefix.size());
  size_t colon = payload.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 18 ||
      payload.size() != colon + 2) {
    return std::nullopt;
  }
  Rating rating;
  for (char c : payload.substr(0, colon)) {
    if (c < '0' || c > '9') return std::nullopt;
    rating.handoff_id = rating.handoff_id * 10 + (c - '0');
  }
  char stars = payload[colon + 1];
  if (stars < '1' || stars > '5') return std::nullopt;
  rating.stars = stars - '0';
  return rating;
}

Decision Escalate(Decision d, const Page& page, std::string reason, int priority) {
  bool urgent = priority >= kUrgentPriority;
  d.kind = DecisionKind::kEscalate;
  d.next_state = ConversationState::kQueued;
  d.next_unmatched_streak = 0;
  d.escalation = Escalation{std::move(reason), priority};
  d.replies.push_back(HoldingReply(page, urgent));
  return d;
}

Decision OnNotUnderstood(Decision d, const store::ConversationRow& conversation,
                         const Page& page, OutboundMessage first_reply, std::string reason) {
  int streak = conversation.unmatched_streak + 1;
  if (streak >= kNotUnderstoodLimit) return Escalate(std::move(d), page, std::move(reason), 0);
  d.next_unmatched_streak = streak;
  d.replies.push_back(std::move(first_reply));
  return d;
}

// A page may switch rules off (its team answers those questions another
// way): a disabled winner counts as not understood, and a clarifying
// question keeps only the options still allowed.
intents::MatchResult AllowedOnPage(intents::MatchResult match, const Page& page) {
  if (page.disabled_intents.empty()) return match;
  using Kind = intents::MatchResult::Kind;
  if (match.kind == Kind::kAnswer && page.IntentDisabled(match.intent->id)) {
    match.kind = Kind::kNoMatch;
    match.intent = nullptr;
  } else if (match.kind == Kind::kClarify) {
    std::erase_if(match.options, [&](const intents::Intent* i) { return page.IntentDisabled(i->id); });
    if (match.options.size() == 1) {
      match.kind = Kind::kAnswer;
      match.intent = match.options.front();
    } else if (match.options.empty()) {
      match.kind = Kind::kNoMatch;
    }
  }
  return match;
}

Decision OnMatch(Decision d, const store::ConversationRow& conversation,
                 const intents::MatchResult& unfiltered, const intents::RuleSet& rules,
                 const Page& page, uint64_t seed) {
  const intents::MatchResult match = AllowedOnPage(unfiltered, page);
  switch (match.kind) {
    case intents::MatchResult::Kind::kAnswer: {
      const intents::Intent& intent = *match.intent;
      d.intent_id = intent.id;
      if (intent.action == intents::Action::kNone) {
        d.kind = DecisionKind::kAnswer;
        d.replies.push_back(intents::RenderAnswer(intent, page, match.captures, seed));
        return d;
      }
      bool urgent = intent.action == intents::Action::kHandoffUrgent;
      // An urgent rule's own answer carries the first safety advice (call the
      // bank now); it goes out before the holding message.
      if (urgent && !intent.answers.empty()) {
        d.replies.push_back(intents::RenderAnswer(intent, page, match.captures, seed));
      }
      return Escalate(std::move(d), page, urgent ? "urgent:" + intent.id : "human_request",
                      urgent ? kUrgentPriority : 0);
    }
    case intents::MatchResult::Kind::kClarify:
      d.kind = DecisionKind::kClarify;
      d.replies.push_back(intents::RenderClarify(match.options));
      return d;
    case intents::MatchResult::Kind::kNoMatch:
      d.kind = DecisionKind::kNotUnderstood;
      return OnNotUnderstood(std::move(d), conversation, page, NotUnderstoodReply(rules),
                             "not_understood_twice");
  }
  return d;
}

}  // namespace

std::string_view DecisionName(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kAnswer: return "answer";
    case DecisionKind::kClarify: return "clarify";
    case DecisionKind::kNotUnderstood: return "not_understood";
    case DecisionKind::kAskForText: return "ask_for_text";
    case DecisionKind::kEscalate: return "escalate";
    case DecisionKind::kToVolunteer: return "to_volunteer";
    case DecisionKind::kRecordOnly: return "record_only";
    case DecisionKind::kBlocked: return "blocked";
    case DecisionKind::kUnblocked: return "unblocked";
    case DecisionKind::kRating: return "rating";
    case DecisionKind::kWelcome: return "welcome";
  }
  return "unknown";
}

intents::MatchResult Classify(const Inbound& inbound, const intents::RuleSet& rules) {
  if (inbound.kind == InboundKind::kButton && inbound.text.starts_with(kRatingPayloadPrefix)) {
    return {};  // Decide() handles ratings; nothing to match
  }
  if (inbound.kind == InboundKind::kButton && inbound.text.starts_with(kIntentPayloadPrefix)) {
    std::string_view id = std::string_view(inbound.text).substr(kIntentPayloadPrefix.size());
    intents::MatchResult chosen;
    if (const intents::Intent* intent = rules.Find(id)) {
      chosen.kind = intents::MatchResult::Kind::kAnswer;
      chosen.intent = intent;
    }
    return chosen;  // a button for an intent that no longer exists: not understood
  }
  if (inbound.kind == InboundKind::kText || inbound.kind == InboundKind::kButton) {
    return rules.Match(inbound.text);
  }
  return {};
}

Decision Decide(const store::ConversationRow& conversation, const Inbound& inbound,
                const intents::MatchResult& match, const intents::RuleSet& rules,
                const Page& page, uint64_t variant_seed) {
  Decision d;
  d.next_state = conversation.state;
  d.next_unmatched_streak = conversation.unmatched_streak;
  switch (inbound.kind) {
    case InboundKind::kBlocked:
      d.kind = DecisionKind::kBlocked;
      return d;
    case InboundKind::kUnblocked:
      d.kind = DecisionKind::kUnblocked;
      return d;
    case InboundKind::kEdited:
      // Re-answering an edit would send a second reply to one question; the
      // new text is kept in the transcript for a volunteer to read.
      d.kind = DecisionKind::kRecordOnly;
      return d;
    case InboundKind::kInteraction:
      d.kind = DecisionKind::kRecordOnly;
      return d;
    case InboundKind::kFollow:
      // A follower who is already talking to a volunteer is not greeted again.
      if (conversation.state != ConversationState::kBot) {
        d.kind = DecisionKind::kRecordOnly;
        return d;
      }
      d.kind = DecisionKind::kWelcome;
      d.replies.push_back(WelcomeReply(page, rules));
      return d;
    default:
      break;
  }
  if (inbound.kind == InboundKind::kButton) {
    if (std::optional<Rating> rating = ParseRating(inbound.text)) {
      d.kind = DecisionKind::kRating;
      d.rating = rating;
      d.replies.push_back(ThanksForRatingReply());
      return d;
    }
  }
  if (conversation.state != ConversationState::kBot) {
    d.kind = DecisionKind::kToVolunteer;
    return d;
  }
  if (inbound.kind == InboundKind::kNonText) {
    d.kind = DecisionKind::kAskForText;
    return OnNotUnderstood(std::move(d), conversation, page, AskForTextReply(rules),
                           "non_text:" + inbound.media_kind);
  }
  d.next_unmatched_streak = 0;
  return OnMatch(std::move(d), conversation, match, rules, page, variant_seed);
}

}  // namespace trolyso::pipeline
