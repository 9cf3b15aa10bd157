// RuleDocuments: rule files held in memory — what an intents directory holds,
// or a rule-set version stored in the database — and the one way both are
// parsed, compiled and checked.
//
// Pure values and functions; thread-safe. Intentionally copyable.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "intents/error_list.h"
#include "intents/rule_set.h"
#include "intents/rule_spec.h"

namespace trolyso::intents {

struct RuleDocument {
  std::string name;  // "vneid.json"; a page's local file: "<folder>/<file>.json"
  std::string text;  // the file's JSON
  bool operator==(const RuleDocument&) const = default;
};

struct RuleDocuments {
  std::string lexicon;               // lexicon.json's text; empty: no lexicon
  std::vector<RuleDocument> files;   // rule files in load order
  bool operator==(const RuleDocuments&) const = default;
};

// Reads `dir`: lexicon.json (if there) and every other *.json file except
// schema.json, sorted by name, each named `name_prefix` + file name. NotFound
// when `dir` is not a directory or holds no rule file.
Result<RuleDocuments> ReadRuleDirectory(const std::string& dir, std::string_view name_prefix = "");

// "<folder>/" for a page's local rule directory, so its files are told
// apart from the shared ones in messages.
std::string LocalFolderPrefix(const std::string& dir);

// `shared` plus a page's local files (their lexicon is not used).
RuleDocuments WithLocalFiles(RuleDocuments shared, const RuleDocuments& local);

// Parses every document and checks references across them. Intents that
// read cleanly are returned even when others did not; every problem goes
// to `errors`.
RuleFiles ParseRuleDocuments(const RuleDocuments& documents, ErrorList& errors);

// Everything wrong with a rule set, found in stages — structure, then RE2
// compilation (with the size and memory limits), then examples and
// counter-examples — each stage listing all its problems. Examples run only
// when everything compiled (a broken intent would make others' examples
// fail for the wrong reason).
struct RuleCheck {
  std::shared_ptr<const RuleSet> rules;  // null unless `failures` is empty
  std::vector<std::string> failures;     // "file: intent: field: problem"
};
RuleCheck CheckRuleDocuments(const RuleDocuments& documents, const Limits& limits = {});

// One document's problems that do not depend on the others: structure,
// patterns (RE2 and the limits), answer placeholders. Buttons' targets and
// examples need the whole set (CheckRuleDocuments).
std::vector<std::string> CheckDocumentAlone(const RuleDocument& document, const Limits& limits = {});

// Compiles without running the examples (tools that match against rules
// being edited). The error lists every structure and compile problem.
Result<std::shared_ptr<const RuleSet>> CompileRuleDocuments(const RuleDocuments& documents,
                                                            const Limits& limits = {});

}  // namespace trolyso::intents
