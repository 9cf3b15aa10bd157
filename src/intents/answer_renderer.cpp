// RenderAnswer and RenderClarify (declared in rule_set.h).
//
// A page fact that is not configured must not leave a hole such as
// "Hotline: ." in front of a citizen. Answers are therefore written one fact
// per line, and rendering drops every line whose placeholder is empty; when
// it dropped any, it adds one closing line sending the citizen to the page's
// team instead. {page.name} never drops a line: it falls back to "Đoàn xã".
// A line whose {entity.x} was not captured (the citizen gave no dossier
// code) is dropped too, but silently: nothing is missing from the answer
// that the page's team could supply.
#include <sstream>

#include "intents/answer_template.h"
#include "intents/rule_set.h"
#include "text/mask.h"
#include "text/unicode.h"

namespace trolyso::intents {
namespace {

constexpr const char* kDefaultPageName = "Đoàn xã";
constexpr const char* kClarifyQuestion = "Bạn muốn hỏi về nội dung nào dưới đây?";

std::string PageField(const Page& page, std::string_view name) {
  if (name == "page.name") return page.name.empty() ? kDefaultPageName : page.name;
  if (name == "page.hotline") return page.hotline;
  if (name == "page.office_address") return page.office_address;
  if (name == "page.office_hours") return page.office_hours;
  if (name == "page.map_link") return page.map_link;
  return "";
}

std::string Value(const TemplatePart& part, const Page& page,
                  const std::map<std::string, std::string>& captures) {
  const std::string& name = part.text;
  if (name.rfind("entity.", 0) == 0) {
    auto it = captures.find(name.substr(7));
    if (it == captures.end()) return "";
    const std::string value = part.filter == "upper" ? text::ToUpper(it->second) : it->second;
    // ID and phone numbers are never echoed back in full.
    return text::MaskPersonalNumbers(value);
  }
  return PageField(page, name);
}

enum class LineResult { kRendered, kNoPageFact, kNoEntity };

// Renders one line, or says which kind of placeholder had no value.
LineResult RenderLine(std::string_view line, const Page& page,
                      const std::map<std::string, std::string>& captures, std::string& out) {
  auto parts = ParseTemplate(line);
  if (!parts.ok()) {  // validated at load; be safe anyway
    out = std::string(line);
    return LineResult::kRendered;
  }
  for (const TemplatePart& part : *parts) {
    if (!part.is_placeholder) {
      out += part.text;
      continue;
    }
    const std::string value = Value(part, page, captures);
    if (value.empty()) {
      return part.text.rfind("entity.", 0) == 0 ? LineResult::kNoEntity
                                                : LineResult::kNoPageFact;
    }
    out += value;
  }
  return LineResult::kRendered;
}

}  // namespace

OutboundMessage RenderAnswer(const Intent& intent, const Page& page,
                             const std::map<std::string, std::string>& captures,
                             uint64_t variant_seed) {
  OutboundMessage message;
  if (!intent.answers.empty()) {
    const std::string& answer = intent.answers[variant_seed % intent.answers.size()];
    std::istringstream lines(answer);
    std::string line;
    bool dropped_page_fact = false;
    while (std::getline(lines, line)) {
      std::string rendered;
      const LineResult result = RenderLine(line, page, captures, rendered);
      if (result != LineResult::kRendered) {
        dropped_page_fact |= result == LineResult::kNoPageFact;
        continue;
      }
      if (!message.text.empty()) message.text += '\n';
      message.text += rendered;
    }
    if (dropped_page_fact) {
      if (!message.text.empty()) message.text += '\n';
      message.text += "Bạn vui lòng liên hệ trực tiếp " + PageField(page, "page.name") +
                      " để được hỗ trợ thêm.";
    }
  }
  for (const IntentButton& b : intent.buttons) {
    message.buttons.push_back({b.label, "intent:" + b.intent_id});
  }
  return message;
}

OutboundMessage RenderClarify(const std::vector<const Intent*>& options) {
  OutboundMessage message;
  message.text = kClarifyQuestion;
  for (const Intent* intent : options) {
    if (intent == nullptr) continue;
    message.buttons.push_back({intent->title, "intent:" + intent->id});
  }
  return message;
}

}  // namespace trolyso::intents
