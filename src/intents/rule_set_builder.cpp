// BuildRuleSetImpl: parsed rule files → compiled patterns and RE2::Sets.
#include <algorithm>
#include <map>
#include <set>

#include "intents/answer_template.h"
#include "intents/error_list.h"
#include "intents/pattern_compiler.h"
#include "intents/required_literals.h"
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
                 Detail(re.status()) + " — mẫu \"" + specs[i].source + "\"");
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

// Compiles one shard: `members` (indices into `patterns`) into one Set.
// Wrapping happens only now, after each pattern compiled alone, so "a)|(b"
// can't turn into a valid "(?:a)|(b)".
Status FillShard(const std::vector<CompiledPattern>& patterns, std::vector<size_t> members,
                 const RE2::Options& set_options, SetShard& shard) {
  auto set = std::make_unique<RE2::Set>(set_options, RE2::UNANCHORED);
  for (size_t i : members) {
    std::string error;
    const int index = set->Add("(?:" + patterns[i].re->pattern() + ")", &error);
    if (index < 0) {
      return Status::Internal("bộ quy tắc",
                              "lỗi nội bộ: mẫu biên dịch được riêng nhưng không vào được "
                              "RE2::Set: " + error);
    }
    if (static_cast<size_t>(index) != shard.patterns.size()) {
      return Status::Internal("bộ quy tắc", "lỗi nội bộ: RE2::Set trả về chỉ số không mong đợi");
    }
    shard.patterns.push_back(i);
  }
  if (!set->Compile()) {
    const int64_t budget = set_options.max_mem();
    const std::string size = budget >= (1 << 20) ? std::to_string(budget >> 20) + " MiB"
                                                 : std::to_string(budget >> 10) + " KiB";
    return Status::TooLarge("bộ quy tắc", "vượt ngân sách bộ nhớ (" +
                                              std::to_string(members.size()) + " mẫu, " + size +
                                              "); hãy bớt mẫu hoặc viết mẫu đơn giản hơn");
  }
  shard.set = std::move(set);
  return Status::Ok();
}

// The literal prefilter of a sharded bank: every required literal of every
// pattern (RequiredLiterals), each pointing at the shards that need it. A
// shard with a pattern that has none runs always. Literals are matched with
// the patterns' own options, so case folding is the same as in the Sets.
Status FillLiteralPrefilter(const std::vector<CompiledPattern>& patterns,
                            const RE2::Options& options, PatternBank& bank) {
  std::map<std::string, uint32_t> index;  // literal → Set index
  auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
  for (uint32_t k = 0; k < bank.shards.size(); ++k) {
    SetShard& shard = bank.shards[k];
    std::vector<std::vector<std::string>> needs;
    shard.always = false;
    for (size_t i : shard.patterns) {
      auto required = RequiredLiterals(patterns[i].re->pattern());
      if (!required) {
        shard.always = true;
        break;
      }
      needs.push_back(std::move(*required));
    }
    if (shard.always) continue;
    for (const auto& literals : needs) {
      for (const std::string& literal : literals) {
        auto [it, added] = index.emplace(literal, static_cast<uint32_t>(index.size()));
        if (added) {
          if (set->Add(RE2::QuoteMeta(literal), nullptr) != static_cast<int>(it->second)) {
            return Status::Internal("bộ quy tắc", "lỗi nội bộ: không thêm được chữ bắt buộc \"" +
                                                      literal + "\" vào RE2::Set");
          }
          bank.literal_shards.emplace_back();
        }
        std::vector<uint32_t>& shards = bank.literal_shards[it->second];
        if (shards.empty() || shards.back() != k) shards.push_back(k);
      }
    }
  }
  if (index.empty()) return Status::Ok();  // every shard runs always
  if (!set->Compile()) {  // only an optimization: without it every shard runs
    bank.literal_shards.clear();
    return Status::Ok();
  }
  bank.literals = std::move(set);
  return Status::Ok();
}

// Splits the patterns of `form` into shards of at most
// limits.max_patterns_per_set, in rule order (neighbouring intents share
// words, so their DFA states overlap), with equal sizes and an equal part
// of the bank's budget each.
//
// Why shards: an unanchored RE2::Set starts every pattern at every byte, so
// a DFA state is a set of positions across all patterns, and the number of
// distinct states a stream of messages visits grows far faster than the
// pattern count. Measured on the 500 x 10 benchmark (bench/README.md): one
// Set of 5,000 patterns thrashes a 64 MiB cache, while two Sets of 2,500
// with 32 MiB each keep their states, at the price of two passes.
Status FillBank(const std::vector<CompiledPattern>& patterns, Form form,
                const RE2::Options& options, const Limits& limits, PatternBank& bank) {
  bank.form = form;
  std::vector<size_t> members;
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (patterns[i].form == form) members.push_back(i);
  }
  if (members.empty()) return Status::Ok();
  const size_t per_set = std::max<size_t>(limits.max_patterns_per_set, 1);
  const size_t count = members.size() / per_set + (members.size() % per_set != 0 ? 1 : 0);
  const int64_t budget = SetBudget(limits);
  const int64_t literal_budget = count > 1 ? std::min<int64_t>(budget / 16, 4 << 20) : 0;
  RE2::Options set_options = options;
  set_options.set_max_mem((budget - literal_budget) / static_cast<int64_t>(count));
  bank.shards.resize(count);
  for (size_t k = 0; k < count; ++k) {
    const size_t begin = members.size() * k / count, end = members.size() * (k + 1) / count;
    Status s = FillShard(patterns, {members.begin() + begin, members.begin() + end}, set_options,
                         bank.shards[k]);
    if (!s.ok()) return s;
  }
  if (count == 1) return Status::Ok();  // one Set: nothing to skip
  RE2::Options literal_options = options;
  literal_options.set_max_mem(literal_budget);
  return FillLiteralPrefilter(patterns, literal_options, bank);
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
