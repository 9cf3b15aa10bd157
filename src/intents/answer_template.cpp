#include "intents/answer_template.h"

namespace trolyso::intents {
namespace {

const std::set<std::string, std::less<>> kPageFields = {
    "page.name", "page.hotline", "page.office_address", "page.office_hours", "page.map_link"};

constexpr std::string_view kUpperFilter = "upper";

}  // namespace

Result<std::vector<TemplatePart>> ParseTemplate(std::string_view answer) {
  std::vector<TemplatePart> parts;
  size_t i = 0;
  while (i < answer.size()) {
    const size_t open = answer.find_first_of("{}", i);
    if (open == std::string_view::npos) {
      parts.push_back({false, std::string(answer.substr(i)), ""});
      break;
    }
    if (answer[open] == '}') {
      return Status::InvalidArgument("answer", "'}' without a matching '{'");
    }
    if (open > i) parts.push_back({false, std::string(answer.substr(i, open - i)), ""});
    const size_t close = answer.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || answer[close] != '}') {
      return Status::InvalidArgument("answer", "'{' without a matching '}'");
    }
    const std::string_view inner = answer.substr(open + 1, close - open - 1);
    const size_t bar = inner.find('|');
    if (bar == std::string_view::npos) {
      parts.push_back({true, std::string(inner), ""});
    } else {
      parts.push_back(
          {true, std::string(inner.substr(0, bar)), std::string(inner.substr(bar + 1))});
    }
    i = close + 1;
  }
  return parts;
}

Status CheckTemplate(std::string_view answer, const std::set<std::string>& entity_names) {
  auto parts = ParseTemplate(answer);
  if (!parts.ok()) return parts.status();
  for (const TemplatePart& part : *parts) {
    if (!part.is_placeholder) continue;
    const bool entity = part.text.rfind("entity.", 0) == 0;
    if (!part.filter.empty() && (!entity || part.filter != kUpperFilter)) {
      return Status::InvalidArgument(
          "answer", "unknown filter in {" + part.text + "|" + part.filter +
                        "}; the only filter is |upper, on {entity.<group>} placeholders");
    }
    if (kPageFields.count(part.text)) continue;
    if (entity) {
      if (entity_names.count(part.text.substr(7))) continue;
      return Status::InvalidArgument(
          "answer", "{" + part.text + "} names no (?P<" + part.text.substr(7) +
                        ">...) group in this intent's patterns");
    }
    return Status::InvalidArgument(
        "answer", "unknown placeholder {" + part.text +
                      "}; use {page.name}, {page.hotline}, {page.office_address}, "
                      "{page.office_hours}, {page.map_link} or {entity.<group>} "
                      "(optionally {entity.<group>|upper})");
  }
  return Status::Ok();
}

}  // namespace trolyso::intents
