// RuleSet: loading (LoadDir/Compile) and matching.
//
// Ranking rule (how Match picks the winner):
//  1. An intent is a candidate when at least one of its patterns matched the
//     text in its form (folded or accented).
//  2. A candidate any of whose `exclude` patterns matched is dropped.
//  3. Higher `priority` wins.
//  4. Among equal priority, higher specificity wins: the specificity of an
//     intent is that of its best matching pattern, MinLiteralLength (the
//     letters a match must contain literally; "quen mat khau" = 11), so a
//     precise pattern beats a vague one whatever the message's length.
//  5. Then the longer matched span, then the earlier intent (file-name order,
//     then order in the file), so the result is deterministic.
// Clarify: the runners-up that have the winner's priority and a specificity
// of at least 3/4 of the winner's are "close". If any close runner-up is
// from another topic than the winner, Match returns kClarify with the winner
// and its close runners-up (at most 3 options) instead of guessing.
#include "intents/rule_set.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>

#include "intents/example_checker.h"
#include "intents/rule_file_loader.h"
#include "intents/rule_set_impl.h"
#include "text/mask.h"
#include "text/unicode.h"

namespace trolyso::intents {
namespace {

constexpr size_t kMaxClarifyOptions = 3;

std::atomic<uint64_t>& FallbackCounter() {
  static std::atomic<uint64_t> counter{0};
  return counter;
}

std::atomic<bool>& ForcedFallback() {
  static std::atomic<bool> forced{false};
  return forced;
}

// Appends to `matched` the indices (into `patterns`) of the shard's patterns
// that match `text`: one RE2::Set pass, or one RE2 at a time when the Set's
// DFA ran out of memory.
void MatchShard(const SetShard& shard, const std::vector<CompiledPattern>& patterns,
                std::string_view text, std::vector<int>& hits, std::vector<size_t>& matched) {
  RE2::Set::ErrorInfo info{RE2::Set::kNoError};
  if (ForcedFallback().load(std::memory_order_relaxed)) {
    info.kind = RE2::Set::kOutOfMemory;  // see ForceSetFallbackForTesting
  } else if (shard.set->Match(text, &hits, &info)) {
    for (int hit : hits) matched.push_back(shard.patterns[static_cast<size_t>(hit)]);
    return;
  } else if (info.kind == RE2::Set::kNoError) {
    return;  // a real "no match"
  }
  FallbackCounter().fetch_add(1, std::memory_order_relaxed);
  spdlog::warn("intents: RE2::Set match failed (kind {}), matching {} patterns one by one",
               static_cast<int>(info.kind), shard.patterns.size());
  for (size_t index : shard.patterns) {
    if (RE2::PartialMatch(text, *patterns[index].re)) matched.push_back(index);
  }
}

// Indices (into `patterns`) of the bank's patterns that match `text`, in
// rule order whatever order the Sets report them in, so the first pattern
// to capture a name is the same with or without the fallback.
std::vector<size_t> MatchBank(const PatternBank& bank,
                              const std::vector<CompiledPattern>& patterns,
                              std::string_view text) {
  std::vector<size_t> matched;
  std::vector<int> hits;
  // Which shards can match: all, unless the literal prefilter says which.
  std::vector<char> wanted(bank.shards.size(), bank.literals == nullptr);
  if (bank.literals != nullptr) {
    RE2::Set::ErrorInfo info{RE2::Set::kNoError};
    if (!bank.literals->Match(text, &hits, &info) && info.kind != RE2::Set::kNoError) {
      std::fill(wanted.begin(), wanted.end(), 1);  // out of memory: skip nothing
    }
  }
  for (int hit : hits) {
    for (uint32_t k : bank.literal_shards[static_cast<size_t>(hit)]) wanted[k] = 1;
  }
  for (size_t k = 0; k < bank.shards.size(); ++k) {
    if (wanted[k] || bank.shards[k].always) {
      MatchShard(bank.shards[k], patterns, text, hits, matched);
    }
  }
  std::sort(matched.begin(), matched.end());
  return matched;
}

std::string_view TextFor(Form form, const text::NormalizedText& n) {
  return form == Form::kFolded ? n.folded : n.accented;
}

struct Scored {
  MatchResult::Candidate candidate;
  size_t intent_index = 0;
  // The intent's matched patterns with the text each ran on, in match order.
  // Spans and captures are read from them only when needed: each read runs
  // that pattern alone, on a DFA of its own that is likely cold.
  std::vector<std::pair<const CompiledPattern*, std::string_view>> matched;
};

// An intent is as specific as its best matching pattern; the Set already
// said which patterns match, so nothing is run here.
void Note(const CompiledPattern& p, std::string_view text, Scored& s) {
  s.candidate.specificity = std::max(s.candidate.specificity, p.specificity);
  s.matched.emplace_back(&p, text);
}

// The longest stretch any of its patterns matched. Only computed to break a
// tie for first place. Asking RE2 for the whole match only lets it stay on
// its DFAs.
size_t SpanOf(const Scored& s) {
  size_t span = 0;
  for (const auto& [p, text] : s.matched) {
    re2::StringPiece whole;
    if (p->re->Match(text, 0, text.size(), RE2::UNANCHORED, &whole, 1)) {
      span = std::max(span, whole.size());
    }
  }
  return span;
}

// The winner's named captures, the first matched pattern's value kept.
std::map<std::string, std::string> CapturesOf(const Scored& winner) {
  std::map<std::string, std::string> captures;
  for (const auto& [p, text] : winner.matched) {
    if (!p->has_named_groups) continue;
    const int groups = p->re->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> sub(static_cast<size_t>(groups) + 1);
    if (!p->re->Match(text, 0, text.size(), RE2::UNANCHORED, sub.data(), groups + 1)) continue;
    for (const auto& [name, index] : p->re->NamedCapturingGroups()) {
      const re2::StringPiece& piece = sub[static_cast<size_t>(index)];
      if (piece.data() != nullptr && !captures.count(name)) {
        captures.emplace(name, std::string(piece.data(), piece.size()));
      }
    }
  }
  return captures;
}

constexpr const char* kPhone = "phone";
constexpr const char* kIdNumber = "id_number";
constexpr const char* kDossierCode = "dossier_code";

// Phone and ID numbers in the message, masked. The accented form keeps digit
// groups as typed ("0912.345.678", "+84 912 345 678") and nothing else.
std::vector<MatchResult::Entity> PersonalNumbers(std::string_view accented) {
  std::vector<MatchResult::Entity> out;
  for (text::PersonalNumber& n : text::FindPersonalNumbers(accented)) {
    out.push_back({n.kind == text::PersonalNumber::Kind::kPhone ? kPhone : kIdNumber,
                   std::move(n.masked)});
  }
  return out;
}

// The winner's answer may say {entity.phone} / {entity.id_number}: the first
// of each joins the captures unless a pattern captured that name itself.
void AddWinnerEntities(MatchResult& result) {
  auto code = result.captures.find(kDossierCode);
  if (code != result.captures.end()) {
    // Masked too: a pattern that captured a bare number must not leak it.
    result.entities.push_back(
        {kDossierCode, text::MaskPersonalNumbers(text::ToUpper(code->second))});
  }
  for (const MatchResult::Entity& e : result.entities) {
    if (e.name == kPhone || e.name == kIdNumber) result.captures.emplace(e.name, e.value);
  }
}

bool Ranks(const Scored& a, const Scored& b) {
  if (a.candidate.excluded != b.candidate.excluded) return !a.candidate.excluded;
  const int pa = a.candidate.intent->priority, pb = b.candidate.intent->priority;
  if (pa != pb) return pa > pb;
  if (a.candidate.specificity != b.candidate.specificity) {
    return a.candidate.specificity > b.candidate.specificity;
  }
  if (a.candidate.span != b.candidate.span) return a.candidate.span > b.candidate.span;
  return a.intent_index < b.intent_index;
}

bool IsClose(const Scored& winner, const Scored& other) {
  return !other.candidate.excluded &&
         other.candidate.intent->priority == winner.candidate.intent->priority &&
         other.candidate.specificity * 4 >= winner.candidate.specificity * 3;
}

}  // namespace

uint64_t SetFallbackCount() { return FallbackCounter().load(std::memory_order_relaxed); }

void ForceSetFallbackForTesting(bool on) {
  ForcedFallback().store(on, std::memory_order_relaxed);
}

RuleSet::RuleSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::shared_ptr<const RuleSet> RuleSet::FromImpl(std::unique_ptr<Impl> impl) {
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(impl)));
}
RuleSet::~RuleSet() = default;

