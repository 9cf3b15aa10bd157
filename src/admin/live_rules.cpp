#include "admin/live_rules.h"

namespace trolyso::admin {
namespace {

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
  return out;
}

// The page's problems, or none; `rules` receives its rule set when it has
// a folder of its own.
std::vector<std::string> CheckPage(const intents::RuleDocuments& documents,
                                   const std::shared_ptr<const intents::RuleSet>& shared,
                                   const Page& page, const intents::Limits& limits,
                                   std::shared_ptr<const intents::RuleSet>& rules) {
  std::vector<std::string> failures;
  rules = shared;
  if (!page.intents_dir.empty()) {
    auto local =
        intents::ReadRuleDirectory(page.intents_dir, intents::LocalFolderPrefix(page.intents_dir));
    const std::string where = "pages." + page.id + ".intents_dir: ";
    if (!local.ok()) return {where + local.status().message()};
    intents::RuleCheck check =
        intents::CheckRuleDocuments(intents::WithLocalFiles(documents, *local), limits);
    for (const std::string& f : check.failures) failures.push_back(where + f);
    if (!failures.empty()) return failures;
    rules = check.rules;
  }
  if (rules == nullptr) return failures;
  for (const std::string& id : page.disabled_intents) {
    if (rules->Find(id) == nullptr) {
      failures.push_back("pages." + page.id + ".disabled_intents: không có ý định \"" + id +
                         "\" (trang tắt ý định này; hãy sửa cấu hình trang trước khi xoá nó)");
    }
  }
  return failures;
}

}  // namespace

std::shared_ptr<const intents::RuleSet> LiveRules::For(std::string_view page_id) const {
  auto it = pages.find(page_id);
  return it != pages.end() ? it->second : shared;
}

LiveRulesBuild BuildLiveRules(intents::RuleDocuments documents, int64_t version,
                              const std::vector<std::shared_ptr<const Page>>& pages,
                              const intents::Limits& limits) {
  LiveRulesBuild build;
  intents::RuleCheck check = intents::CheckRuleDocuments(documents, limits);
  build.failures = std::move(check.failures);
  if (!build.failures.empty()) return build;
  auto live = std::make_shared<LiveRules>();
  live->version = version;
  live->shared = check.rules;
  for (const auto& page : pages) {
    std::shared_ptr<const intents::RuleSet> rules;
    for (const std::string& failure : CheckPage(documents, live->shared, *page, limits, rules)) {
      build.failures.push_back(failure);
    }
    if (!page->intents_dir.empty() && rules != nullptr) live->pages[page->id] = rules;
  }
  if (!build.failures.empty()) return build;
  live->documents = std::move(documents);
  build.rules = std::move(live);
  return build;
}

Result<std::shared_ptr<const intents::RuleSet>> BuildPageRules(
    const intents::RuleDocuments& documents, const std::shared_ptr<const intents::RuleSet>& shared,
    const Page& page, const intents::Limits& limits) {
  std::shared_ptr<const intents::RuleSet> rules;
  std::vector<std::string> failures = CheckPage(documents, shared, page, limits, rules);
  if (!failures.empty()) return Status::InvalidArgument("page rules", JoinLines(failures));
  return rules;
}

}  // namespace trolyso::admin
