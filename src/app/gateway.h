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
#include "admin/live_rules.h"
#include "admin/rule_editor.h"
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
#include "pipeline/pipeline.h"
#include "store/read_connections.h"
#include "store/writer.h"

namespace trolyso::app {

class Gateway {
 public:
  // Opens the database (migrating it), loads and checks the rules. Nothing
  // is listening yet; the pipeline already works (`trolyso chat` uses it).
  // `apply_rule_files`: apply what changed in the intents directory's files
  // (the server does; the command-line tools only seed an empty database,
  // leaving file edits for the server to pick up).
  static Result<std::unique_ptr<Gateway>> Open(Config config, bool apply_rule_files = true);
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // Starts delivery and binds the HTTP port; returns the port.
  Result<int> StartServing();
  // Serves until Stop() is called from another thread.
  void ServeUntilStopped();
  void Stop();

  // Applies what changed in the intents directory's files since they were
  // last applied (a new version), or loads a newer version another process
  // stored; the live rules stay if the new ones fail.
  Status ReloadRules();
  // Re-reads the config file's pages: new ones start, removed ones stop,
  // changed ones change (their own rule folders re-read). A page that fails
  // validation is reported and, if it existed, keeps its previous settings;
  // the others are unaffected. Other sections (server, storage, areas...)
  // take effect on restart.
  Status ReloadPages();
  // Both, as SIGHUP and POST /api/v1/admin/reload do.
  Status Reload();
  std::vector<std::shared_ptr<const Page>> Pages() const;
  // The live rules for a page: the shared ones, plus its own folder's if it has one.
  std::shared_ptr<const intents::RuleSet> RulesFor(std::string_view page_id) const;

  pipeline::Pipeline& pipeline() { return *pipeline_; }
  accounts::Accounts& accounts() { return *accounts_; }
  admin::RuleEditor& rule_editor() { return *editor_; }
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
  // The live rule-set version compiled for every page; swapped whole.
  mutable std::mutex live_mu_;
  std::shared_ptr<const admin::LiveRules> live_;  // guarded by live_mu_
  uint64_t rules_generation_ = 0;                 // installs so far; guarded by live_mu_
  std::mutex rules_change_mu_;  // publishes, rollbacks, file imports, page reloads
  std::shared_ptr<const admin::LiveRules> Live() const;
  void Install(std::shared_ptr<const admin::LiveRules> rules);
  std::unique_ptr<admin::RuleEditor> editor_;
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