Result<std::shared_ptr<const RuleSet>> RuleSet::Compile(const std::string& dir,
                                                        const Limits& limits,
                                                        const std::string& extra_dir) {
  auto files = LoadRuleFiles(dir, extra_dir);
  if (!files.ok()) return files.status();
  auto impl = BuildRuleSetImpl(std::move(*files), limits);
  if (!impl.ok()) return impl.status();
  return std::shared_ptr<const RuleSet>(new RuleSet(std::move(*impl)));
}

Result<std::shared_ptr<const RuleSet>> RuleSet::LoadDir(const std::string& dir) {
  return LoadDir(dir, Limits{});
}

Result<std::shared_ptr<const RuleSet>> RuleSet::LoadDir(const std::string& dir,
                                                        const Limits& limits,
                                                        const std::string& extra_dir) {
  auto set = Compile(dir, limits, extra_dir);
  if (!set.ok()) return set;
  const std::vector<ExampleFailure> failures = CheckExamples(**set);
  if (!failures.empty()) return ExampleFailuresStatus(failures);
  return set;
}

text::NormalizedText RuleSet::Normalize(std::string_view utf8_text) const {
  return text::Normalize(utf8_text, impl_->lexicon);
}

MatchResult RuleSet::Match(std::string_view utf8_text) const {
  MatchResult result;
  result.normalized = Normalize(utf8_text);
  result.entities = PersonalNumbers(result.normalized.accented);
  std::map<size_t, Scored> by_intent;
  for (const PatternBank& bank : impl_->include_banks) {
    const std::string_view text = TextFor(bank.form, result.normalized);
    for (size_t index : MatchBank(bank, impl_->includes, text)) {
      const CompiledPattern& p = impl_->includes[index];
      Scored& s = by_intent[p.intent];
      s.intent_index = p.intent;
      s.candidate.intent = &impl_->intents[p.intent];
      Note(p, text, s);
    }
  }
  if (by_intent.empty()) return result;
  for (const PatternBank& bank : impl_->exclude_banks) {
    const std::string_view text = TextFor(bank.form, result.normalized);
    for (size_t index : MatchBank(bank, impl_->excludes, text)) {
      auto it = by_intent.find(impl_->excludes[index].intent);
      if (it != by_intent.end()) it->second.candidate.excluded = true;
    }
  }
  std::vector<Scored> ranked;
  for (auto& [_, s] : by_intent) ranked.push_back(std::move(s));
  std::sort(ranked.begin(), ranked.end(), Ranks);
  // Spans decide only between candidates tied for first place on exclusion,
  // priority and specificity: measured for those alone, then re-ranked.
  size_t tied = 1;
  while (tied < ranked.size() && ranked[tied].candidate.specificity == ranked[0].candidate.specificity &&
         ranked[tied].candidate.intent->priority == ranked[0].candidate.intent->priority &&
         ranked[tied].candidate.excluded == ranked[0].candidate.excluded) {
    ++tied;
  }
  if (tied > 1) {
    for (size_t i = 0; i < tied; ++i) ranked[i].candidate.span = SpanOf(ranked[i]);
    std::sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(tied), Ranks);
  }
  for (const Scored& s : ranked) result.candidates.push_back(s.candidate);
  const Scored& winner = ranked.front();
  if (winner.candidate.excluded) return result;

  std::vector<const Intent*> close = {winner.candidate.intent};
  bool other_topic = false;
  for (size_t i = 1; i < ranked.size() && close.size() < kMaxClarifyOptions; ++i) {
    if (!IsClose(winner, ranked[i])) break;  // ranked: later ones are no closer
    close.push_back(ranked[i].candidate.intent);
    other_topic |= ranked[i].candidate.intent->topic != winner.candidate.intent->topic;
  }
  if (other_topic) {
    result.kind = MatchResult::Kind::kClarify;
    result.options = std::move(close);
    return result;
  }
  result.kind = MatchResult::Kind::kAnswer;
  result.intent = winner.candidate.intent;
  result.captures = CapturesOf(winner);
  AddWinnerEntities(result);
  return result;
}

const Intent* RuleSet::Find(std::string_view id) const {
  auto it = impl_->by_id.find(id);
  return it == impl_->by_id.end() ? nullptr : &impl_->intents[it->second];
}

size_t RuleSet::size() const { return impl_->intents.size(); }

const std::vector<Intent>& RuleSet::intents() const { return impl_->intents; }

}  // namespace trolyso::intents
