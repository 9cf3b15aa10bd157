#include "delivery/zalo_tokens.h"

#include <spdlog/spdlog.h>

#include "channels/zalo.h"
#include "store/token_repository.h"

namespace trolyso::delivery {

ZaloTokens::ZaloTokens(store::Writer& writer, const store::ReadConnections& reads, Clock clock,
                       Transport transport)
    : writer_(writer), reads_(reads), clock_(std::move(clock)), transport_(std::move(transport)) {}

ZaloTokens::PageTokens& ZaloTokens::For(const std::string& page_id) {
  std::lock_guard lock(mu_);
  auto& slot = pages_[page_id];
  if (!slot) slot = std::make_unique<PageTokens>();
  return *slot;
}

uint64_t ZaloTokens::refresh_count() const { return refreshes_.load(); }

Status ZaloTokens::LoadLocked(const Page& page, PageTokens& t) {
  if (t.loaded) return Status::Ok();
  Result<store::Database*> db = reads_.ForThisThread();
  if (!db.ok()) return db.status();
  Result<std::optional<store::TokenPairRow>> row = store::LoadTokens(**db, page.id);
  if (!row.ok()) return row.status();
  if (row->has_value()) {
    t.access_token = (*row)->access_token;
    t.refresh_token = (*row)->refresh_token;
    t.expires_at = (*row)->expires_at;
  } else {
    t.refresh_token = page.zalo.refresh_token;  // first start: the config seeds it
  }
  t.loaded = true;
  return Status::Ok();
}

Result<std::string> ZaloTokens::TryRefresh(const Page& page, PageTokens& t,
                                           const std::string& refresh_token) {
  PlatformCall call = channels::zalo::RenderRefresh(page, refresh_token);
  auto [status, body] = transport_(page.zalo.oauth_base, call);
  Result<channels::zalo::TokenPair> pair = channels::zalo::ParseRefreshResponse(status, body);
  if (!pair.ok()) return pair.status();
  int64_t now = clock_();
  store::TokenPairRow row;
  row.access_token = pair->access_token;
  row.refresh_token = pair->refresh_token;
  // Without a lifetime, assume the documented 25 h and refresh well before.
  row.expires_at = now + (pair->expires_in_s > 0 ? pair->expires_in_s * 1000 : 25LL * 3600 * 1000);
  // Stored before anything uses it: the old refresh token is already dead.
  Status saved = writer_.Run(
      [&](store::Database& db) { return store::SaveTokens(db, page.id, row, now); });
  if (!saved.ok()) {
    spdlog::critical("page={} Zalo refresh succeeded but the new tokens could not be stored: {}",
                     page.id, saved.message());
    return saved;
  }
  t.access_token = row.access_token;
  t.refresh_token = row.refresh_token;
  t.expires_at = row.expires_at;
  refreshes_.fetch_add(1);
  spdlog::info("page={} Zalo access token refreshed, valid until {}", page.id, row.expires_at);
  return t.access_token;
}

Status ZaloTokens::RefreshLocked(const Page& page, PageTokens& t) {
  Result<std::string> fresh = TryRefresh(page, t, t.refresh_token);
  if (fresh.ok()) return Status::Ok();
  // An operator who re-authorised puts the new refresh token in the config.
  if (fresh.status().code() == StatusCode::kInvalidArgument &&
      page.zalo.refresh_token != t.refresh_token) {
    spdlog::warn("page={} stored Zalo refresh token refused ({}); trying the config's",
                 page.id, fresh.status().message());
    fresh = TryRefresh(page, t, page.zalo.refresh_token);
    if (fresh.ok()) return Status::Ok();
  }
  spdlog::error("page={} Zalo token refresh failed: {} — if it persists, re-authorise the OA "
                "and set its new refresh token in the config",
                page.id, fresh.status().message());
  return fresh.status();
}

Result<std::string> ZaloTokens::AccessToken(const Page& page) {
  PageTokens& t = For(page.id);
  std::lock_guard lock(t.mu);
  if (Status s = LoadLocked(page, t); !s.ok()) return s;
  if (t.access_token.empty() || t.expires_at - clock_() < kRefreshAheadMs) {
    if (Status s = RefreshLocked(page, t); !s.ok()) return s;
  }
  return t.access_token;
}

Result<std::string> ZaloTokens::Renew(const Page& page, const std::string& rejected) {
  PageTokens& t = For(page.id);
  std::lock_guard lock(t.mu);
  if (Status s = LoadLocked(page, t); !s.ok()) return s;
  // Another sender hit the same refusal first and already refreshed.
  if (t.access_token != rejected && !t.access_token.empty()) return t.access_token;
  if (Status s = RefreshLocked(page, t); !s.ok()) return s;
  return t.access_token;
}

}  // namespace trolyso::delivery
