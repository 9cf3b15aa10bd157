// A rule-set version as stored in the database: every rule file's text and
// the lexicon's, in one JSON document, so a version can be exported back to
// files byte for byte and rebuilt exactly.
//
//   {"lexicon": "<lexicon.json text>", "files": [{"name": "vneid.json", "text": "..."}]}
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "intents/rule_documents.h"

namespace trolyso::admin {

std::string SnapshotToJson(const intents::RuleDocuments& documents);
// InvalidArgument when `json_text` is not a snapshot (a damaged row).
Result<intents::RuleDocuments> SnapshotFromJson(std::string_view json_text);

}  // namespace trolyso::admin
