// TeamNotifier: posts a short notice of each handoff offered to an area into
// that team's Telegram group, with a link to the console — a team that lives
// in Telegram hears of it at once. The notice goes through the same outbox
// as every other message (stored, retried, never sent twice) and carries no
// citizen text, which may hold ID numbers: only the reason and a link.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/page.h"
#include "core/result.h"
#include "handoff/areas.h"
#include "store/database.h"
#include "store/records.h"

namespace trolyso::handoff {

class TeamNotifier {
 public:
  // `console_url`: the console's public address ("https://x.vn/console"),
  // or empty when the server has none configured.
  TeamNotifier(const AreaDirectory& areas, PageLookup pages, std::string console_url);

  // Inside the writer's transaction that offered handoff `handoff_id` to
  // `area`: stores the notice for the area's team and returns the outbox
  // item to hand to delivery at commit; nullopt when the area has no group.
  Result<std::optional<store::OutboxItem>> Notify(store::Database& db, int64_t handoff_id,
                                                  const std::string& area,
                                                  const std::string& reason, bool urgent,
                                                  int64_t now) const;

  // The notice's text (for tests and reviewers of the wording).
  std::string NoticeText(int64_t handoff_id, const Area& area, const std::string& reason,
                         bool urgent) const;

 private:
  const AreaDirectory& areas_;
  const PageLookup pages_;
  const std::string console_url_;
};

}  // namespace trolyso::handoff
