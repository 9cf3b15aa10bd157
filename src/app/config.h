// Config: everything `trolyso serve` needs, read once from a JSON file
// (comments allowed) and validated before anything starts. Strings may say
// ${NAME} to take an environment variable's value, so secrets stay out of
// files. A bad config stops start-up with one line naming the key.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "accounts/accounts.h"
#include "core/page.h"
#include "core/result.h"
#include "delivery/outbox_worker.h"
#include "handoff/areas.h"
#include "handoff/queue.h"
#include "http/server.h"
#include "pipeline/pipeline.h"

namespace trolyso::app {

struct Config {
  http::ServerOptions server;
  std::string sqlite_path = "data/trolyso.db";
  // FULL: a commit survives power loss; NORMAL only a crash, but is faster.
  bool sqlite_synchronous_full = true;
  std::string intents_dir = "intents";
  std::string log_level = "info";  // trace, debug, info, warn, error
  // Bearer token for /api/v1/admin/reload besides admin accounts (for
  // scripts); empty: accounts only.
  std::string admin_token;
  // Volunteer teams. Every page's area is one; areas not listed get the
  // page area's id as name and no parent.
  std::vector<handoff::Area> areas;
  handoff::QueueOptions queue;
  accounts::AccountsOptions accounts;
  size_t max_event_streams = 16;
  std::string console_url;  // from server.public_url; empty if not set
  int64_t zalo_replay_window_ms = 24LL * 3600 * 1000;  // older signed events are refused
  delivery::DeliveryOptions delivery;
  pipeline::PipelineOptions pipeline;
  std::vector<std::shared_ptr<const Page>> pages;
  // Optional pages skipped because their variables are unset, for the log.
  std::vector<std::string> skipped_pages;
  std::vector<std::string> skipped_page_ids;  // same order; "" when it had no id
  std::string source_path;  // the file it was read from, for reloads
};

// What a page that fails validation does to the whole config: at start-up
// it is fatal (a typo must not go unnoticed); on a reload of a running
// server it is reported and skipped, so the other pages keep working.
enum class PageErrors { kFatal, kSkip };

// Reads and validates `path`. Relative paths inside (sqlite_path, intents
// dir) are taken relative to the working directory, as a user typing
// `trolyso serve` from the repository expects.
Result<Config> LoadConfig(const std::string& path, PageErrors page_errors = PageErrors::kFatal);

// The same, from text (for tests); `source` names it in errors.
Result<Config> ParseConfig(const std::string& text, const std::string& source,
                           PageErrors page_errors = PageErrors::kFatal);

}  // namespace trolyso::app
