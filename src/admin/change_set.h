// ChangeSet: an admin's draft, kept as changes over the version it started
// from (intents created, edited or deleted by id; lexicon entries set or
// removed by key) rather than as a copy, so it can be re-applied to a newer
// live version when another admin published first (rebase).
//
// Values; not thread-safe. Intentionally copyable.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "intents/rule_documents.h"

namespace trolyso::admin {

struct ChangeSet {
  // Intent id → its whole rule-file object, or nullopt when deleted.
  std::map<std::string, std::optional<nlohmann::json>> intents;
  // Lexicon key (as typed) → expansion, or nullopt when removed.
  std::map<std::string, std::optional<std::string>> lexicon;

  bool empty() const { return intents.empty() && lexicon.empty(); }
  std::string ToJson() const;
  static Result<ChangeSet> FromJson(std::string_view json_text);
};

enum class IntentStatus { kUnchanged, kCreated, kEdited };
std::string_view IntentStatusName(IntentStatus status);  // "unchanged", "created", "edited"

struct DraftIntent {
  nlohmann::json intent;  // the rule-file object
  std::string file;       // the document it sits in
  IntentStatus status = IntentStatus::kUnchanged;
};

// A version's content as an admin sees it.
struct RuleContent {
  std::vector<DraftIntent> intents;             // in load order
  std::map<std::string, std::string> lexicon;   // entries as written
};

// Reads intents and lexicon entries out of documents; documents that are not
// valid JSON contribute nothing (validation reports them).
RuleContent ReadContent(const intents::RuleDocuments& documents);

// `base` with `changes` applied: an edited intent stays where it was, a
// created one goes to the end of "<topic>.json" (a new file when there is
// none), a deleted one is removed. Only the documents touched are rewritten.
// `content`, when given, receives the result as ReadContent would, with
// each intent's status.
intents::RuleDocuments ApplyChanges(const intents::RuleDocuments& base, const ChangeSet& changes,
                                    RuleContent* content = nullptr);

// The changes that turn `from` into `to`, by intent id and lexicon key (for
// importing files as a draft over the live version).
ChangeSet Diff(const intents::RuleDocuments& from, const intents::RuleDocuments& to);

// The intent ids and lexicon keys whose content differs between two
// versions (for telling a rebasing admin what moved under their draft).
std::set<std::string> ChangedBetween(const intents::RuleDocuments& a,
                                     const intents::RuleDocuments& b);

}  // namespace trolyso::admin
