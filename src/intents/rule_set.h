// RuleSet: the compiled, immutable intent rules, and how one message is matched.
//
// Built once from rule files (intents/*.json) and shared between threads as
// std::shared_ptr<const RuleSet>; Match() is const and thread-safe. A reload
// builds a new RuleSet beside the live one (see admin::LiveRules).
//
// CONTRACT used by pipeline/ (the intents issue may extend, not break it).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/message.h"
#include "core/page.h"
#include "core/result.h"
#include "text/normalizer.h"

namespace trolyso::intents {

enum class Action { kNone, kHandoff, kHandoffUrgent };

struct IntentButton {
  std::string label;      // Vietnamese
  std::string intent_id;  // target intent
};

struct Intent {
  std::string id;  // "vneid.activate"
  std::string topic;
  std::string description;
  int priority = 0;
  std::vector<std::string> answers;  // variants, with {page.x}/{entity.x} placeholders
  std::vector<IntentButton> buttons;
  Action action = Action::kNone;
  // Patterns, exclusions, examples... are the implementation's business.

  // Added by the engine (not used by the contract above):
  std::string title;  // short label for clarify buttons; from description if unset
  std::string file;   // rule file name it came from, for messages
  std::vector<std::string> examples;          // must make this intent win
  std::vector<std::string> counter_examples;  // must not make it win
};

// Bounds on admin-written patterns, so one edit can't exhaust memory.
// Intentionally copyable.
struct Limits {
  // Longest pattern source accepted. Long patterns are unreadable anyway.
  size_t max_pattern_bytes = 1000;
  // RE2::ProgramSize() cap per pattern. A two-word alternation costs ~20, a
  // dossier-code capture a few hundred; (\pL+\s+){1,100} costs ~120 000.
  int max_program_size = 5000;
  // RE2::Options::max_mem for every single RE2 (spans, captures, fallback).
  int64_t max_mem = 64 << 20;
  // RE2::Options::max_mem for each bank of patterns (includes and excludes,
  // folded and accented: four banks), split evenly among the bank's Sets
  // (see max_patterns_per_set); 0 means max_mem. The DFA state caches do
  // fill up to this cap under a long stream of distinct messages, even with
  // the 34 starter intents (+63 MB RSS at 64 MiB, +225 MB at 256 MiB after
  // 200,000 varied messages): the cap is what the server pays per bank.
  int64_t set_max_mem = 0;
  // Most patterns in one RE2::Set. A bank with more is split into Sets of
  // equal size in rule order, each with an equal part of set_max_mem, and a
  // small Set of the patterns' required literals decides which of them can
  // match a message at all (the others are skipped; the result is the
  // same). One unanchored DFA over thousands of patterns has so many states
  // that 64 MiB cannot hold them for a stream of distinct messages: the
  // 500 intents x 10 patterns benchmark took 113 us per message at the
  // median in one Set, under 6 us in five (bench/README.md). Rule sets up
  // to this size keep exactly one Set per bank.
  size_t max_patterns_per_set = 1000;
};

struct MatchResult {
  enum class Kind { kAnswer, kClarify, kNoMatch };
  Kind kind = Kind::kNoMatch;
  const Intent* intent = nullptr;         // kAnswer: the winner
  std::vector<const Intent*> options;     // kClarify: the close candidates
  // kAnswer: the winner's named captures, as matched in the normalized text
  // (lower case, unmasked), plus the first "phone" and "id_number" entity
  // (masked) when no pattern captured a group of that name, so answers can
  // say {entity.phone}. RenderAnswer masks every value again.
  std::map<std::string, std::string> captures;

  // Built-in entities, found in every message whatever the outcome.
  // Intentionally copyable.
  struct Entity {
    std::string name;   // "phone", "id_number" or "dossier_code"
    std::string value;  // display-safe: never a full phone or ID number
  };
  // In text order: each "phone" (value "0912***678": text::MaskPhone) and
  // "id_number" (12-digit CCCD "001******345", or a 9-digit CMND after
  // "cmnd"/"chứng minh", "******789": text::MaskIdNumber); see
  // text::FindPersonalNumbers for the formats. Then, for kAnswer only, the
  // winner's "dossier_code" capture in capitals as printed on receipts
  // ("H12.38-240315-0001"). Costs nothing for messages with fewer than 9
  // digits.
  std::vector<Entity> entities;

  // Added by the engine, for tools and logs:
  struct Candidate {
    const Intent* intent = nullptr;
    int specificity = 0;  // see the ranking rule in rule_set.cpp
    // Bytes of normalized text its best pattern matched; measured only for
    // candidates tied for first place (else 0), where it decides.
    size_t span = 0;
    bool excluded = false;
  };
  std::vector<Candidate> candidates;  // best first; excluded ones last
  text::NormalizedText normalized;
};

class RuleSet {
 public:
  // Loads every *.json rule file in `dir` (and lexicon.json), validates and
  // compiles it, and checks every example/counter-example. The error names
  // file, intent, field and problem.
  static Result<std::shared_ptr<const RuleSet>> LoadDir(const std::string& dir);
  static Result<std::shared_ptr<const RuleSet>> LoadDir(const std::string& dir,
                                                        const Limits& limits,
                                                        const std::string& extra_dir = "");

  // Like LoadDir, without running the examples: for tools that want to list
  // every failing example (CheckExamples) or match against broken rules.
  // `extra_dir`: a page's local rule files added to the shared ones.
  static Result<std::shared_ptr<const RuleSet>> Compile(const std::string& dir,
                                                        const Limits& limits = {},
                                                        const std::string& extra_dir = "");

  // Normalizes and matches one citizen message. Thread-safe.
  MatchResult Match(std::string_view utf8_text) const;

  // The intent with this id, or nullptr. For button presses ("intent:<id>").
  const Intent* Find(std::string_view id) const;

  size_t size() const;

  // All intents, in file-name then file order.
  const std::vector<Intent>& intents() const;

  // The normalization Match() applies (with this set's lexicon).
  text::NormalizedText Normalize(std::string_view utf8_text) const;

  ~RuleSet();
  // Not copyable or movable: shared as shared_ptr<const RuleSet>, and
  // Intent pointers handed out must stay valid.
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  struct Impl;  // compiled patterns and sets; defined in rule_set_impl.h
  // For the builders inside intents/ (rule_documents.cpp).
  static std::shared_ptr<const RuleSet> FromImpl(std::unique_ptr<Impl> impl);

 private:
  explicit RuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// How often RE2::Set::Match ran out of DFA memory and matching fell back to
// running each pattern alone, since the process started. For metrics.
uint64_t SetFallbackCount();

// Renders an intent's answer for a page: picks variant `variant_seed % n`,
// fills {page.name}/{page.hotline}/... and {entity.x} (ID numbers masked),
// and turns the intent's buttons into Buttons with payload "intent:<id>".
OutboundMessage RenderAnswer(const Intent& intent, const Page& page,
                             const std::map<std::string, std::string>& captures,
                             uint64_t variant_seed);

// A clarifying question whose buttons are the candidate intents.
OutboundMessage RenderClarify(const std::vector<const Intent*>& options);

}  // namespace trolyso::intents
