#include "intents/answer_template.h"

namespace trolyso::intents {
namespace {

const std::set<std::string, std::less<>> kPageFields = {
    "page.name", "page.hotline", "page.office_address", "page.office_hours", "page.map_link"};

constexpr std::string_view kUpperFilter = "upper";

// Found in every message by the engine (MatchResult::entities), masked.
const std::set<std::string, std::less<>> kBuiltInEntities = {"phone", "id_number"};

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
      return Status::InvalidArgument("answer", "có dấu '}' mà không có dấu '{' mở trước");
    }
    if (open > i) parts.push_back({false, std::string(answer.substr(i, open - i)), ""});
    const size_t close = answer.find_first_of("{}", open + 1);
    if (close == std::string_view::npos || answer[close] != '}') {
      return Status::InvalidArgument("answer", "có dấu '{' mà không có dấu '}' đóng lại");
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
          "answer", "bộ lọc không hợp lệ trong {" + part.text + "|" + part.filter +
                        "}; chỉ có bộ lọc |upper, dùng trong {entity.<nhóm>}");
    }
    if (kPageFields.count(part.text)) continue;
    if (entity) {
      const std::string name = part.text.substr(7);
      if (entity_names.count(name) || kBuiltInEntities.count(name)) continue;
      return Status::InvalidArgument(
          "answer", "{" + part.text + "} không ứng với nhóm (?P<" + name +
                        ">...) nào trong các mẫu của ý định này, cũng không phải thực thể "
                        "có sẵn ({entity.phone}, {entity.id_number})");
    }
    return Status::InvalidArgument(
        "answer", "chỗ điền không hợp lệ {" + part.text +
                      "}; hãy dùng {page.name}, {page.hotline}, {page.office_address}, "
                      "{page.office_hours}, {page.map_link}, {entity.phone}, "
                      "{entity.id_number} hoặc {entity.<nhóm>} (có thể kèm "
                      "{entity.<nhóm>|upper})");
  }
  return Status::Ok();
}

}  // namespace trolyso::intents
