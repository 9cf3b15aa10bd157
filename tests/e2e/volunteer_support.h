// Shared pieces of the volunteer-side end-to-end tests: a gateway whose
// pages belong to areas (two communes under one district), accounts made
// with the real `trolyso user add`, and a small JSON API client.
#pragma once

#include <doctest/doctest.h>

#include <cstdio>
#include <regex>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "e2e/e2e_support.h"

namespace trolyso::testing {

struct VolunteerOptions {
  int sla_seconds = 3600;          // long: no "still waiting" notices unless a test wants them
  int idle_release_seconds = 3600;
  int capacity = 3;
};

// Pages: "tg" (Telegram) and "web" in commune tanphong; "web-xl" in commune
// xuanlam; both communes under district phuhoa.
inline nlohmann::json VolunteerConfig(const FakeTelegramApi& fake, const VolunteerOptions& o) {
  nlohmann::json config = GatewayConfig(fake);
  for (auto& page : config["pages"]) page["area"] = "tanphong";
  config["pages"].push_back({{"id", "web-xl"}, {"name", "Đoàn xã Xuân Lâm"}, {"area", "xuanlam"},
                             {"channel", "webchat"}});
  config["areas"] = {
      {{"id", "tanphong"}, {"name", "Xã Tân Phong"}, {"parent", "phuhoa"},
       {"sla_seconds", o.sla_seconds}},
      {{"id", "xuanlam"}, {"name", "Xã Xuân Lâm"}, {"parent", "phuhoa"},
       {"sla_seconds", o.sla_seconds}},
      {{"id", "phuhoa"}, {"name", "Huyện Phú Hòa"}, {"sla_seconds", o.sla_seconds}}};
  config["handoff"] = {{"sla_seconds", o.sla_seconds},
                       {"idle_release_seconds", o.idle_release_seconds},
                       {"capacity", o.capacity}};
  return config;
}

struct ApiReply {
  int status = 0;
  nlohmann::json body;
  std::string error_code() const {
    return body.contains("error") ? body["error"].value("code", "") : "";
  }
};

// One API call; the body is JSON or empty. Fails the test if no HTTP answer.
inline ApiReply Call(httplib::Client& client, const std::string& method, const std::string& path,
                     const std::string& token = "", const nlohmann::json& body = nullptr) {
  httplib::Headers headers;
  if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
  std::string payload = body.is_null() ? "" : body.dump();
  httplib::Result res =
      method == "GET"      ? client.Get(path.c_str(), headers)
      : method == "PUT"    ? client.Put(path.c_str(), headers, payload, "application/json")
      : method == "DELETE" ? client.Delete(path.c_str(), headers, payload, "application/json")
      : method == "PATCH"  ? client.Patch(path.c_str(), headers, payload, "application/json")
                           : client.Post(path.c_str(), headers, payload, "application/json");
  REQUIRE_MESSAGE(res, method << " " << path << ": no answer");
  ApiReply reply;
  reply.status = res->status;
  reply.body = nlohmann::json::parse(res->body, nullptr, false);
  return reply;
}

// Runs `trolyso user add` against the server's config, as an admin would;
// returns the one-time password it prints.
inline std::string AddUser(const ServerProcess& server, const std::string& name,
                           const std::string& role, const std::vector<std::string>& areas,
                           const std::string& extra = "") {
  std::string command = std::string(TROLYSO_BINARY) + " user add --config " +
                        server.config_path() + " --name " + name + " --role " + role;
  for (const std::string& area : areas) command += " --area " + area;
  command += " " + extra + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[1024];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) out.append(buffer, n);
  int status = pclose(pipe);
  REQUIRE_MESSAGE(status == 0, command << "\n" << out);
  std::smatch m;
  REQUIRE_MESSAGE(std::regex_search(out, m, std::regex("password: (\\S+)")), out);
  return m[1];
}

inline std::string Login(httplib::Client& client, const std::string& name,
                         const std::string& password) {
  ApiReply r = Call(client, "POST", "/api/v1/login", "",
                    {{"username", name}, {"password", password}});
  REQUIRE_MESSAGE(r.status == 200, r.body.dump());
  return r.body["token"];
}

// A user made with the CLI and signed in.
struct Signed {
  std::string name;
  std::string token;
};

inline Signed SignIn(const ServerProcess& server, httplib::Client& client, const std::string& name,
                     const std::string& role, const std::vector<std::string>& areas,
                     const std::string& extra = "") {
  std::string password = AddUser(server, name, role, areas, extra);
  return {name, Login(client, name, password)};
}

// A citizen on the Telegram page asks for a person; returns the handoff id.
inline int64_t EscalateFromTelegram(Gateway& g, int64_t chat_id,
                                    const std::string& text = "cho tôi gặp người thật") {
  auto res = PostUpdate(*g.client, TextUpdate(NextId(), chat_id, text).dump());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  int64_t id = g.Int("SELECT h.id FROM handoffs h JOIN conversations c ON c.id = h.conversation_id "
                     "WHERE c.chat_id = '" + std::to_string(chat_id) +
                     "' AND h.state != 'resolved'");
  REQUIRE_MESSAGE(id > 0, "no open handoff for chat " << chat_id);
  return id;
}

// A citizen of the web chat page `page` asks for a person; returns the handoff id.
inline int64_t EscalateFromWebchat(Gateway& g, const std::string& page, const std::string& session) {
  auto res = g.client->Post(("/api/v1/webchat/" + page + "/messages").c_str(),
                            nlohmann::json{{"session", session}, {"text", "cho tôi gặp người thật"}}.dump(),
                            "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  int64_t id = g.Int("SELECT h.id FROM handoffs h JOIN conversations c ON c.id = h.conversation_id "
                     "WHERE c.chat_id = '" + session + "' AND h.state != 'resolved'");
  REQUIRE(id > 0);
  return id;
}

inline std::string HandoffPath(int64_t id, const std::string& action = "") {
  return "/api/v1/handoffs/" + std::to_string(id) + (action.empty() ? "" : "/" + action);
}

}  // namespace trolyso::testing

namespace trolyso::testing {

// The citizen in `chat_id` presses an inline button whose callback data is `data`.
inline nlohmann::json CallbackUpdate(int64_t update_id, int64_t chat_id, const std::string& data) {
  nlohmann::json update =
      nlohmann::json::parse(ReadFile(RepoPath("webhooks/telegram/callback-query.json")));
  update["update_id"] = update_id;
  update["callback_query"]["id"] = std::to_string(update_id);
  update["callback_query"]["from"]["id"] = chat_id;
  update["callback_query"]["message"]["chat"]["id"] = chat_id;
  update["callback_query"]["data"] = data;
  return update;
}

// What the fake Telegram API delivered to one chat, in order.
inline std::vector<nlohmann::json> SentTo(const FakeTelegramApi& telegram, int64_t chat_id) {
  std::vector<nlohmann::json> sent;
  for (const auto& call : telegram.delivered()) {
    if (call.body.value("chat_id", nlohmann::json()).dump() == nlohmann::json(chat_id).dump() ||
        call.body.value("chat_id", nlohmann::json()) == std::to_string(chat_id)) {
      sent.push_back(call.body);
    }
  }
  return sent;
}

}  // namespace trolyso::testing
