#include "intents/rule_file_loader.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "intents/rule_documents.h"
#include "text/utf8.h"

namespace trolyso::intents {
namespace {

using nlohmann::json;

constexpr size_t kMaxIdBytes = 57;  // "intent:" + id must fit Telegram's 64-byte callback data
constexpr size_t kMaxTitleChars = 40;
constexpr int kMaxPriority = 100;
constexpr size_t kMaxAnswerChars = 600;  // readable on a phone before the buttons

const std::set<std::string, std::less<>> kFileFields = {"$schema", "topic", "description",
                                                         "intents"};
const std::set<std::string, std::less<>> kIntentFields = {
    "id",      "topic",  "title",    "description", "patterns", "exclude",
    "priority", "examples", "counter_examples", "answer", "buttons", "action"};

bool IsName(std::string_view s) {
  if (s.empty() || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Derives a button label from a description: its first clause, cut at a word
// boundary so it fits a phone-width button.
std::string TitleFrom(std::string_view description) {
  size_t end = description.find_first_of(".;(\n");
  std::string_view clause = description.substr(0, end);
  while (!clause.empty() && clause.back() == ' ') clause.remove_suffix(1);
  if (CodePoints(clause) <= kMaxTitleChars) return std::string(clause);
  std::string out;
  size_t chars = 0, i = 0;
  while (i < clause.size()) {
    size_t word_end = clause.find(' ', i);
    if (word_end == std::string_view::npos) word_end = clause.size();
    const std::string_view word = clause.substr(i, word_end - i);
    if (chars + CodePoints(word) + 1 > kMaxTitleChars - 1) break;
    if (!out.empty()) out.push_back(' ');
    out.append(word);
    chars += CodePoints(word) + 1;
    i = word_end + 1;
  }
  return out + "…";
}

// Reads one intent. `where` is the intent's id once known, else "intents[i]".
class IntentReader {
 public:
  IntentReader(const json& j, const std::string& file, std::string where,
               const std::string& file_topic, ErrorList& errors)
      : j_(j), file_(file), where_(std::move(where)), file_topic_(file_topic), errors_(errors) {}

  bool Read(IntentSpec& spec) {
    ReadId(spec.intent);  // first, so later messages name the intent
    for (const auto& [key, _] : j_.items()) {
      if (!kIntentFields.count(key)) Fail(key, "trường không được hỗ trợ");
    }
    spec.intent.file = file_;
    spec.intent.description = RequiredString("description");
    spec.intent.title = OptionalString("title");
    if (spec.intent.title.empty()) spec.intent.title = TitleFrom(spec.intent.description);
    if (CodePoints(spec.intent.title) > kMaxTitleChars) {
      Fail("title", "dài quá " + std::to_string(kMaxTitleChars) + " ký tự");
    }
    ReadPriority(spec.intent);
    spec.patterns = Patterns("patterns", /*required=*/true);
    spec.excludes = Patterns("exclude", /*required=*/false);
    spec.intent.examples = Strings("examples", /*min=*/1);
    spec.intent.counter_examples = Strings("counter_examples", /*min=*/0);
    spec.intent.answers = Answers();
    ReadButtons(spec.intent);
    ReadAction(spec.intent);
    return ok_;
  }

 private:
  void Fail(std::string_view field, std::string_view problem) {
    errors_.Add(file_, where_, field, problem);
    ok_ = false;
  }

  void ReadId(Intent& intent) {
    if (!j_.contains("id") || !j_["id"].is_string()) {
      Fail("id", "thiếu; mỗi ý định cần một mã dạng \"" + file_topic_ + ".ten\"");
      return;
    }
    intent.id = j_["id"].get<std::string>();
    intent.topic = file_topic_;
    if (j_.contains("topic")) {
      if (!j_["topic"].is_string() || !IsName(j_["topic"].get<std::string>())) {
        Fail("topic", "phải là tên viết thường không dấu, ví dụ \"vneid\"");
      } else {
        intent.topic = j_["topic"].get<std::string>();
      }
    }
    const size_t dot = intent.id.find('.');
    const bool well_formed = dot != std::string::npos &&
                             IsName(std::string_view(intent.id).substr(0, dot)) &&
                             IsName(std::string_view(intent.id).substr(dot + 1));
    if (!well_formed) {
      Fail("id", "\"" + intent.id + "\" phải có dạng chủ_đề.tên, viết thường không dấu, ví dụ \"" +
                     file_topic_ + ".forgot_password\"");
      return;
    }
    where_ = intent.id;
    if (intent.id.size() > kMaxIdBytes) {
      Fail("id", "dài quá " + std::to_string(kMaxIdBytes) + " byte (giới hạn dữ liệu của nút bấm)");
    }
    if (intent.id.substr(0, dot) != intent.topic) {
      Fail("id", "phải bắt đầu bằng chủ đề của ý định \"" + intent.topic + ".\"");
    }
  }

  std::string RequiredString(const char* field) {
    if (!j_.contains(field)) {
      Fail(field, "thiếu");
      return "";
    }
    return NonEmptyString(j_[field], field);
  }

  std::string OptionalString(const char* field) {
    return j_.contains(field) ? NonEmptyString(j_[field], field) : "";
  }

  std::string NonEmptyString(const json& v, const std::string& field) {
    if (!v.is_string() || v.get<std::string>().empty()) {
      Fail(field, "phải là một chuỗi không rỗng");
      return "";
    }
    std::string s = v.get<std::string>();
    if (!text::IsValidUtf8(s)) Fail(field, "không phải UTF-8 hợp lệ");
    return s;
  }

  void ReadPriority(Intent& intent) {
    if (!j_.contains("priority")) return;
    const json& p = j_["priority"];
    if (!p.is_number_integer() || p.get<int64_t>() < -kMaxPriority ||
        p.get<int64_t>() > kMaxPriority) {
      Fail("priority", "phải là số nguyên từ -100 đến 100");
      return;
    }
    intent.priority = p.get<int>();
  }

  std::vector<PatternSpec> Patterns(const char* field, bool required) {
    std::vector<PatternSpec> out;
    if (!j_.contains(field)) {
      if (required) Fail(field, "thiếu; ý định cần ít nhất một mẫu");
      return out;
    }
    const json& arr = j_[field];
    if (!arr.is_array() || (required && arr.empty())) {
      Fail(field, required ? "phải là một mảng không rỗng" : "phải là một mảng");
      return out;
    }
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string where = std::string(field) + "[" + std::to_string(i) + "]";
      PatternSpec spec;
      const json& item = arr[i];
      if (item.is_string()) {
        spec.source = item.get<std::string>();
      } else if (item.is_object()) {
        for (const auto& [key, _] : item.items()) {
          if (key != "pattern" && key != "form") Fail(where + "." + key, "trường không được hỗ trợ");
        }
        if (!item.contains("pattern") || !item["pattern"].is_string()) {
          Fail(where, "cần trường \"pattern\" là một chuỗi");
          continue;
        }
        spec.source = item["pattern"].get<std::string>();
        if (item.contains("form")) {
          const json& form = item["form"];
          if (form == "accented") {
            spec.form = Form::kAccented;
          } else if (form != "folded") {
            Fail(where + ".form", "phải là \"folded\" hoặc \"accented\"");
          }
        }
      } else {
        Fail(where, "phải là một chuỗi hoặc {\"pattern\": ..., \"form\": ...}");
        continue;
      }
      out.push_back(std::move(spec));
    }
    return out;
  }

  std::vector<std::string> Strings(const char* field, size_t min) {
    std::vector<std::string> out;
    if (!j_.contains(field)) {
      if (min > 0) Fail(field, "thiếu; cần ít nhất " + std::to_string(min) + " câu");
      return out;
    }
    const json& arr = j_[field];
    if (!arr.is_array() || arr.size() < min) {
      Fail(field, "phải là một mảng có ít nhất " + std::to_string(min) + " chuỗi");
      return out;
    }
    for (size_t i = 0; i < arr.size(); ++i) {
      out.push_back(NonEmptyString(arr[i], std::string(field) + "[" + std::to_string(i) + "]"));
    }
    return out;
  }

  std::vector<std::string> Answers() {
    std::vector<std::string> out;
    if (!j_.contains("answer")) {
      Fail("answer", "thiếu");
      return out;
    }
    const json& a = j_["answer"];
    if (a.is_string()) {
      out.push_back(NonEmptyString(a, "answer"));
    } else if (a.is_array() && !a.empty()) {
      for (size_t i = 0; i < a.size(); ++i) {
        out.push_back(NonEmptyString(a[i], "answer[" + std::to_string(i) + "]"));
      }
    } else {
      Fail("answer", "phải là một chuỗi hoặc một mảng không rỗng các phương án trả lời");
    }
    for (size_t i = 0; i < out.size(); ++i) {
      if (CodePoints(out[i]) > kMaxAnswerChars) {
        Fail(out.size() > 1 ? "answer[" + std::to_string(i) + "]" : "answer",
             "dài quá " + std::to_string(kMaxAnswerChars) + " ký tự");
      }
    }
    return out;
  }

  void ReadButtons(Intent& intent) {
    if (!j_.contains("buttons")) return;
    const json& arr = j_["buttons"];
    if (!arr.is_array()) {
      Fail("buttons", "phải là một mảng các {\"label\", \"intent\"}");
      return;
    }
    for (size_t i = 0; i < arr.size(); ++i) {
      const std::string where = "buttons[" + std::to_string(i) + "]";
      const json& b = arr[i];
      if (!b.is_object() || !b.contains("label") || !b.contains("intent")) {
        Fail(where, "phải có dạng {\"label\": \"...\", \"intent\": \"<mã ý định>\"}");
        continue;
      }
      for (const auto& [key, _] : b.items()) {
        if (key != "label" && key != "intent") Fail(where + "." + key, "trường không được hỗ trợ");
      }
      IntentButton button{NonEmptyString(b["label"], where + ".label"),
                          NonEmptyString(b["intent"], where + ".intent")};
      intent.buttons.push_back(std::move(button));
    }
  }

  void ReadAction(Intent& intent) {
    if (!j_.contains("action")) return;
    const json& a = j_["action"];
    if (a == "handoff") {
      intent.action = Action::kHandoff;
    } else if (a == "handoff_urgent") {
      intent.action = Action::kHandoffUrgent;
    } else if (a != "none") {
      Fail("action", "phải là \"handoff\", \"handoff_urgent\" hoặc \"none\"");
    }
  }

  const json& j_;
  const std::string& file_;
  std::string where_;
  const std::string& file_topic_;
  ErrorList& errors_;
  bool ok_ = true;
};

}  // namespace

void ParseRuleFile(std::string_view json_text, const std::string& file_name,
                   std::vector<IntentSpec>& out, ErrorList& errors) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::exception& e) {
    errors.Add(file_name, "-", "", std::string("JSON không hợp lệ: ") + e.what());
    return;
  }
  if (!doc.is_object()) {
    errors.Add(file_name, "-", "", "tệp phải chứa đúng một đối tượng JSON");
    return;
  }
  for (const auto& [key, _] : doc.items()) {
    if (!kFileFields.count(key)) errors.Add(file_name, "-", key, "trường không được hỗ trợ");
  }
  if (!doc.contains("topic") || !doc["topic"].is_string() ||
      !IsName(doc["topic"].get<std::string>())) {
    errors.Add(file_name, "-", "topic", "phải là tên viết thường không dấu, ví dụ \"vneid\"");
    return;
  }
  const std::string topic = doc["topic"].get<std::string>();
  if (!doc.contains("intents") || !doc["intents"].is_array()) {
    errors.Add(file_name, "-", "intents", "phải là một mảng các ý định");
    return;
  }
  const json& intents = doc["intents"];
  for (size_t i = 0; i < intents.size(); ++i) {
    const std::string where = "intents[" + std::to_string(i) + "]";
    if (!intents[i].is_object()) {
      errors.Add(file_name, where, "", "phải là một đối tượng JSON");
      continue;
    }
    IntentSpec spec;
    // nlohmann's accessors can still throw (e.g. on a number too large for
    // int); keep that at this boundary too.
    try {
      if (IntentReader(intents[i], file_name, where, topic, errors).Read(spec)) {
        out.push_back(std::move(spec));
      }
    } catch (const json::exception& e) {
      errors.Add(file_name, where, "", std::string("không đọc được: ") + e.what());
    }
  }
}

