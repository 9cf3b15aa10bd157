// LiveRules: one rule-set version, compiled for every page — the shared
// rules, and for each page with a folder of its own, the shared rules plus
// its files. Built whole off to the side and swapped in at once, so a publish
// or rollback never leaves one page on the old version and another on the new.
//
// Immutable once built; shared as shared_ptr<const LiveRules>.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/page.h"
#include "core/result.h"
#include "intents/rule_documents.h"

namespace trolyso::admin {

struct LiveRules {
  int64_t version = 0;
  intents::RuleDocuments documents;  // the version's shared files
  std::shared_ptr<const intents::RuleSet> shared;
  // Pages with their own rule folder.
  std::map<std::string, std::shared_ptr<const intents::RuleSet>, std::less<>> pages;

  // The rules `page_id` answers with.
  std::shared_ptr<const intents::RuleSet> For(std::string_view page_id) const;
};

struct LiveRulesBuild {
  std::shared_ptr<const LiveRules> rules;  // null unless `failures` is empty
  std::vector<std::string> failures;       // every problem, one per line
};

// Checks and compiles `documents` (structure, RE2, examples) for the shared
// rules and for every page in `pages`: its local folder's files added, its
// disabled intents existing. A page's problems are prefixed "trang <id>: ".
LiveRulesBuild BuildLiveRules(intents::RuleDocuments documents, int64_t version,
                              const std::vector<std::shared_ptr<const Page>>& pages,
                              const intents::Limits& limits = {});

// One page's rules over the shared `documents` (for a page added or changed
// by a config reload). Its own rules when it has a folder, else `shared`.
Result<std::shared_ptr<const intents::RuleSet>> BuildPageRules(
    const intents::RuleDocuments& documents, const std::shared_ptr<const intents::RuleSet>& shared,
    const Page& page, const intents::Limits& limits = {});

}  // namespace trolyso::admin
