#include "intents/example_checker.h"

namespace trolyso::intents {

std::string ExampleFailure::ToString() const {
  if (counter_example) {
    return file + ": " + intent + ": phản ví dụ \"" + text + "\": kết quả là " + got +
           " (phản ví dụ không được ra ý định này)";
  }
  return file + ": " + intent + ": ví dụ \"" + text + "\": kết quả là " + got +
         " (cần ra " + intent + ")";
}

std::string DescribeForAdmin(const MatchResult& result) {
  switch (result.kind) {
    case MatchResult::Kind::kAnswer:
      return result.intent->id;
    case MatchResult::Kind::kClarify: {
      std::string out = "hỏi lại để người dân chọn giữa ";
      for (size_t i = 0; i < result.options.size(); ++i) {
        out += (i > 0 ? ", " : "") + result.options[i]->id;
      }
      return out;
    }
    case MatchResult::Kind::kNoMatch:
      break;
  }
  return "không khớp ý định nào";
}

std::string Describe(const MatchResult& result) {
  switch (result.kind) {
    case MatchResult::Kind::kAnswer:
      return result.intent->id;
    case MatchResult::Kind::kClarify: {
      std::string out = "clarify(";
      for (size_t i = 0; i < result.options.size(); ++i) {
        out += (i > 0 ? ", " : "") + result.options[i]->id;
      }
      return out + ")";
    }
    case MatchResult::Kind::kNoMatch:
      break;
  }
  return "no match";
}

std::vector<ExampleFailure> CheckExamples(const RuleSet& rules) {
  std::vector<ExampleFailure> failures;
  for (const Intent& intent : rules.intents()) {
    for (const std::string& example : intent.examples) {
      const MatchResult r = rules.Match(example);
      if (r.kind != MatchResult::Kind::kAnswer || r.intent != &intent) {
        failures.push_back({intent.file, intent.id, false, example, DescribeForAdmin(r)});
      }
    }
    for (const std::string& counter : intent.counter_examples) {
      const MatchResult r = rules.Match(counter);
      if (r.kind == MatchResult::Kind::kAnswer && r.intent == &intent) {
        failures.push_back({intent.file, intent.id, true, counter, DescribeForAdmin(r)});
      }
    }
  }
  return failures;
}

Status ExampleFailuresStatus(const std::vector<ExampleFailure>& failures) {
  if (failures.empty()) return Status::Ok();
  std::string detail = std::to_string(failures.size()) + " câu không đạt";
  for (const ExampleFailure& f : failures) detail += "\n" + f.ToString();
  return Status::InvalidArgument("ví dụ", detail);
}

}  // namespace trolyso::intents
