#include "app/gateway.h"

#include <chrono>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "app/area_audit.h"
#include "store/repository.h"
#include "text/mask.h"

namespace trolyso::app {

namespace {

// The intents directory as an absolute path: the key its files' state is
// kept under, the same whichever directory the server was started from.
std::string RuleDirKey(const std::string& dir) {
  std::error_code ec;
  std::filesystem::path absolute = std::filesystem::weakly_canonical(dir, ec);
  return ec ? dir : absolute.string();
}

}  // namespace

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Gateway::Gateway(Config config) : config_(std::move(config)) {
  for (const auto& page : config_.pages) pages_[page->id] = page;
}

Gateway::~Gateway() { Stop(); }

Result<std::unique_ptr<Gateway>> Gateway::Open(Config config, bool apply_rule_files) {
  std::unique_ptr<Gateway> g(new Gateway(std::move(config)));
  const Config& c = g->config_;

  std::filesystem::path db_path(c.sqlite_path);
  if (db_path.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(db_path.parent_path(), ec);
    if (ec) return Status::Unavailable("storage.sqlite_path", ec.message());
  }
  Result<std::unique_ptr<store::Writer>> writer =
      store::Writer::Start(c.sqlite_path, {.max_batch = 256,
                                           .synchronous_full = c.sqlite_synchronous_full});
  if (!writer.ok()) return Status::Unavailable("storage.sqlite_path", writer.status().message());
  g->writer_ = std::move(writer).value();

  g->reads_ = std::make_unique<store::ReadConnections>(c.sqlite_path);
  Gateway* gateway = g.get();
  admin::RuleEditor::Hooks hooks{
      .live = [gateway] { return gateway->Live(); },
      .build = [gateway](intents::RuleDocuments documents, int64_t version) {
        return admin::BuildLiveRules(std::move(documents), version, gateway->Pages());
      },
      .install = [gateway](std::shared_ptr<const admin::LiveRules> rules) {
        gateway->Install(std::move(rules));
      },
      .now = NowMs,
      .mask = [](const std::string& text) { return text::MaskPersonalNumbers(text); }};
  g->editor_ = std::make_unique<admin::RuleEditor>(*g->writer_, *g->reads_, std::move(hooks),
                                                   g->rules_change_mu_);
  // The stored live version, then whatever changed in the files since they
  // were last applied (everything, on the first start).
  admin::PublishOutcome stored = g->editor_->LoadStoredLive();
  if (!stored.status.ok() && stored.status.code() != StatusCode::kNotFound) {
    std::string detail = stored.status.message();
    for (const std::string& f : stored.failures) detail += "\n" + f;
    return Status::InvalidArgument("intents", detail);
  }
  admin::PublishOutcome files;
  if (apply_rule_files || !g->Live()) files = g->editor_->ApplyDirectory(RuleDirKey(c.intents_dir), "system");
  if (!files.status.ok()) {
    std::string detail;
    for (const std::string& f : files.failures) detail += (detail.empty() ? "" : "\n") + f;
    return Status::InvalidArgument("intents.dir", detail.empty() ? files.status.message() : detail);
  }
  if (!g->Live()) return Status::Internal("intents", "no rule set loaded");
  Result<handoff::AreaDirectory> areas = handoff::AreaDirectory::Build(c.areas);
  if (!areas.ok()) return Status::InvalidArgument("areas", areas.status().message());
  g->areas_ = std::move(*areas);
  if (Status s = RecordAreaChanges(*g->writer_, c.areas, NowMs()); !s.ok()) {
    return Status::Unavailable("audit", s.message());
  }

  Gateway* self = g.get();
  auto submit = [self](std::vector<store::OutboxItem> items) {
    // Before StartServing (trolyso chat) there is no worker: rows stay
    // pending in the outbox for the server to deliver.
    if (self->delivery_) self->delivery_->Submit(std::move(items));
  };
  auto publish = [self](const handoff::Event& event) {
    handoff::Event stamped = event;
    stamped.published_at_ms = NowMs();
    self->events_.Publish(stamped);
  };
  g->team_notifier_ = std::make_unique<handoff::TeamNotifier>(
      g->areas_, [self](std::string_view id) { return self->FindPage(id); }, c.console_url);
  pipeline::PipelineOptions pipeline_options = c.pipeline;
  pipeline_options.team_notifier = g->team_notifier_.get();
  pipeline_options.sla_ms_for_area = [self](const std::string& area) {
    return self->queue_ ? self->queue_->SlaFor(area) : self->config_.pipeline.handoff_sla_ms;
  };
  g->pipeline_ = std::make_unique<pipeline::Pipeline>(
      *g->writer_, [self](const Page& page) { return self->RulesFor(page.id); }, g->metrics_,
      NowMs, pipeline_options, submit, publish);
  g->accounts_ = std::make_unique<accounts::Accounts>(
      *g->writer_, *g->reads_, NowMs,
      [self](std::string_view area) { return self->areas_.Contains(area); }, c.accounts);
  handoff::QueueOptions queue_options = c.queue;
  queue_options.team_notifier = g->team_notifier_.get();
  g->queue_ = std::make_unique<handoff::HandoffQueue>(
      *g->writer_, *g->reads_, g->areas_, g->events_,
      [self](std::string_view id) { return self->FindPage(id); }, NowMs, submit,
      [](const std::string& text) { return text::MaskPersonalNumbers(text); }, queue_options);
  return g;
}

std::shared_ptr<const Page> Gateway::FindPage(std::string_view id) const {
  std::shared_lock lock(pages_mu_);
  auto it = pages_.find(id);
  return it == pages_.end() ? nullptr : it->second;
}

std::shared_ptr<const admin::LiveRules> Gateway::Live() const {
  std::lock_guard<std::mutex> lock(live_mu_);
  return live_;
}

void Gateway::Install(std::shared_ptr<const admin::LiveRules> rules) {
  std::shared_ptr<const admin::LiveRules> previous;
  {
    std::lock_guard<std::mutex> lock(live_mu_);
    previous = std::move(live_);
    live_ = std::move(rules);
    ++rules_generation_;
  }
  // `previous` is released here, outside the lock; requests in flight keep
  // the rule sets they started with.
}

std::shared_ptr<const intents::RuleSet> Gateway::RulesFor(std::string_view page_id) const {
  std::shared_ptr<const admin::LiveRules> live = Live();
  return live ? live->For(page_id) : nullptr;
}

std::vector<std::shared_ptr<const Page>> Gateway::Pages() const {
  std::shared_lock lock(pages_mu_);
  std::vector<std::shared_ptr<const Page>> pages;
  for (const auto& [_, page] : pages_) pages.push_back(page);
  return pages;
}

Status Gateway::ReloadPages() {
  if (config_.source_path.empty()) return Status::Ok();
  Result<Config> fresh = LoadConfig(config_.source_path, PageErrors::kSkip);
  if (!fresh.ok()) {
    spdlog::error("pages: reload rejected, the config file stays as it was: {}",
                  fresh.status().message());
    return Status::InvalidArgument("config", fresh.status().message());
  }
  // No publish or rollback swaps the rules while the pages' rules are rebuilt.
  std::lock_guard<std::mutex> changes_lock(rules_change_mu_);
  std::shared_ptr<const admin::LiveRules> live = Live();
  std::map<std::string, std::shared_ptr<const Page>, std::less<>> previous;
  {
    std::shared_lock lock(pages_mu_);
    previous = pages_;
  }
  std::map<std::string, std::shared_ptr<const Page>, std::less<>> next;
  auto next_live = std::make_shared<admin::LiveRules>(*live);
  next_live->pages.clear();
  auto keep_previous = [&](const std::string& id, const std::string& why) {
    auto old = previous.find(id);
    if (old != previous.end()) {
      next[id] = old->second;
      if (auto rules = live->pages.find(id); rules != live->pages.end()) {
        next_live->pages[id] = rules->second;
      }
      spdlog::error("page {}: {}; its previous settings stay", id, why);
    } else {
      spdlog::error("page {}: {}; not started", id, why);
    }
  };
  for (const auto& page : fresh->pages) {
    if (!areas_.Contains(page->area)) {
      keep_previous(page->id, "area \"" + page->area + "\" is not configured (areas change on restart)");
      continue;
    }
    auto rules = admin::BuildPageRules(live->documents, live->shared, *page);
    if (!rules.ok()) {
      keep_previous(page->id, "rules reload rejected: " + rules.status().message());
      continue;
    }
    if (!page->intents_dir.empty()) next_live->pages[page->id] = *rules;
    next[page->id] = page;
  }
  for (size_t i = 0; i < fresh->skipped_page_ids.size(); ++i) {
    keep_previous(fresh->skipped_page_ids[i], fresh->skipped_pages[i]);
  }
  next.erase("");
  int added = 0, changed = 0, removed = 0;
  for (const auto& [id, page] : next) {
    auto old = previous.find(id);
    if (old == previous.end()) {
      ++added;
    } else if (old->second != page) {
      ++changed;
    }
  }
  for (const auto& [id, page] : previous) removed += next.count(id) == 0;
  {
    std::unique_lock lock(pages_mu_);
    pages_ = std::move(next);
  }
  if (next_live->pages != live->pages) Install(std::move(next_live));
  spdlog::info("pages reloaded: {} added, {} updated, {} removed", added, changed, removed);
  return Status::Ok();
}

Status Gateway::Reload() {
  Status pages = ReloadPages();
  Status rules = ReloadRules();
  if (!pages.ok()) return pages;
  return rules;
}

Result<int> Gateway::StartServing() {
  zalo_tokens_ = std::make_unique<delivery::ZaloTokens>(*writer_, *reads_, NowMs,
                                                        delivery::PostOnce);
  delivery::DeliveryOptions delivery_options = config_.delivery;
  delivery_options.zalo_tokens = zalo_tokens_.get();
  delivery_options.on_handoff_noted = [this](const store::HandoffRecord& h) {
    handoff::Event e;
    e.type = "noted";
    e.handoff_id = h.id;
    e.conversation_id = h.conversation_id;
    e.state = std::string(store::HandoffStateName(h.state));
    e.areas = h.offered_areas;
    e.published_at_ms = NowMs();
    events_.Publish(e);
  };
  delivery_ = std::make_unique<delivery::OutboxWorker>(
      config_.sqlite_path, *writer_, [this](std::string_view id) { return FindPage(id); },
      metrics_, NowMs, delivery_options);
  if (Status s = delivery_->Start(); !s.ok()) return s;
  queue_->StartTimer();

  store::ReadConnections* reads = reads_.get();
  metrics_.outbox_depth = [reads]() -> int64_t {
    Result<store::Database*> db = reads->ForThisThread();
    if (!db.ok()) return -1;
    Result<int64_t> n = store::PendingOutboxCount(**db);
    return n.ok() ? *n : -1;
  };
  routes_ = std::make_unique<http::RouteContext>(http::RouteContext{
      .page = [this](std::string_view id) { return FindPage(id); },
      .pages = [this] { return Pages(); },
      .pipeline = *pipeline_,
      .metrics = metrics_,
      .reads = *reads_,
      .intent_count = [this]() -> size_t {
        auto live = Live();
        return live ? live->shared->size() : 0;
      },
      .reload_rules = [this] { return Reload(); },
      .admin_token = config_.admin_token,
      .accounts = *accounts_,
      .queue = *queue_,
      .events = events_,
      .areas = areas_,
      .rules = [this](std::string_view page_id) { return RulesFor(page_id); },
      .now = NowMs,
      .rule_editor = *editor_,
      .max_event_streams = config_.max_event_streams,
      .zalo_replay_window_ms = config_.zalo_replay_window_ms});
  metrics_.rule_set_fallbacks = [] { return intents::SetFallbackCount(); };
  metrics_.rules_generation = [this] {
    std::lock_guard<std::mutex> lock(live_mu_);
    return rules_generation_;
  };
  http_ = std::make_unique<http::HttpServer>(config_.server);
  http::RegisterWebhookRoutes(http_->raw(), *routes_);
  http::RegisterWebchatRoutes(http_->raw(), *routes_);
  http::RegisterOpsRoutes(http_->raw(), *routes_);
  http::RegisterAdminRoutes(http_->raw(), *routes_);
  http::RegisterSessionRoutes(http_->raw(), *routes_);
  http::RegisterHandoffRoutes(http_->raw(), *routes_);
  http::RegisterEventRoutes(http_->raw(), *routes_);
  http::RegisterUserRoutes(http_->raw(), *routes_);
  http::RegisterStatsRoutes(http_->raw(), *routes_);
  http::RegisterRuleRoutes(http_->raw(), *routes_);
  http::RegisterRuleToolRoutes(http_->raw(), *routes_);
  http::RegisterStaticRoutes(http_->raw());
  return http_->Bind();
}

void Gateway::ServeUntilStopped() { http_->Listen(); }

void Gateway::Stop() {
  events_.Close();  // ends the consoles' live streams, which hold server threads
  if (http_) http_->Stop();
  if (queue_) queue_->StopTimer();
  if (delivery_) delivery_->Stop();
}

Status Gateway::ReloadRules() {
  // Another process (trolyso import-intents) may have stored a version.
  admin::PublishOutcome stored = editor_->LoadStoredLive();
  admin::PublishOutcome files = editor_->ApplyDirectory(RuleDirKey(config_.intents_dir), "reload");
  for (const admin::PublishOutcome* outcome : {&stored, &files}) {
    if (outcome->status.ok()) continue;
    std::string detail;
    for (const std::string& f : outcome->failures) detail += (detail.empty() ? "" : "\n") + f;
    if (detail.empty()) detail = outcome->status.message();
    spdlog::error("intents: reload rejected, keeping the live rules: {}", detail);
    return Status::InvalidArgument("invalid_rules", detail);
  }
  spdlog::info("rules reloaded: version {} live", Live()->version);
  return Status::Ok();
}

}  // namespace trolyso::app
