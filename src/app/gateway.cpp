#include "app/gateway.h"

#include <chrono>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "store/repository.h"
#include "text/mask.h"

namespace trolyso::app {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

Gateway::Gateway(Config config) : config_(std::move(config)) {
  for (const auto& page : config_.pages) pages_[page->id] = page;
}

Gateway::~Gateway() { Stop(); }

Result<std::unique_ptr<Gateway>> Gateway::Open(Config config) {
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

  g->rules_ = std::make_unique<intents::RuleSetHolder>(c.intents_dir);
  if (Status s = g->rules_->Reload(); !s.ok()) {
    return Status::InvalidArgument("intents.dir", s.message());
  }
  for (const auto& page : c.pages) {
    if (!page->intents_dir.empty()) {
      auto holder = g->LoadPageRules(*page);
      if (!holder.ok()) return holder.status();
      g->page_rules_[page->id] = std::move(*holder);
    }
    if (Status s = g->CheckDisabledIntents(*page); !s.ok()) return s;
  }
  Result<handoff::AreaDirectory> areas = handoff::AreaDirectory::Build(c.areas);
  if (!areas.ok()) return Status::InvalidArgument("areas", areas.status().message());
  g->areas_ = std::move(*areas);

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
  g->reads_ = std::make_unique<store::ReadConnections>(c.sqlite_path);
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

Result<std::shared_ptr<intents::RuleSetHolder>> Gateway::LoadPageRules(const Page& page) const {
  auto holder =
      std::make_shared<intents::RuleSetHolder>(config_.intents_dir, intents::Limits{},
                                               page.intents_dir);
  if (Status s = holder->Reload(); !s.ok()) {
    return Status::InvalidArgument("pages." + page.id + ".intents_dir", s.message());
  }
  return holder;
}

// A typo in a page's list would silently leave the rule on.
Status Gateway::CheckDisabledIntents(const Page& page) const {
  std::shared_ptr<const intents::RuleSet> rules;
  {
    std::shared_lock lock(pages_mu_);
    auto it = page_rules_.find(page.id);
    rules = it != page_rules_.end() && !page.intents_dir.empty() ? it->second->Get()
                                                                 : rules_->Get();
  }
  for (const std::string& id : page.disabled_intents) {
    if (rules->Find(id) == nullptr) {
      return Status::InvalidArgument("pages." + page.id + ".disabled_intents",
                                     "no intent \"" + id + "\"");
    }
  }
  return Status::Ok();
}

std::shared_ptr<const intents::RuleSet> Gateway::RulesFor(std::string_view page_id) const {
  {
    std::shared_lock lock(pages_mu_);
    auto it = page_rules_.find(page_id);
    if (it != page_rules_.end()) {
      if (auto rules = it->second->Get()) return rules;
    }
  }
  return rules_->Get();
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
  if (!fresh.ok()) return Status::InvalidArgument("config", fresh.status().message());
  std::map<std::string, std::shared_ptr<const Page>, std::less<>> previous;
  std::map<std::string, std::shared_ptr<intents::RuleSetHolder>, std::less<>> next_rules;
  {
    std::shared_lock lock(pages_mu_);
    previous = pages_;
    next_rules = page_rules_;
  }
  std::map<std::string, std::shared_ptr<const Page>, std::less<>> next;
  auto keep_previous = [&](const std::string& id, const std::string& why) {
    auto old = previous.find(id);
    if (old != previous.end()) {
      next[id] = old->second;
      spdlog::error("page {}: {}; its previous settings stay", id, why);
    } else {
      spdlog::error("page {}: {}; not started", id, why);
    }
  };
  std::shared_ptr<const intents::RuleSet> rules = rules_->Get();
  for (const auto& page : fresh->pages) {
    if (!areas_.Contains(page->area)) {
      keep_previous(page->id, "area \"" + page->area + "\" is not configured (areas change on restart)");
      continue;
    }
    if (!page->intents_dir.empty()) {
      auto old = previous.find(page->id);
      bool same_dir = old != previous.end() && old->second->intents_dir == page->intents_dir;
      if (!same_dir || !next_rules.count(page->id)) {
        auto holder = LoadPageRules(*page);
        if (!holder.ok()) {
          keep_previous(page->id, holder.status().message());
          continue;
        }
        next_rules[page->id] = std::move(*holder);
      }
    } else {
      next_rules.erase(page->id);
    }
    std::string unknown;
    std::shared_ptr<const intents::RuleSet> page_rules =
        next_rules.count(page->id) ? next_rules[page->id]->Get() : rules;
    for (const std::string& id : page->disabled_intents) {
      if (page_rules->Find(id) == nullptr) unknown = id;
    }
    if (!unknown.empty()) {
      keep_previous(page->id, "disabled_intents: no intent \"" + unknown + "\"");
      continue;
    }
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
  // Rules of pages that are gone (or kept their previous settings) stay
  // only if their page does.
  for (auto it = next_rules.begin(); it != next_rules.end();) {
    auto page = next.find(it->first);
    it = page == next.end() || page->second->intents_dir.empty() ? next_rules.erase(it) : ++it;
  }
  {
    std::unique_lock lock(pages_mu_);
    pages_ = std::move(next);
    page_rules_ = std::move(next_rules);
  }
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
        auto rules = rules_->Get();
        return rules ? rules->size() : 0;
      },
      .reload_rules = [this] { return Reload(); },
      .admin_token = config_.admin_token,
      .accounts = *accounts_,
      .queue = *queue_,
      .events = events_,
      .areas = areas_,
      .rules = [this](std::string_view page_id) { return RulesFor(page_id); },
      .now = NowMs,
      .max_event_streams = config_.max_event_streams,
      .zalo_replay_window_ms = config_.zalo_replay_window_ms});
  metrics_.rule_set_fallbacks = [] { return intents::SetFallbackCount(); };
  metrics_.rules_generation = [this] { return rules_->generation(); };
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
  Status shared = rules_->Reload();
  std::map<std::string, std::shared_ptr<intents::RuleSetHolder>, std::less<>> holders;
  {
    std::shared_lock lock(pages_mu_);
    holders = page_rules_;
  }
  Status pages = Status::Ok();
  for (const auto& [id, holder] : holders) {
    if (Status s = holder->Reload(); !s.ok() && pages.ok()) pages = s;
  }
  return shared.ok() ? pages : shared;
}

}  // namespace trolyso::app
