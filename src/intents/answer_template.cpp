#include "intents/answer_template.h"

namespace trolyso::intents {
namespace {

const std::set<std::string, std::less<>> kPageFields = {
    "page.name", "page.hotline", "page.office_address", "page.office_hours", "page.map_link"};

}  // namespace

Result<std::vector<TemplatePart>> ParseTemplate(std::string_view answer) {
  std::vector<TemplatePart> parts;
  size_t i = 0;
  while (i < answer.size()) {
    const size_t open = answer.find_first_of("{}", i);
    if (open == std::string_view::npos) {
      parts.push_back({false, std::string(answer.substr(i))});
      break;
    }
    if (answer[open] == '}') {
      return Status::InvalidArgument("answer", "'}' without a matching '{'");
    }
    if (open > i) parts.push_back({false, std::string(answer.substr(i, open - i))});
    const size_t close = answer.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || answer[close] != '}') {
      return Status::InvalidArgument("answer", "'{' without a matching '}'");
    }
    parts.push_back({true, std::string(answer.substr(open + 1, close - open - 1))});
    i = close + 1;
  }
  return parts;
}

Status CheckTemplate(std::string_view answer, const std::set<std::string>& entity_names) {
  auto parts = ParseTemplate(answer);
  if (!parts.ok()) return parts.status();
  for (const TemplatePart& part : *parts) {
    if (!part.is_placeholder || kPageFields.count(part.text)) continue;
    if (part.text.rfind("entity.", 0) == 0) {
      if (entity_names.count(part.text.substr(7))) continue;
      return Status::InvalidArgument(
          "answer", "{" + part.text + "} names no (?P<" + part.text.substr(7) +
                        ">...) group in this intent's patterns");
    }
    return Status::InvalidArgument(
        "answer", "unknown placeholder {" + part.text +
                      "}; use {page.name}, {page.hotline}, {page.office_address}, "
                      "{page.office_hours}, {page.map_link} or {entity.<group>}");
  }
  return Status::Ok();
}

}  // namespace trolyso::intents
