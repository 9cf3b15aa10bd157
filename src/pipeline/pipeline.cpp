#include "pipeline/pipeline.h"

#include <functional>
#include <future>

#include <spdlog/spdlog.h>

#include "pipeline/conversation_policy.h"
#include "store/handoff_repository.h"
#include "store/repository.h"
#include "text/mask.h"

namespace trolyso::pipeline {
namespace {

// Longest stretch of citizen text a log line carries (masked).
constexpr size_t kLogTextLimit = 160;

std::string_view InboundKindName(const Inbound& in) {
  switch (in.kind) {
    case InboundKind::kText: return "text";
    case InboundKind::kButton: return "button";
    case InboundKind::kNonText: return in.media_kind;
    case InboundKind::kEdited: return "edited";
    case InboundKind::kBlocked: return "blocked";
    case InboundKind::kUnblocked: return "unblocked";
    case InboundKind::kFollow: return "follow";
    case InboundKind::kInteraction: return "interaction";
  }
  return "other";
}

std::string LogText(const std::string& text) {
  std::string masked = text::MaskPersonalNumbers(text);
  if (masked.size() <= kLogTextLimit) return masked;
  size_t cut = kLogTextLimit;
  while (cut > 0 && (static_cast<unsigned char>(masked[cut]) & 0xC0) == 0x80) --cut;
  return masked.substr(0, cut) + "…";
}

handoff::Event HandoffEvent(std::string type, int64_t handoff_id, int64_t conversation_id,
                            std::string state, std::vector<std::string> areas) {
  handoff::Event e;
  e.kind = handoff::Event::Kind::kHandoff;
  e.type = std::move(type);
  e.handoff_id = handoff_id;
  e.conversation_id = conversation_id;
  e.state = std::move(state);
  e.areas = std::move(areas);
  return e;
}

// What a committed message tells the consoles.
struct Effects {
  std::vector<store::OutboxItem> outbox;
  std::vector<handoff::Event> events;
};

// A citizen's message into a queued or held chat: the console showing that
// chat fetches it.
Status NoteMessageForVolunteer(store::Database& db, int64_t conversation_id, int64_t message_id,
                               Accepted& out, Effects& effects) {
  auto open = store::OpenHandoffOf(db, conversation_id);
  if (!open.ok()) return open.status();
  if (!open->has_value()) return Status::Ok();
  handoff::Event e;
  e.kind = handoff::Event::Kind::kMessage;
  e.handoff_id = (*open)->id;
  e.conversation_id = conversation_id;
  e.message_id = message_id;
  e.author = "citizen";
  e.areas = (*open)->offered_areas;
  out.handoff_id = e.handoff_id;
  effects.events.push_back(std::move(e));
  return Status::Ok();
}

// The citizen blocked the bot or unfollowed the page: nobody can answer them
// any more, so an open handoff is closed with a note saying why, and the
// conversation returns to the bot for when they come back.
Status CloseForLeaving(store::Database& db, const store::ConversationRow& conversation,
                       int64_t now, Effects& effects) {
  auto open = store::OpenHandoffOf(db, conversation.id);
  if (!open.ok()) return open.status();
  if (!open->has_value()) return Status::Ok();
  const store::HandoffRecord& h = **open;
  Result<bool> closed = store::ResolveHandoff(db, h.id, 0, now);
  if (!closed.ok()) return closed.status();
  store::NoteRow note;
  note.handoff_id = h.id;
  note.text = "Tự động đóng: người dân đã chặn hoặc bỏ theo dõi trang, không thể nhắn tới.";
  note.created_at = now;
  if (Result<int64_t> n = store::InsertNote(db, note); !n.ok()) return n.status();
  if (Status s = store::UpdateConversation(db, conversation.id, store::ConversationState::kBot,
                                           0, now);
      !s.ok()) {
    return s;
  }
  effects.events.push_back(
      HandoffEvent("resolved", h.id, conversation.id, "resolved", h.offered_areas));
  return Status::Ok();
}

// Stores a rating once; the thanks go out only if it counted.
Status PersistRating(store::Database& db, const store::ConversationRow& conversation,
                     const Rating& rating, Decision& decision, Effects& effects) {
  Result<bool> rated = store::RateHandoff(db, rating.handoff_id, conversation.id, rating.stars);
  if (!rated.ok()) return rated.status();
  if (!*rated) {
    decision.replies.clear();  // a second press, or a button of another chat
    return Status::Ok();
  }
  auto h = store::FindHandoff(db, rating.handoff_id);
  if (!h.ok()) return h.status();
  if (h->has_value()) {
    effects.events.push_back(HandoffEvent("rated", rating.handoff_id, conversation.id, "resolved",
                                          (*h)->offered_areas));
  }
  return Status::Ok();
}

// Writes what the decision says, inside the writer's transaction.
Status Persist(store::Database& db, const Page& page, const Inbound& in,
               const store::ConversationRow& conversation, Decision& decision,
               const intents::MatchResult& match, const PipelineOptions& options, int64_t now,
               Accepted& out, Effects& effects) {
  if (decision.kind == DecisionKind::kUnblocked) {
    return store::SetReachable(db, conversation.id, true, now);
  }
  if (decision.kind == DecisionKind::kBlocked) {
    if (Status s = store::SetReachable(db, conversation.id, false, now); !s.ok()) return s;
    return CloseForLeaving(db, conversation, now, effects);
  }
  if (decision.rating) {
    if (Status s = PersistRating(db, conversation, *decision.rating, decision, effects); !s.ok()) {
      return s;
    }
  }
  if (!conversation.reachable) {
    // Writing to the bot means the citizen is back (Telegram only lets a user
    // who has not blocked the bot send to it).
    if (Status s = store::SetReachable(db, conversation.id, true, now); !s.ok()) return s;
  }
  store::MessageRow incoming;
  incoming.conversation_id = conversation.id;
  incoming.author = store::Author::kCitizen;
  incoming.kind = std::string(InboundKindName(in));
  incoming.text = in.text;
  incoming.intent = decision.intent_id;
  incoming.decision = std::string(DecisionName(decision.kind));
  incoming.event_id = in.event_id;
  incoming.created_at = now;
  // Already masked by the rule set: volunteers see "0912***678", never the number.
  for (const auto& entity : match.entities) incoming.entities.emplace_back(entity.name, entity.value);
  Result<int64_t> incoming_id = store::InsertMessage(db, incoming);
  if (!incoming_id.ok()) return incoming_id.status();
  if (decision.kind == DecisionKind::kToVolunteer || decision.kind == DecisionKind::kRecordOnly) {
    Status s = NoteMessageForVolunteer(db, conversation.id, *incoming_id, out, effects);
    if (!s.ok()) return s;
  }

  for (const OutboundMessage& reply : decision.replies) {
    store::MessageRow row;
    row.conversation_id = conversation.id;
    row.outbound = true;
    row.author = store::Author::kBot;
    row.kind = "text";
    row.text = reply.text;
    row.buttons = reply.buttons;
    row.intent = decision.intent_id;
    row.decision = incoming.decision;
    row.created_at = now;
    Result<int64_t> id = store::InsertMessage(db, row);
    if (!id.ok()) return id.status();
    row.id = *id;
    // The web chat has no platform to push to: its page reads the transcript.
    if (page.channel != Channel::kWebchat) {
      Result<store::OutboxItem> item =
          store::EnqueueOutbox(db, row.id, conversation.id, page.id, in.chat_id, reply, now);
      if (!item.ok()) return item.status();
      effects.outbox.push_back(std::move(*item));
    }
    out.replies.push_back(std::move(row));
  }
  if (decision.escalation) {
    store::HandoffRow handoff;
    handoff.conversation_id = conversation.id;
    handoff.page_id = page.id;
    handoff.area = page.area;
    handoff.reason = decision.escalation->reason;
    handoff.priority = decision.escalation->priority;
    handoff.created_at = now;
    handoff.deadline_at = now + (options.sla_ms_for_area ? options.sla_ms_for_area(page.area)
                                                         : options.handoff_sla_ms);
    Result<int64_t> id = store::InsertHandoff(db, handoff);
    if (!id.ok()) return id.status();
    out.handoff_id = *id;
    effects.events.push_back(
        HandoffEvent("created", *id, conversation.id, "waiting", {page.area}));
    if (options.team_notifier != nullptr) {
      auto notice = options.team_notifier->Notify(db, *id, page.area, handoff.reason,
                                                  handoff.priority > 0, now);
      if (!notice.ok()) return notice.status();
      if (*notice) effects.outbox.push_back(std::move(**notice));
    }
  }
  if (decision.next_state == conversation.state &&
      decision.next_unmatched_streak == conversation.unmatched_streak) {
    return Status::Ok();  // nothing changed; UpsertConversation already touched it
  }
  return store::UpdateConversation(db, conversation.id, decision.next_state,
                                   decision.next_unmatched_streak, now);
}

}  // namespace

Pipeline::Pipeline(store::Writer& writer, RulesProvider rules, Metrics& metrics, Clock clock,
                   PipelineOptions options, OutboxListener on_outbox, EventListener on_event)
    : writer_(writer),
      rules_(std::move(rules)),
      metrics_(metrics),
      clock_(std::move(clock)),
      options_(options),
      on_outbox_(std::move(on_outbox)),
      on_event_(std::move(on_event)) {}

Result<Accepted> Pipeline::Accept(const Page& page, const Inbound& in) {
  // One snapshot for the whole message: a reload mid-request cannot mix sets.
  std::shared_ptr<const intents::RuleSet> rules = rules_(page);
  intents::MatchResult match = Classify(in, *rules);
  uint64_t seed = std::hash<std::string>{}(in.event_id);

  Accepted out;
  Effects effects;
  std::promise<Status> committed;
  std::future<Status> done = committed.get_future();
  writer_.Post(
      [&](store::Database& db) -> Status {
        out = Accepted{};
        effects = Effects{};
        int64_t now = clock_();
        Result<bool> fresh = store::RecordInboundEvent(db, in, now);
        if (!fresh.ok()) return fresh.status();
        if (!*fresh) {
          out.duplicate = true;
          return Status::Ok();
        }
        Result<store::ConversationRow> conversation = store::UpsertConversation(db, in, now);
        if (!conversation.ok()) return conversation.status();
        Decision decision = Decide(*conversation, in, match, *rules, page, seed);
        out.decision = std::string(DecisionName(decision.kind));
        out.intent_id = decision.intent_id;
        out.conversation_id = conversation->id;
        out.state = decision.next_state;
        return Persist(db, page, in, *conversation, decision, match, options_, now, out, effects);
      },
      [&](const Status& s) {
        // Runs on the writer thread right after the commit, before any later
        // transaction: delivery learns of the rows before a result for them
        // can possibly commit, so it can never mistake them for new ones.
        if (s.ok() && on_outbox_ && !effects.outbox.empty()) on_outbox_(std::move(effects.outbox));
        if (s.ok() && on_event_) {
          for (const handoff::Event& e : effects.events) on_event_(e);
        }
        committed.set_value(s);
      });
  Status status = done.get();
  if (!status.ok()) {
    spdlog::error("page={} event={} store failed: {}", page.id, in.event_id, status.message());
    return status;
  }
  if (out.duplicate) {
    metrics_.duplicates.Add({page.id});
    spdlog::info("page={} event={} duplicate, skipped", page.id, in.event_id);
    return out;
  }
  metrics_.decisions.Add({page.id, out.decision});
  // Checked first: masking runs a regex, which is wasted when the line is off.
  if (spdlog::should_log(spdlog::level::info)) {
    spdlog::info("page={} conv={} event={} kind={} decision={} intent={} text=\"{}\"", page.id,
                 out.conversation_id, in.event_id, InboundKindName(in), out.decision,
                 out.intent_id.empty() ? "-" : out.intent_id, LogText(in.text));
  }
  return out;
}

}  // namespace trolyso::pipeline