void CheckReferences(const std::vector<IntentSpec>& intents, ErrorList& errors) {
  std::map<std::string, const Intent*, std::less<>> by_id;
  for (const IntentSpec& spec : intents) {
    auto [it, inserted] = by_id.emplace(spec.intent.id, &spec.intent);
    if (!inserted) {
      errors.Add(spec.intent.file, spec.intent.id, "id",
                 "trùng mã ý định với " + it->second->id + " trong " + it->second->file);
    }
  }
  for (const IntentSpec& spec : intents) {
    for (size_t i = 0; i < spec.intent.buttons.size(); ++i) {
      const std::string& target = spec.intent.buttons[i].intent_id;
      if (!by_id.count(target)) {
        errors.Add(spec.intent.file, spec.intent.id,
                   "buttons[" + std::to_string(i) + "].intent",
                   "nút trỏ tới ý định không tồn tại: " + target);
      }
    }
  }
}

Result<RuleFiles> LoadRuleFiles(const std::string& dir, const std::string& extra_dir) {
  auto documents = ReadRuleDirectory(dir);
  if (!documents.ok()) return documents.status();
  if (!extra_dir.empty()) {
    auto local = ReadRuleDirectory(extra_dir, LocalFolderPrefix(extra_dir));
    if (!local.ok()) return local.status();
    *documents = WithLocalFiles(std::move(*documents), *local);
  }
  ErrorList errors;
  RuleFiles files = ParseRuleDocuments(*documents, errors);
  if (!errors.empty()) return errors.ToStatus();
  return files;
}

}  // namespace trolyso::intents
