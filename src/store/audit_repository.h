// The audit log: an append-only record of administrative changes (accounts
// now; rule publications and areas as the admin tools arrive). The table's
// triggers refuse updates and deletes, whatever connection tries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace trolyso::store {

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;        // Unix ms
  std::string actor;     // username, or "cli" for the command line
  std::string action;    // "user.create", ...
  std::string subject;   // what it acted on, e.g. the new username
  std::string detail;    // human-readable, no secrets
};

Status AppendAudit(Database& db, const AuditEntry& entry);
// Newest first; entries with id < before_id when before_id > 0.
Result<std::vector<AuditEntry>> ListAudit(Database& db, int64_t before_id, int limit);

// The newest entry with this action, or nullopt.
Result<std::optional<AuditEntry>> LatestAudit(Database& db, const std::string& action);

}  // namespace trolyso::store
