// The HTTP surface: webhooks, web chat API, health and metrics, static pages.
// Handlers translate HTTP to core calls and Status back to HTTP; decisions
// are made in pipeline/.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/metrics.h"
#include "core/page.h"
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
  std::string admin_token;               // empty: the admin API is off
};

void RegisterWebhookRoutes(httplib::Server& server, const RouteContext& context);
void RegisterWebchatRoutes(httplib::Server& server, const RouteContext& context);
void RegisterOpsRoutes(httplib::Server& server, const RouteContext& context);
void RegisterAdminRoutes(httplib::Server& server, const RouteContext& context);
void RegisterStaticRoutes(httplib::Server& server);

}  // namespace trolyso::http
