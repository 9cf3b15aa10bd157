// Versioned rule sets and admins' drafts (migration 5). The store keeps the
// snapshots and change sets as opaque JSON text; admin/ gives them meaning.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace trolyso::store {

struct RuleVersionRow {
  int64_t version = 0;
  int64_t created_at = 0;  // Unix ms
  std::string author;
  std::string note;
  std::string kind;  // "seed", "publish", "rollback", "import"
  std::optional<int64_t> rolled_back_to;
  int64_t intent_count = 0;
  std::string content;  // filled only where asked for
};

// The live (highest) version; nullopt before the first is stored.
Result<std::optional<RuleVersionRow>> LiveRuleVersion(Database& db, bool with_content);
Result<std::optional<RuleVersionRow>> FindRuleVersion(Database& db, int64_t version,
                                                      bool with_content);
// Newest first, without content.
Result<std::vector<RuleVersionRow>> ListRuleVersions(Database& db, int limit);

// Stores `row` as version expected_live + 1. Conflict when the live version
// is no longer `expected_live` (0: none yet) — someone published first.
// Run it on the writer, in the same job as the check's consequences.
Result<int64_t> InsertRuleVersion(Database& db, const RuleVersionRow& row, int64_t expected_live);

struct DraftRow {
  int64_t id = 0;
  std::string state;  // "open", "published", "discarded"
  int64_t base_version = 0;
  std::string author;
  std::string note;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::string changes;  // JSON change set
  std::optional<int64_t> published_version;
};

Result<int64_t> InsertDraft(Database& db, const DraftRow& draft);
Result<std::optional<DraftRow>> FindDraft(Database& db, int64_t id);
// Open drafts, most recently changed first.
Result<std::vector<DraftRow>> ListOpenDrafts(Database& db, int limit);
// Replaces an open draft's change set and base. Conflict if it is not open.
Status UpdateDraft(Database& db, int64_t id, const std::string& changes, int64_t base_version,
                   int64_t updated_at);
// Closes an open draft ("published" with its version, or "discarded").
// Conflict if it is not open.
Status CloseDraft(Database& db, int64_t id, const std::string& state,
                  std::optional<int64_t> published_version, int64_t updated_at);

// The intents directory's files as last applied (snapshot JSON), or nullopt.
Result<std::optional<std::string>> RuleFileState(Database& db, const std::string& dir);
Status SaveRuleFileState(Database& db, const std::string& dir, const std::string& content,
                         int64_t at);

}  // namespace trolyso::store
