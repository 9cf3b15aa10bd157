#include "admin/rule_snapshot.h"

#include <nlohmann/json.hpp>

namespace trolyso::admin {

using nlohmann::json;

std::string SnapshotToJson(const intents::RuleDocuments& documents) {
  json files = json::array();
  for (const intents::RuleDocument& doc : documents.files) {
    files.push_back({{"name", doc.name}, {"text", doc.text}});
  }
  return json{{"lexicon", documents.lexicon}, {"files", files}}.dump();
}

Result<intents::RuleDocuments> SnapshotFromJson(std::string_view json_text) {
  json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("files") || !doc["files"].is_array()) {
    return Status::InvalidArgument("rule snapshot", "not a {lexicon, files} document");
  }
  intents::RuleDocuments documents;
  if (doc.contains("lexicon") && doc["lexicon"].is_string()) {
    documents.lexicon = doc["lexicon"].get<std::string>();
  }
  for (const json& file : doc["files"]) {
    if (!file.is_object() || !file.contains("name") || !file["name"].is_string() ||
        !file.contains("text") || !file["text"].is_string()) {
      return Status::InvalidArgument("rule snapshot", "a file without name or text");
    }
    documents.files.push_back({file["name"].get<std::string>(), file["text"].get<std::string>()});
  }
  return documents;
}

}  // namespace trolyso::admin
