// Reads the rule directory: lexicon.json and every other *.json rule file
// (schema.json excepted), and checks each file's structure against the format
// that intents/schema.json documents. No RE2 here: see RuleCompiler.
//
// Never throws: JSON errors are caught here and reported as lines of the form
// "file: intent id: field: problem".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "intents/error_list.h"
#include "intents/rule_spec.h"

namespace trolyso::intents {

// Loads and structurally validates the whole directory: each file alone, then
// across files (duplicate ids, buttons to missing intents). `extra_dir`, when
// given, adds a page's local rule files (named "<folder>/<file>" in
// messages); their ids must not repeat the shared ones, and the lexicon
// stays the shared directory's.
Result<RuleFiles> LoadRuleFiles(const std::string& dir, const std::string& extra_dir = "");

// One rule file's text. Appends the intents it holds to `out` and its
// problems to `errors`. `file_name` is used in messages only.
void ParseRuleFile(std::string_view json_text, const std::string& file_name,
                   std::vector<IntentSpec>& out, ErrorList& errors);

// Cross-file checks on everything parsed: duplicate ids, buttons to intents
// that do not exist.
void CheckReferences(const std::vector<IntentSpec>& intents, ErrorList& errors);

}  // namespace trolyso::intents
