// The parsed-but-not-compiled form of the rule files, passed from the loader
// to the compiler. Internal to intents/. Plain values; intentionally copyable.
#pragma once

#include <string>
#include <vector>

#include "intents/rule_set.h"
#include "text/lexicon.h"

namespace trolyso::intents {

// Which normalized form a pattern runs on (see text::NormalizedText).
enum class Form { kFolded, kAccented };

struct PatternSpec {
  std::string source;  // as the admin wrote it
  Form form = Form::kFolded;
};

struct IntentSpec {
  Intent intent;  // everything but the patterns
  std::vector<PatternSpec> patterns;
  std::vector<PatternSpec> excludes;
};

struct RuleFiles {
  text::Lexicon lexicon;
  std::vector<IntentSpec> intents;  // file-name order, then order in the file
};

}  // namespace trolyso::intents
