// Gateway: the running system, assembled from a Config. Owns every part and
// tears them down in the reverse order: HTTP stops taking requests, delivery
// stops, then the writer finishes what was queued.
#pragma once

#include <atomic>
#include <map>
#include <shared_mutex>
#include <vector>
#include <memory>
#include <string>
#include <thread>

#include "accounts/accounts.h"
#include "app/config.h"
#include "core/metrics.h"
#include "delivery/outbox_worker.h"
#include "delivery/platform_client.h"
#include "delivery/zalo_tokens.h"
#include "handoff/areas.h"
#include "handoff/events.h"
#include "handoff/queue.h"
#include "handoff/team_notifier.h"
#include "http/routes.h"
#include "http/server.h"
#include "intents/rule_set_holder.h"
#include "pipeline/pipeline.h"
#include "store/read_connections.h"
#include "store/writer.h"

namespace trolyso::app {

class Gateway {
 public:
  // Opens the database (migrating it), loads and checks the rules. Nothing
  // is listening yet; the pipeline already works (`trolyso chat` uses it).
  static Result<std::unique_ptr<Gateway>> Open(Config config);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Starts delivery and binds the HTTP port; returns the port.
  Result<int> StartServing();
  // Serves until Stop() is called from another thread.
  void ServeUntilStopped();
  void Stop();

  // Reloads the rule set; the live one stays if the new one fails.
  Status ReloadRules();
  // Re-reads the config file's pages: new ones start, removed ones stop,
  // changed ones change. A page that fails validation is reported and, if it
  // existed, keeps its previous settings; the others are unaffected. Other
  // sections (server, storage, areas...) take effect on restart.
  Status ReloadPages();
  // Both, as SIGHUP and POST /api/v1/admin/reload do.
  Status Reload();
  std::vector<std::shared_ptr<const Page>> Pages() const;
  // The live rules for a page: the shared ones, plus its own folder's if it has one.
  std::shared_ptr<const intents::RuleSet> RulesFor(std::string_view page_id) const;

  pipeline::Pipeline& pipeline() { return *pipeline_; }
  accounts::Accounts& accounts() { return *accounts_; }
  handoff::HandoffQueue& queue() { return *queue_; }
  std::shared_ptr<const Page> FindPage(std::string_view id) const;
  const Config& config() const { return config_; }

 private:
  explicit Gateway(Config config);

  const Config config_;
  mutable std::shared_mutex pages_mu_;
  std::map<std::string, std::shared_ptr<const Page>, std::less<>> pages_;  // guarded by pages_mu_
  // Declared so that destruction runs bottom-up: HTTP first; the writer
  // after everything that queues jobs, but before the delivery worker its
  // queued jobs' completions still call into.
  Metrics metrics_;
  std::unique_ptr<delivery::ZaloTokens> zalo_tokens_;  // used by delivery's senders
  std::unique_ptr<delivery::OutboxWorker> delivery_;
  std::unique_ptr<store::Writer> writer_;
  std::unique_ptr<intents::RuleSetHolder> rules_;
  // Pages with an intents_dir of their own: shared rules + theirs, loaded
  // and checked together. Guarded by pages_mu_; holders are shared so a
  // reader keeps one across a reload.
  std::map<std::string, std::shared_ptr<intents::RuleSetHolder>, std::less<>> page_rules_;
  // Builds and loads the holder for `page`; for Open and ReloadPages.
  Result<std::shared_ptr<intents::RuleSetHolder>> LoadPageRules(const Page& page) const;
  Status CheckDisabledIntents(const Page& page) const;
  std::unique_ptr<pipeline::Pipeline> pipeline_;
  std::unique_ptr<store::ReadConnections> reads_;
  handoff::AreaDirectory areas_;
  handoff::EventHub events_;
  std::unique_ptr<handoff::TeamNotifier> team_notifier_;
  std::unique_ptr<accounts::Accounts> accounts_;
  std::unique_ptr<handoff::HandoffQueue> queue_;  // its timer stops before the writer goes
  std::unique_ptr<http::RouteContext> routes_;
  std::unique_ptr<http::HttpServer> http_;
};

// Unix milliseconds from the system clock.
int64_t NowMs();

}  // namespace trolyso::app
