#include "http/rule_json.h"

#include <httplib.h>

#include "http/json_reply.h"

namespace trolyso::http {

using nlohmann::json;

json FailureJson(const std::string& line) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (parts.size() < 3) {
    const size_t colon = line.find(": ", start);
    if (colon == std::string::npos) break;
    parts.push_back(line.substr(start, colon - start));
    start = colon + 2;
  }
  json out = {{"line", line}, {"problem", line.substr(start)}};
  out["file"] = parts.size() > 0 ? parts[0] : "";
  out["intent"] = parts.size() > 1 ? parts[1] : "";
  out["field"] = parts.size() > 2 ? parts[2] : "";
  return out;
}

json FailuresJson(const std::vector<std::string>& lines) {
  json out = json::array();
  for (const std::string& line : lines) out.push_back(FailureJson(line));
  return out;
}

json VersionJson(const store::RuleVersionRow& row) {
  return {{"version", row.version},
          {"author", row.author},
          {"created_at", row.created_at},
          {"note", row.note},
          {"kind", row.kind},
          {"rolled_back_to", row.rolled_back_to ? json(*row.rolled_back_to) : json(nullptr)},
          {"intents", row.intent_count}};
}

json DraftSummaryJson(const admin::DraftView& view) {
  const store::DraftRow& d = view.draft;
  json created = json::array(), edited = json::array(), lexicon = json::array();
  for (const admin::DraftIntent& i : view.content.intents) {
    if (i.status == admin::IntentStatus::kCreated) created.push_back(i.intent.value("id", ""));
    if (i.status == admin::IntentStatus::kEdited) edited.push_back(i.intent.value("id", ""));
  }
  auto changes = admin::ChangeSet::FromJson(d.changes);
  if (changes.ok()) {
    for (const auto& [key, _] : changes->lexicon) lexicon.push_back(key);
  }
  return {{"id", d.id},
          {"state", d.state},
          {"base_version", d.base_version},
          {"live_version", view.live_version},
          {"author", d.author},
          {"note", d.note},
          {"created_at", d.created_at},
          {"updated_at", d.updated_at},
          {"published_version", d.published_version ? json(*d.published_version) : json(nullptr)},
          {"changes",
           {{"created", created}, {"edited", edited}, {"deleted", view.deleted}, {"lexicon", lexicon}}}};
}

void ReplyPublishRefusal(httplib::Response& res, const admin::PublishOutcome& outcome) {
  const std::string& m = outcome.status.message();
  const size_t colon = m.find(": ");
  const std::string code = colon == std::string::npos ? "" : m.substr(0, colon);
  if (code == "live_version_moved") {
    return ReplyJson(res,
                     {{"error",
                       {{"code", code},
                        {"message", m.substr(colon + 2)},
                        {"live_version", outcome.live_version},
                        {"base_version", outcome.base_version}}}},
                     409);
  }
  if (!outcome.failures.empty()) {
    return ReplyJson(res,
                     {{"error",
                       {{"code", "invalid_rules"},
                        {"message", colon == std::string::npos ? m : m.substr(colon + 2)},
                        {"failures", FailuresJson(outcome.failures)}}}},
                     422);
  }
  ReplyRefusal(res, outcome.status);
}

}  // namespace trolyso::http
