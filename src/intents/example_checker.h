// Runs every intent's examples and counter-examples against a compiled rule
// set: the gate a reload must pass, and what `trolyso check` prints.
//
// Pure functions over a const RuleSet; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "intents/rule_set.h"

namespace trolyso::intents {

struct ExampleFailure {
  std::string file;
  std::string intent;
  bool counter_example = false;  // false: an example that did not win
  std::string text;              // the example as written
  std::string got;               // DescribeForAdmin() of what it led to

  // For admins, in Vietnamese, shaped "file: intent: example: got X":
  // `vneid.json: vneid.activate: ví dụ "đăng ký": kết quả là không khớp ý
  // định nào (cần ra vneid.activate)`, or for a counter-example
  // `...: phản ví dụ "...": kết quả là vneid.activate (phản ví dụ không được
  // ra ý định này)`.
  std::string ToString() const;
};

// "vneid.activate", "clarify(vneid.activate, dossier.portal_login)" or
// "no match": what a message led to, in one phrase (for `trolyso match`).
std::string Describe(const MatchResult& result);

// The same in Vietnamese, for admins: the intent id, "hỏi lại để người dân
// chọn giữa vneid.a, dossier.b" or "không khớp ý định nào".
std::string DescribeForAdmin(const MatchResult& result);

// An example fails unless it makes its intent the winner (kAnswer with that
// intent); a counter-example fails when it does.
std::vector<ExampleFailure> CheckExamples(const RuleSet& rules);

// InvalidArgument "ví dụ: N câu không đạt", then the failures one per line
// (OK when none).
Status ExampleFailuresStatus(const std::vector<ExampleFailure>& failures);

}  // namespace trolyso::intents
