// Read-only figures for admins: what citizens asked, how the bot and the
// volunteers did, per page and day. Days are Vietnam's (UTC+7), the day a
// commune team works in.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace trolyso::store {

struct DayPageStats {
  std::string day;  // YYYY-MM-DD, Vietnam time
  std::string page_id;
  int64_t messages = 0;   // from citizens
  int64_t answered = 0;   // answered by a rule
  int64_t clarified = 0;
  int64_t not_understood = 0;
  int64_t escalated = 0;
  int64_t handoffs_claimed = 0;   // of the handoffs opened that day
  int64_t handoffs_resolved = 0;
  std::vector<int64_t> claim_ms;    // created -> claimed, each claimed handoff
  std::vector<int64_t> resolve_ms;  // created -> resolved, each resolved handoff
  int64_t ratings = 0;
  int64_t rating_sum = 0;
};

struct CountRow {
  std::string key;
  int64_t count = 0;
};

// Every (day, page) with activity between the two instants (Unix ms).
Result<std::vector<DayPageStats>> StatsByDayAndPage(Database& db, int64_t from_ms, int64_t to_ms);
// The intents citizens' messages matched most, most first.
Result<std::vector<CountRow>> TopIntents(Database& db, int64_t from_ms, int64_t to_ms, int limit);
// Citizens' texts the bot did not answer (not understood or handed over),
// newest first, for grouping by the caller.
struct UnansweredText {
  std::string text;
  std::string decision;  // "not_understood" or "escalate"
};
Result<std::vector<UnansweredText>> UnansweredTexts(Database& db, int64_t from_ms, int64_t to_ms,
                                                    int limit);

// The texts of the latest inbound text messages, newest first (impact
// previews replay them against a draft).
Result<std::vector<std::string>> RecentInboundTexts(Database& db, int limit);

}  // namespace trolyso::store
