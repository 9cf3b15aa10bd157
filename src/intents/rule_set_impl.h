// RuleSet::Impl: what a compiled rule set holds. Internal to intents/.
// Built once by BuildRuleSet, then only read (Match is const).
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "intents/rule_set.h"
#include "intents/rule_spec.h"
#include "text/lexicon.h"

namespace trolyso::intents {

struct CompiledPattern {
  std::unique_ptr<RE2> re;  // the pattern alone: spans, captures, fallback
  size_t intent = 0;        // index into Impl::intents
  Form form = Form::kFolded;
  int specificity = 0;      // MinLiteralLength of the source
  // Only then does Match need the pattern's capturing groups, and only for
  // the winner; every other re-run asks RE2 for the span alone.
  bool has_named_groups = false;
};

// One RE2::Set over a contiguous run of a bank's patterns.
struct SetShard {
  std::unique_ptr<RE2::Set> set;
  std::vector<size_t> patterns;  // Set index → index into the owning vector
  // Some pattern has no required literals (RequiredLiterals): the shard
  // runs on every message, whatever the bank's literal prefilter found.
  bool always = true;
};

// All include (or all exclude) patterns of one form, split into shards of
// at most Limits::max_patterns_per_set patterns in rule order, each its own
// RE2::Set with an equal part of the bank's budget (Limits::set_max_mem).
// One unanchored DFA over thousands of patterns needs far more states than
// the same patterns split in a few Sets: see rule_set_builder.cpp.
//
// With more than one shard, a small RE2::Set of the shards' required
// literals runs first, and a shard none of whose literals occur is skipped:
// none of its patterns can match, so the result is the same.
struct PatternBank {
  Form form = Form::kFolded;
  std::vector<SetShard> shards;  // empty when the bank has no patterns
  std::unique_ptr<RE2::Set> literals;  // null: every shard runs
  std::vector<std::vector<uint32_t>> literal_shards;  // literal index → shards
};

struct RuleSet::Impl {
  text::Lexicon lexicon;
  std::vector<Intent> intents;  // never resized after build: Intent* stay valid
  std::map<std::string, size_t, std::less<>> by_id;
  std::vector<CompiledPattern> includes;
  std::vector<CompiledPattern> excludes;
  PatternBank include_banks[2];  // indexed by Form
  PatternBank exclude_banks[2];
};

// Test seam for the RE2::Set fallback in RuleSet::Match. While `on`, every
// RE2::Set match is treated as having run out of DFA memory, so the
// one-pattern-at-a-time fallback runs and is counted. It exists because the
// RE2 we build against (2022-06-01, Debian 12) cannot be driven there once
// RE2::Set::Compile succeeded, whatever the Set's budget (Limits::set_max_mem) is:
//  - compiling a set runs its DFA once ("hello, world"), and the DFA refuses
//    to start without room for 20 worst-case states, so a budget too small
//    for the DFA fails Compile ("vượt ngân sách bộ nhớ" from BuildRuleSetImpl);
//  - at match time a full state cache is flushed and rebuilt; the "too slow,
//    give up" exit is disabled for sets (kManyMatch), and after a flush only
//    the start, current and next states need room, far less than 20.
// Newer RE2 versions may differ, so the fallback stays. Process-wide.
void ForceSetFallbackForTesting(bool on);

// Compiles parsed rule files. Every pattern is compiled alone first, so the
// error names the file, intent, field with index, and RE2's message; answers'
// placeholders are checked against the intent's named groups.
Result<std::unique_ptr<RuleSet::Impl>> BuildRuleSetImpl(RuleFiles files, const Limits& limits);

}  // namespace trolyso::intents
