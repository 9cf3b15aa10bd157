// ZaloTokens: each Zalo page's OA access token, refreshed ahead of expiry,
// exactly once however many senders need it at the same moment.
//
// Zalo rotates refresh tokens: every refresh returns a new pair and kills
// the old refresh token. So the new pair is written to the database, in one
// statement, before the access token is used — a crash can lose at most a
// refresh whose answer never arrived, never a token we were given. The
// config's refresh token seeds the first refresh; after that the database's
// is used (and the config's again only if the database's is refused and the
// operator has put a new one in the config, e.g. after re-authorising).
//
// Thread-safe. One lock per page: senders of other pages never wait.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/delivery.h"
#include "core/page.h"
#include "core/result.h"
#include "store/read_connections.h"
#include "store/writer.h"

namespace trolyso::delivery {

class ZaloTokens {
 public:
  using Clock = std::function<int64_t()>;
  // Makes one HTTP call (the refresh) and returns (status, body); status 0
  // when there was no answer. Replaced in tests only through the fake API.
  using Transport = std::function<std::pair<int, std::string>(const std::string& base,
                                                              const PlatformCall& call)>;

  // Refresh this long before the access token expires (Zalo's live 25 h).
  static constexpr int64_t kRefreshAheadMs = 60LL * 60 * 1000;

  ZaloTokens(store::Writer& writer, const store::ReadConnections& reads, Clock clock,
             Transport transport);

  // A usable access token for `page`, refreshing first if it is missing or
  // about to expire. Unavailable / InvalidArgument when the refresh failed.
  Result<std::string> AccessToken(const Page& page);

  // The platform refused `rejected` (expired or revoked early): refreshes
  // unless another sender already replaced it, and returns the current one.
  Result<std::string> Renew(const Page& page, const std::string& rejected);

  // How many refreshes succeeded, for metrics and tests.
  uint64_t refresh_count() const;

 private:
  struct PageTokens {
    std::mutex mu;             // held across a refresh: the others wait for its result
    bool loaded = false;       // read from the database once
    std::string access_token;  // guarded by mu
    std::string refresh_token;
    int64_t expires_at = 0;
  };
  PageTokens& For(const std::string& page_id);
  Status LoadLocked(const Page& page, PageTokens& t);
  Status RefreshLocked(const Page& page, PageTokens& t);
  Result<std::string> TryRefresh(const Page& page, PageTokens& t, const std::string& refresh_token);

  store::Writer& writer_;
  const store::ReadConnections& reads_;
  const Clock clock_;
  const Transport transport_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<PageTokens>> pages_;  // guarded by mu_
  std::atomic<uint64_t> refreshes_{0};
};

}  // namespace trolyso::delivery
