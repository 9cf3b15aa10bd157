// Helpers for the admin rule-editor tests: a citizen's question through the
// web chat, and rule-file intents written the way an admin would.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "e2e/volunteer_support.h"

namespace trolyso::testing {

// The bot's first reply text to `text` on the web chat page "web".
inline std::string AskWeb(httplib::Client& client, const std::string& text,
                          const std::string& session = "admin-e2e-session-000001") {
  auto res = client.Post("/api/v1/webchat/web/messages",
                         nlohmann::json{{"session", session}, {"text", text}}.dump(),
                         "application/json");
  REQUIRE(res);
  REQUIRE_MESSAGE(res->status == 200, res->body);
  nlohmann::json body = nlohmann::json::parse(res->body);
  return body["messages"].empty() ? "" : body["messages"][0]["text"].get<std::string>();
}

// A complete intent in the rule-file format.
inline nlohmann::json SimpleIntent(const std::string& id, const std::string& pattern,
                                   const std::string& example, const std::string& answer) {
  return {{"id", id},
          {"description", "Ý định thử nghiệm " + id},
          {"priority", 10},
          {"patterns", {pattern}},
          {"examples", {example}},
          {"answer", answer}};
}

// Creates a draft as `token`'s admin and returns its id.
inline int64_t NewDraft(httplib::Client& client, const std::string& token) {
  ApiReply r = Call(client, "POST", "/api/v1/admin/drafts", token, nlohmann::json::object());
  REQUIRE_MESSAGE(r.status == 201, r.body.dump());
  return r.body["id"].get<int64_t>();
}

inline std::string DraftPath(int64_t draft, const std::string& rest = "") {
  return "/api/v1/admin/drafts/" + std::to_string(draft) + rest;
}

// The answer text of one intent in a rule-file intent object.
inline std::string FirstAnswer(const nlohmann::json& intent) {
  const nlohmann::json& a = intent["answer"];
  return a.is_string() ? a.get<std::string>() : a[0].get<std::string>();
}

}  // namespace trolyso::testing
