#include "admin/change_set.h"

#include <algorithm>

namespace trolyso::admin {
namespace {

using nlohmann::json;

json ParseOrNull(std::string_view text) {
  return json::parse(text, nullptr, /*allow_exceptions=*/false);
}

std::string TopicOf(const std::string& id) { return id.substr(0, id.find('.')); }

std::string IdOf(const json& intent) {
  return intent.is_object() && intent.contains("id") && intent["id"].is_string()
             ? intent["id"].get<std::string>()
             : "";
}

std::map<std::string, std::string> LexiconEntries(const json& lexicon) {
  std::map<std::string, std::string> out;
  if (!lexicon.is_object() || !lexicon.contains("entries") || !lexicon["entries"].is_object()) {
    return out;
  }
  for (const auto& [key, value] : lexicon["entries"].items()) {
    if (value.is_string()) out[key] = value.get<std::string>();
  }
  return out;
}

// Files are written the way the shipped ones are: two-space indent.
std::string Pretty(const json& doc) { return doc.dump(2) + "\n"; }

}  // namespace

std::string ChangeSet::ToJson() const {
  json out = {{"intents", json::object()}, {"lexicon", json::object()}};
  for (const auto& [id, intent] : intents) out["intents"][id] = intent ? *intent : json(nullptr);
  for (const auto& [key, value] : lexicon) out["lexicon"][key] = value ? json(*value) : json(nullptr);
  return out.dump();
}

Result<ChangeSet> ChangeSet::FromJson(std::string_view json_text) {
  const json doc = ParseOrNull(json_text);
  if (!doc.is_object()) return Status::InvalidArgument("draft changes", "not a JSON object");
  ChangeSet changes;
  if (doc.contains("intents") && doc["intents"].is_object()) {
    for (const auto& [id, intent] : doc["intents"].items()) {
      changes.intents[id] = intent.is_null() ? std::nullopt : std::optional<json>(intent);
    }
  }
  if (doc.contains("lexicon") && doc["lexicon"].is_object()) {
    for (const auto& [key, value] : doc["lexicon"].items()) {
      changes.lexicon[key] =
          value.is_string() ? std::optional<std::string>(value.get<std::string>()) : std::nullopt;
    }
  }
  return changes;
}

std::string_view IntentStatusName(IntentStatus status) {
  switch (status) {
    case IntentStatus::kCreated: return "created";
    case IntentStatus::kEdited: return "edited";
    case IntentStatus::kUnchanged: break;
  }
  return "unchanged";
}

RuleContent ReadContent(const intents::RuleDocuments& documents) {
  RuleContent content;
  for (const intents::RuleDocument& doc : documents.files) {
    const json file = ParseOrNull(doc.text);
    if (!file.is_object() || !file.contains("intents") || !file["intents"].is_array()) continue;
    for (const json& intent : file["intents"]) content.intents.push_back({intent, doc.name, {}});
  }
  content.lexicon = LexiconEntries(ParseOrNull(documents.lexicon));
  return content;
}

intents::RuleDocuments ApplyChanges(const intents::RuleDocuments& base, const ChangeSet& changes,
                                    RuleContent* content) {
  intents::RuleDocuments out;
  out.lexicon = base.lexicon;
  std::set<std::string> placed;  // created/edited ids already written
  std::set<std::string> existing;
  for (const intents::RuleDocument& doc : base.files) {
    json file = ParseOrNull(doc.text);
    if (!file.is_object() || !file.contains("intents") || !file["intents"].is_array()) {
      out.files.push_back(doc);
      continue;
    }
    bool touched = false;
    json kept = json::array();
    for (const json& intent : file["intents"]) {
      const std::string id = IdOf(intent);
      existing.insert(id);
      auto change = changes.intents.find(id);
      if (change == changes.intents.end()) {
        kept.push_back(intent);
        continue;
      }
      touched = true;
      if (change->second) {
        kept.push_back(*change->second);
        placed.insert(id);
      }
    }
    if (touched) file["intents"] = std::move(kept);
    out.files.push_back({doc.name, touched ? Pretty(file) : doc.text});
  }
  // New intents: appended to their topic's file, or a new file for a new
  // topic. Each file is parsed and written once, however many it receives.
  std::map<std::string, json> appended;  // file name → its document
  for (const auto& [id, intent] : changes.intents) {
    if (!intent || placed.count(id) || existing.count(id)) continue;
    const std::string name = TopicOf(id) + ".json";
    auto [file, fresh] = appended.try_emplace(name);
    if (fresh) {
      auto doc = std::find_if(out.files.begin(), out.files.end(),
                              [&](const intents::RuleDocument& d) { return d.name == name; });
      if (doc != out.files.end()) file->second = ParseOrNull(doc->text);
      if (!file->second.is_object() || !file->second.contains("intents") ||
          !file->second["intents"].is_array()) {
        file->second = {{"topic", TopicOf(id)}, {"intents", json::array()}};
      }
    }
    file->second["intents"].push_back(*intent);
  }
  for (auto& [name, file] : appended) {
    auto doc = std::find_if(out.files.begin(), out.files.end(),
                            [&](const intents::RuleDocument& d) { return d.name == name; });
    if (doc == out.files.end()) {
      out.files.push_back({name, Pretty(file)});
    } else {
      doc->text = Pretty(file);
    }
  }
  std::sort(out.files.begin(), out.files.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  if (!changes.lexicon.empty()) {
    json lexicon = ParseOrNull(base.lexicon);
    if (!lexicon.is_object()) lexicon = json::object();
    if (!lexicon.contains("entries") || !lexicon["entries"].is_object()) {
      lexicon["entries"] = json::object();
    }
    for (const auto& [key, value] : changes.lexicon) {
      if (value) {
        lexicon["entries"][key] = *value;
      } else {
        lexicon["entries"].erase(key);
      }
    }
    out.lexicon = Pretty(lexicon);
  }
  if (content != nullptr) {
    *content = ReadContent(out);
    for (DraftIntent& d : content->intents) {
      const std::string id = IdOf(d.intent);
      if (!changes.intents.count(id)) continue;
      d.status = existing.count(id) ? IntentStatus::kEdited : IntentStatus::kCreated;
    }
  }
  return out;
}

ChangeSet Diff(const intents::RuleDocuments& from, const intents::RuleDocuments& to) {
  const RuleContent a = ReadContent(from), b = ReadContent(to);
  std::map<std::string, const json*> before, after;
  for (const DraftIntent& d : a.intents) before[IdOf(d.intent)] = &d.intent;
  for (const DraftIntent& d : b.intents) after[IdOf(d.intent)] = &d.intent;
  ChangeSet changes;
  for (const auto& [id, intent] : after) {
    auto old = before.find(id);
    if (old == before.end() || *old->second != *intent) changes.intents[id] = *intent;
  }
  for (const auto& [id, _] : before) {
    if (!after.count(id)) changes.intents[id] = std::nullopt;
  }
  for (const auto& [key, value] : b.lexicon) {
    auto old = a.lexicon.find(key);
    if (old == a.lexicon.end() || old->second != value) changes.lexicon[key] = value;
  }
  for (const auto& [key, _] : a.lexicon) {
    if (!b.lexicon.count(key)) changes.lexicon[key] = std::nullopt;
  }
  return changes;
}

std::set<std::string> ChangedBetween(const intents::RuleDocuments& a,
                                     const intents::RuleDocuments& b) {
  const ChangeSet diff = Diff(a, b);
  std::set<std::string> out;
  for (const auto& [id, _] : diff.intents) out.insert(id);
  for (const auto& [key, _] : diff.lexicon) out.insert("lexicon:" + key);
  return out;
}

}  // namespace trolyso::admin
