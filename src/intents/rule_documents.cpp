#include "intents/rule_documents.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "intents/example_checker.h"
#include "intents/rule_file_loader.h"
#include "intents/rule_set_impl.h"

namespace trolyso::intents {
namespace {

namespace fs = std::filesystem;

bool ReadWhole(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  out = buf.str();
  return true;
}

}  // namespace

std::string LocalFolderPrefix(const std::string& dir) {
  std::string folder = fs::path(dir).filename().string();
  if (folder.empty()) folder = fs::path(dir).parent_path().filename().string();
  return folder + "/";
}

Result<RuleDocuments> ReadRuleDirectory(const std::string& dir, std::string_view name_prefix) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir, "không phải là thư mục");
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json") continue;
    if (p.filename() == "lexicon.json" || p.filename() == "schema.json") continue;
    paths.push_back(p);
  }
  if (ec) return Status::Unavailable(dir, ec.message());
  std::sort(paths.begin(), paths.end());
  if (paths.empty()) return Status::NotFound(dir, "không có tệp quy tắc nào (*.json)");

  RuleDocuments documents;
  const fs::path lexicon_path = fs::path(dir) / "lexicon.json";
  if (fs::exists(lexicon_path, ec) && !ReadWhole(lexicon_path, documents.lexicon)) {
    return Status::Unavailable(lexicon_path.string(), "không đọc được tệp");
  }
  for (const fs::path& p : paths) {
    RuleDocument doc{std::string(name_prefix) + p.filename().string(), ""};
    if (!ReadWhole(p, doc.text)) return Status::Unavailable(doc.name, "không đọc được tệp");
    documents.files.push_back(std::move(doc));
  }
  return documents;
}

RuleDocuments WithLocalFiles(RuleDocuments shared, const RuleDocuments& local) {
  shared.files.insert(shared.files.end(), local.files.begin(), local.files.end());
  return shared;
}

RuleFiles ParseRuleDocuments(const RuleDocuments& documents, ErrorList& errors) {
  RuleFiles rules;
  if (!documents.lexicon.empty()) {
    auto lexicon = text::Lexicon::FromJson(documents.lexicon, "lexicon.json");
    if (lexicon.ok()) {
      rules.lexicon = std::move(*lexicon);
    } else {
      errors.Add("lexicon.json", "-", "", lexicon.status().message());
    }
  }
  for (const RuleDocument& doc : documents.files) {
    ParseRuleFile(doc.text, doc.name, rules.intents, errors);
  }
  CheckReferences(rules.intents, errors);
  return rules;
}

Result<std::shared_ptr<const RuleSet>> CompileRuleDocuments(const RuleDocuments& documents,
                                                            const Limits& limits) {
  ErrorList errors;
  RuleFiles files = ParseRuleDocuments(documents, errors);
  if (!errors.empty()) return errors.ToStatus();
  auto impl = BuildRuleSetImpl(std::move(files), limits);
  if (!impl.ok()) return impl.status();
  return RuleSet::FromImpl(std::move(*impl));
}

std::vector<std::string> CheckDocumentAlone(const RuleDocument& document, const Limits& limits) {
  ErrorList errors;
  RuleFiles files;
  ParseRuleFile(document.text, document.name, files.intents, errors);
  std::vector<std::string> failures = errors.lines();
  auto impl = BuildRuleSetImpl(std::move(files), limits);
  if (!impl.ok()) {
    for (std::string& line : ErrorLines(impl.status())) failures.push_back(std::move(line));
  }
  return failures;
}

RuleCheck CheckRuleDocuments(const RuleDocuments& documents, const Limits& limits) {
  RuleCheck check;
  ErrorList errors;
  RuleFiles files = ParseRuleDocuments(documents, errors);
  check.failures = errors.lines();
  // Compiled even after structural problems, so one answer lists those and
  // every bad pattern of the intents that did read.
  auto impl = BuildRuleSetImpl(std::move(files), limits);
  if (!impl.ok()) {
    for (std::string& line : ErrorLines(impl.status())) check.failures.push_back(std::move(line));
    return check;
  }
  if (!check.failures.empty()) return check;
  std::shared_ptr<const RuleSet> rules = RuleSet::FromImpl(std::move(*impl));
  for (const ExampleFailure& failure : CheckExamples(*rules)) {
    check.failures.push_back(failure.ToString());
  }
  if (check.failures.empty()) check.rules = std::move(rules);
  return check;
}

}  // namespace trolyso::intents
