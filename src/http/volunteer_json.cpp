#include "http/volunteer_json.h"

#include "channels/zalo.h"

namespace trolyso::http {
namespace {

using nlohmann::json;

json OrNull(int64_t value) { return value == 0 ? json(nullptr) : json(value); }
json OrNull(const std::string& value) { return value.empty() ? json(nullptr) : json(value); }

}  // namespace

json UserJson(const store::UserRow& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"display_name", user.display_name},
          {"role", store::RoleName(user.role)},
          {"areas", user.areas},
          {"capacity", user.capacity},
          {"disabled", user.disabled}};
}

json NoteJson(const store::NoteRow& note) {
  return {{"id", note.id},
          {"author", note.user_id == 0 ? json(nullptr)
                                       : json{{"id", note.user_id},
                                              {"display_name", note.author_name}}},
          {"text", note.text},
          {"created_at", note.created_at}};
}

json HandoffJson(const RouteContext& ctx, const handoff::HandoffView& view) {
  const store::HandoffRecord& h = view.record;
  std::shared_ptr<const Page> page = ctx.page(h.page_id);
  const handoff::Area* area = ctx.areas.Find(h.area);
  json out = {
      {"id", h.id},
      {"conversation_id", h.conversation_id},
      {"page", {{"id", h.page_id},
                {"name", page ? page->name : h.page_id},
                {"channel", page ? ChannelName(page->channel) : "unknown"}}},
      {"area", h.area},
      {"area_name", area ? area->name : h.area},
      {"offered_areas", h.offered_areas},
      {"reason", h.reason},
      {"reason_label", handoff::ReasonLabel(h.reason)},
      {"priority", h.priority},
      // Urgent is the scam-style escalation (priority 10); a Zalo chat raised
      // because its reply window is closing is "window_closing", not urgent.
      {"urgent", h.priority >= 10},
      {"window_closing", h.window_warned},
      {"state", store::HandoffStateName(h.state)},
      {"created_at", h.created_at},
      {"deadline_at", h.deadline_at},
      {"claimed_at", OrNull(h.claimed_at)},
      {"resolved_at", OrNull(h.resolved_at)},
      {"claimed_by", h.claimed_by == 0 ? json(nullptr)
                                       : json{{"id", h.claimed_by},
                                              {"display_name", h.claimed_by_name}}},
      {"position", view.position == 0 ? json(nullptr) : json(view.position)},
      {"citizen", {{"display_name", h.citizen_name}, {"reachable", h.reachable}}},
      {"last_message", view.last_message
                           ? json{{"text", view.last_message->first},
                                  {"created_at", view.last_message->second}}
                           : json(nullptr)},
      {"rating", h.rating == 0 ? json(nullptr) : json(h.rating)},
      {"reply_window", json(nullptr)},
  };
  // Zalo: free replies for 48 h after the citizen's last message, none after 7 days.
  if (page && page->channel == Channel::kZalo && h.last_inbound_at > 0) {
    out["reply_window"] = {{"free_until", h.last_inbound_at + channels::zalo::kFreeWindowMs},
                           {"closes_at", h.last_inbound_at + channels::zalo::kHardWindowMs}};
  }
  json notes = json::array();
  for (const store::NoteRow& note : view.notes) notes.push_back(NoteJson(note));
  out["notes"] = std::move(notes);
  return out;
}

// A pressed button is stored as its payload; show what the citizen saw.
std::string ShownText(const store::MessageRow& m, const intents::RuleSet* rules) {
  if (m.kind != "button") return m.text;
  std::string_view payload = m.text;
  if (payload.starts_with("intent:")) {
    const intents::Intent* target = rules ? rules->Find(payload.substr(7)) : nullptr;
    return "Bấm nút: " + (target ? target->title : std::string(payload.substr(7)));
  }
  if (payload.starts_with("rating:") && payload.size() > 2) {
    return "Đánh giá: " + std::string(payload.substr(payload.size() - 1)) + "/5";
  }
  return m.text;
}

json TranscriptJson(const store::TranscriptRow& row, const intents::RuleSet* rules) {
  const store::MessageRow& m = row.message;
  const intents::Intent* intent =
      rules != nullptr && !m.intent.empty() ? rules->Find(m.intent) : nullptr;
  json entities = json::array();
  for (const auto& [name, value] : m.entities) {
    entities.push_back({{"name", name}, {"value", value}});
  }
  json buttons = json::array();
  for (const Button& b : m.buttons) buttons.push_back(b.label);
  return {{"id", m.id},
          {"author", store::AuthorName(m.author)},
          {"author_name", OrNull(row.author_name)},
          {"kind", m.kind},
          {"text", ShownText(m, rules)},
          {"intent", OrNull(m.intent)},
          {"intent_description", intent ? json(intent->description) : json(nullptr)},
          {"decision", OrNull(m.decision)},
          {"entities", entities},
          {"buttons", buttons},
          {"delivery", OrNull(row.delivery)},
          {"created_at", m.created_at}};
}

}  // namespace trolyso::http
