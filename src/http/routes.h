// The HTTP surface: webhooks, web chat API, health and metrics, static pages.
// Handlers translate HTTP to core calls and Status back to HTTP; decisions
// are made in pipeline/.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "admin/rule_editor.h"
#include "core/metrics.h"
#include "core/page.h"
#include "handoff/areas.h"
#include "handoff/events.h"
#include "handoff/queue.h"
#include "intents/rule_set.h"
#include "pipeline/pipeline.h"
#include "store/read_connections.h"

namespace httplib {
class Server;
}

namespace trolyso::http {

struct RouteContext {
  PageLookup page;                                           // by id
  std::function<std::vector<std::shared_ptr<const Page>>()> pages;  // all, for listings
  pipeline::Pipeline& pipeline;
  Metrics& metrics;
  const store::ReadConnections& reads;
  std::function<size_t()> intent_count;  // of the live rule set; 0 = not ready
  std::function<Status()> reload_rules;  // builds, checks and swaps the rule set
  // Bearer token for the admin API from the config, beside admin sessions;
  // empty: only admin accounts.
  std::string admin_token;
  // The volunteer side.
  accounts::Accounts& accounts;
  handoff::HandoffQueue& queue;
  handoff::EventHub& events;
  const handoff::AreaDirectory& areas;
  // The live rules of a page (its local rules included); "" or an unknown
  // page: the shared rules.
  std::function<std::shared_ptr<const intents::RuleSet>(std::string_view page_id)> rules;
  std::function<int64_t()> now;  // Unix milliseconds
  // Versioned rules and admins' drafts (the /admin editor).
  admin::RuleEditor& rule_editor;
  // Event streams open at once; each holds a server thread.
  size_t max_event_streams = 16;
  // Signed Zalo events older than this are refused (replays); within it the
  // dedupe key absorbs Zalo's own re-sends.
  int64_t zalo_replay_window_ms = 24LL * 3600 * 1000;
};

void RegisterWebhookRoutes(httplib::Server& server, const RouteContext& context);
void RegisterWebchatRoutes(httplib::Server& server, const RouteContext& context);
void RegisterOpsRoutes(httplib::Server& server, const RouteContext& context);
void RegisterAdminRoutes(httplib::Server& server, const RouteContext& context);
void RegisterSessionRoutes(httplib::Server& server, const RouteContext& context);
void RegisterHandoffRoutes(httplib::Server& server, const RouteContext& context);
void RegisterEventRoutes(httplib::Server& server, const RouteContext& context);
void RegisterUserRoutes(httplib::Server& server, const RouteContext& context);
void RegisterStatsRoutes(httplib::Server& server, const RouteContext& context);
void RegisterRuleRoutes(httplib::Server& server, const RouteContext& context);
void RegisterRuleToolRoutes(httplib::Server& server, const RouteContext& context);
void RegisterStaticRoutes(httplib::Server& server);

}  // namespace trolyso::http
