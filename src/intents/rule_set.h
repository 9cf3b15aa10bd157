// RuleSet: the compiled, immutable intent rules, and how one message is matched.
//
// Built once from rule files (intents/*.json) and shared between threads as
// std::shared_ptr<const RuleSet>; Match() is const and thread-safe. A reload
// builds a new RuleSet beside the live one (see RuleSetHolder).
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
};

struct MatchResult {
  enum class Kind { kAnswer, kClarify, kNoMatch };
  Kind kind = Kind::kNoMatch;
  const Intent* intent = nullptr;         // kAnswer: the winner
  std::vector<const Intent*> options;     // kClarify: the close candidates
  std::map<std::string, std::string> captures;  // named captures of the winner
};

class RuleSet {
 public:
  // Loads every *.json rule file in `dir` (and lexicon.json), validates and
  // compiles it, and checks every example/counter-example. The error names
  // file, intent, field and problem.
  static Result<std::shared_ptr<const RuleSet>> LoadDir(const std::string& dir);

  // Normalizes and matches one citizen message. Thread-safe.
  MatchResult Match(std::string_view utf8_text) const;

  // The intent with this id, or nullptr. For button presses ("intent:<id>").
  const Intent* Find(std::string_view id) const;

  size_t size() const;
};

// Renders an intent's answer for a page: picks variant `variant_seed % n`,
// fills {page.name}/{page.hotline}/... and {entity.x} (ID numbers masked),
// and turns the intent's buttons into Buttons with payload "intent:<id>".
OutboundMessage RenderAnswer(const Intent& intent, const Page& page,
                             const std::map<std::string, std::string>& captures,
                             uint64_t variant_seed);

// A clarifying question whose buttons are the candidate intents.
OutboundMessage RenderClarify(const std::vector<const Intent*>& options);

}  // namespace trolyso::intents
