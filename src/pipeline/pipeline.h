// Pipeline: accepts one inbound message and makes it durable together with
// everything it causes.
//
// Accept() matches the text on the calling thread (the costly part, run in
// parallel by the HTTP pool), then hands one job to the store's writer that,
// in a single transaction: records the event id (dedupe), loads or creates
// the conversation, stores the message, applies ConversationPolicy, stores
// the replies and queues them in the outbox, opens a handoff on escalation.
// When Accept returns OK the webhook may acknowledge: a crash after that
// loses nothing; a retried event is recognised and produces no second reply.
//
// Thread-safe. Holds references to collaborators that outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/message.h"
#include "core/metrics.h"
#include "core/page.h"
#include "core/result.h"
#include "handoff/events.h"
#include "handoff/team_notifier.h"
#include "intents/rule_set.h"
#include "store/records.h"
#include "store/writer.h"

namespace trolyso::pipeline {

struct PipelineOptions {
  // How long a handoff may wait for a claim before it is offered more widely.
  int64_t handoff_sla_ms = 5 * 60 * 1000;
  // The SLA of one area, when areas have their own; empty: handoff_sla_ms.
  std::function<int64_t(const std::string& area)> sla_ms_for_area;
  // Tells the area's team of each new handoff; null: no team notices.
  const handoff::TeamNotifier* team_notifier = nullptr;
};

struct Accepted {
  bool duplicate = false;  // seen before: nothing was done
  std::string decision;    // DecisionName()
  std::string intent_id;
  int64_t conversation_id = 0;
  int64_t handoff_id = 0;  // the handoff this message opened, or joined
  store::ConversationState state = store::ConversationState::kBot;
  std::vector<store::MessageRow> replies;  // as stored, with ids
};

class Pipeline {
 public:
  // The live rules of a page (shared rules plus the page's own).
  using RulesProvider = std::function<std::shared_ptr<const intents::RuleSet>(const Page&)>;
  using Clock = std::function<int64_t()>;  // Unix milliseconds
  // Told of outbox rows right after they commit, on the writer thread and
  // before the next transaction, so delivery can start at once instead of
  // finding them on its next poll. Must be quick. May be empty.
  using OutboxListener = std::function<void(std::vector<store::OutboxItem>)>;
  // Told, also at commit on the writer thread, of what consoles must see:
  // a new handoff, a citizen writing into a queued or held chat, a rating.
  using EventListener = std::function<void(const handoff::Event&)>;

  Pipeline(store::Writer& writer, RulesProvider rules, Metrics& metrics, Clock clock,
           PipelineOptions options = {}, OutboxListener on_outbox = {},
           EventListener on_event = {});

  // `page` must be the page inbound.page_id names. Errors: Internal/Unavailable
  // from the store (the caller answers 5xx so the platform retries).
  Result<Accepted> Accept(const Page& page, const Inbound& inbound);

 private:
  store::Writer& writer_;
  const RulesProvider rules_;
  Metrics& metrics_;
  const Clock clock_;
  const PipelineOptions options_;
  const OutboxListener on_outbox_;
  const EventListener on_event_;
};

}  // namespace trolyso::pipeline
