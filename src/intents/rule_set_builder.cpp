// BuildRuleSetImpl: parsed rule files → compiled patterns and RE2::Sets.
#include <set>

#include "intents/answer_template.h"
#include "intents/error_list.h"
#include "intents/pattern_compiler.h"
#include "intents/rule_set_impl.h"
#include "intents/specificity.h"

namespace trolyso::intents {
namespace {

// Status detail without the "context: " CompilePattern/CheckTemplate put first.
std::string Detail(const Status& status) {
  const std::string& m = status.message();
  const size_t colon = m.find(": ");
  return colon == std::string::npos ? m : m.substr(colon + 2);
}

void CompileList(const std::vector<PatternSpec>& specs, const char* field, size_t intent_index,
                 const Intent& intent, const RE2::Options& options, const Limits& limits,
                 std::vector<CompiledPattern>& out, std::set<std::string>* names,
                 ErrorList& errors) {
  for (size_t i = 0; i < specs.size(); ++i) {
    const std::string prepared = PreparePattern(specs[i]);
    auto re = CompilePattern(prepared, specs[i].form, options, limits);
    if (!re.ok()) {
      errors.Add(intent.file, intent.id, std::string(field) + "[" + std::to_string(i) + "]",
                 Detail(re.status()) + ": " + specs[i].source);
      continue;
    }
    if (names != nullptr) {
      for (const auto& [name, _] : (*re)->NamedCapturingGroups()) names->insert(name);
    }
    const bool named = !(*re)->NamedCapturingGroups().empty();
    out.push_back(
        {std::move(*re), intent_index, specs[i].form, MinLiteralLength(prepared), named});
  }
}

int64_t SetBudget(const Limits& limits) {
  return limits.set_max_mem > 0 ? limits.set_max_mem : limits.max_mem;
}

// Adds each pattern of `form` to a new Set. Wrapping happens only now, after
// the pattern compiled alone, so "a)|(b" can't turn into a valid "(?:a)|(b)".
Status FillBank(const std::vector<CompiledPattern>& patterns, Form form,
                const RE2::Options& options, const Limits& limits, PatternBank& bank) {
  bank.form = form;
  RE2::Options set_options = options;
  set_options.set_max_mem(SetBudget(limits));
  auto set = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (patterns[i].form != form) continue;
    std::string error;
    const int index = set->Add("(?:" + patterns[i].re->pattern() + ")", &error);
    if (index < 0) {
      return Status::Internal("rule set", "pattern compiled alone but not in the set: " + error);
    }
    if (static_cast<size_t>(index) != bank.patterns.size()) {
      return Status::Internal("rule set", "RE2::Set returned an unexpected index");
    }
    bank.patterns.push_back(i);
  }
  if (bank.patterns.empty()) return Status::Ok();
  if (!set->Compile()) {
    return Status::TooLarge("rule set", "over memory budget (" +
                                            std::to_string(bank.patterns.size()) + " rules, " +
                                            std::to_string(SetBudget(limits) >> 20) + " MiB)");
  }
  bank.set = std::move(set);
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<RuleSet::Impl>> BuildRuleSetImpl(RuleFiles files, const Limits& limits) {
  auto impl = std::make_unique<RuleSet::Impl>();
  impl->lexicon = std::move(files.lexicon);
  const RE2::Options options = PatternOptions(limits);
  ErrorList errors;
  impl->intents.reserve(files.intents.size());
  for (IntentSpec& spec : files.intents) {
    const size_t index = impl->intents.size();
    const Intent& intent = spec.intent;
    std::set<std::string> names;
    CompileList(spec.patterns, "patterns", index, intent, options, limits, impl->includes,
                &names, errors);
    CompileList(spec.excludes, "exclude", index, intent, options, limits, impl->excludes,
                nullptr, errors);
    for (size_t i = 0; i < intent.answers.size(); ++i) {
      Status ok = CheckTemplate(intent.answers[i], names);
      if (!ok.ok()) {
        errors.Add(intent.file, intent.id,
                   intent.answers.size() > 1 ? "answer[" + std::to_string(i) + "]" : "answer",
                   Detail(ok));
      }
    }
    impl->by_id.emplace(intent.id, index);
    impl->intents.push_back(std::move(spec.intent));
  }
  if (!errors.empty()) return errors.ToStatus();
  for (Form form : {Form::kFolded, Form::kAccented}) {
    const int f = static_cast<int>(form);
    Status s = FillBank(impl->includes, form, options, limits, impl->include_banks[f]);
    if (s.ok()) s = FillBank(impl->excludes, form, options, limits, impl->exclude_banks[f]);
    if (!s.ok()) return s;
  }
  return impl;
}

}  // namespace trolyso::intents
