// Platform credentials that rotate and must survive a crash: Zalo OA access
// and refresh tokens, one pair per page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/result.h"
#include "store/database.h"

namespace trolyso::store {

struct TokenPairRow {
  std::string access_token;
  std::string refresh_token;
  int64_t expires_at = 0;  // Unix ms
};

Result<std::optional<TokenPairRow>> LoadTokens(Database& db, const std::string& page_id);
// Replaces the page's pair in one statement: never one token without the other.
Status SaveTokens(Database& db, const std::string& page_id, const TokenPairRow& tokens,
                  int64_t now_ms);

}  // namespace trolyso::store
