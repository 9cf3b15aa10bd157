// Hot reload on SIGHUP: a broken rule edit is refused with its location while
// the server keeps answering; a good edit goes live without a restart.
#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <set>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

constexpr const char* kSession = "reload_session_000001";

std::string Answer(httplib::Client& client, const std::string& text) {
  auto res = client.Post("/api/v1/webchat/web/messages",
                         json{{"session", kSession}, {"text", text}}.dump(), "application/json");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  json body = json::parse(res->body);
  return body["messages"].empty() ? "" : body["messages"][0]["text"].get<std::string>();
}

// A gateway serving a private copy of the shipped rules, which the test edits.
struct GatewayWithRuleCopy {
  TempDir rules_dir;
  FakeTelegramApi telegram;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<httplib::Client> client;

  explicit GatewayWithRuleCopy(const json& extra_config = json::object()) {
    for (const auto& entry : std::filesystem::directory_iterator(RepoPath("intents"))) {
      std::filesystem::copy(entry.path(), rules_dir.path() / entry.path().filename());
    }
    json config = GatewayConfig(telegram);
    config.merge_patch(extra_config);
    config["intents"]["dir"] = rules_dir.path().string();
    server = std::make_unique<ServerProcess>(config);
    server->Start();
    client = std::make_unique<httplib::Client>("127.0.0.1", server->port());
  }
};

void EditThanksAnswer(const std::string& file, const json& answer) {
  json rules = json::parse(ReadFile(file));
  for (json& intent : rules["intents"]) {
    if (intent["id"] == "general.thanks") intent["answer"] = answer;
  }
  std::ofstream(file) << rules.dump(2);
}

TEST_CASE("SIGHUP swaps in good rules and refuses broken ones, the server answering throughout") {
  GatewayWithRuleCopy g;
  ServerProcess& server = *g.server;
  httplib::Client& client = *g.client;
  std::string general = g.rules_dir.File("general.json");

  // The shipped answer variants of general.thanks (one is picked per message).
  std::set<std::string> shipped;
  const json shipped_rules = json::parse(ReadFile(general));
  for (const json& intent : shipped_rules["intents"]) {
    if (intent["id"] != "general.thanks") continue;
    if (intent["answer"].is_string()) {
      shipped.insert(intent["answer"].get<std::string>());
    } else {
      for (const json& variant : intent["answer"]) shipped.insert(variant.get<std::string>());
    }
  }
  REQUIRE_FALSE(shipped.empty());
  // As rendered for this page (GatewayConfig's page name).
  std::set<std::string> rendered;
  for (std::string variant : shipped) {
    for (size_t at; (at = variant.find("{page.name}")) != std::string::npos;) {
      variant.replace(at, std::string("{page.name}").size(), "Đoàn xã Thử Nghiệm");
    }
    rendered.insert(variant);
  }
  shipped = rendered;
  CHECK(shipped.count(Answer(client, "cảm ơn bạn")) == 1);

  // A broken pattern: refused, and the old answer stays live.
  json rules = json::parse(ReadFile(general));
  for (json& intent : rules["intents"]) {
    if (intent["id"] == "general.thanks") intent["patterns"].push_back("(cam on");
  }
  std::ofstream(general) << rules.dump(2);
  server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return server.log().find("reload rejected") != std::string::npos; }));
  std::string log = server.log();
  CHECK(log.find("general.json") != std::string::npos);
  CHECK(log.find("general.thanks") != std::string::npos);
  CHECK(shipped.count(Answer(client, "cảm ơn bạn nhé")) == 1);

  // A good edit: live after the next SIGHUP.
  std::ofstream(general) << ReadFile(RepoPath("intents/general.json"));
  EditThanksAnswer(general, "Không có gì, chúc bạn một ngày vui vẻ!");
  server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return server.log().find("rules reloaded") != std::string::npos; }));
  CHECK(Answer(client, "cảm ơn nhiều") == "Không có gì, chúc bạn một ngày vui vẻ!");
}

TEST_CASE("the admin reload API needs the token and reports a broken rule with its location") {
  GatewayWithRuleCopy g(json{{"admin", {{"token", "admin-token-0123456789"}}}});
  httplib::Client& client = *g.client;
  auto reload = [&](const char* token) {
    httplib::Headers headers;
    if (token != nullptr) headers.emplace("Authorization", std::string("Bearer ") + token);
    auto res = client.Post("/api/v1/admin/reload", headers, "", "application/json");
    REQUIRE(res);
    return *res;
  };

  CHECK(reload(nullptr).status == 401);
  CHECK(reload("admin-token-wrong").status == 401);

  std::string general = g.rules_dir.File("general.json");
  json rules = json::parse(ReadFile(general));
  for (json& intent : rules["intents"]) {
    if (intent["id"] == "general.thanks") intent["examples"].push_back("quên mật khẩu vneid");
  }
  std::ofstream(general) << rules.dump(2);
  httplib::Response rejected = reload("admin-token-0123456789");
  CHECK(rejected.status == 422);
  json error = json::parse(rejected.body)["error"];
  CHECK(error["code"] == "invalid_rules");
  std::string message = error["message"];
  CHECK(message.find("general.json") != std::string::npos);
  CHECK(message.find("general.thanks") != std::string::npos);
  CHECK(message.find("quên mật khẩu vneid") != std::string::npos);
  CHECK(Answer(client, "cảm ơn") != "");  // still answering with the old rules

  std::ofstream(general) << ReadFile(RepoPath("intents/general.json"));
  EditThanksAnswer(general, "Dạ, không có gì ạ.");
  httplib::Response accepted = reload("admin-token-0123456789");
  CHECK(accepted.status == 200);
  CHECK(json::parse(accepted.body)["intents"].get<int>() > 30);
  CHECK(Answer(client, "cảm ơn bạn") == "Dạ, không có gì ạ.");
  auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->body.find("trolyso_rules_generation 2") != std::string::npos);
  CHECK(metrics->body.find("trolyso_rule_set_fallbacks_total 0") != std::string::npos);
}

TEST_CASE("without a configured admin token the reload API needs an admin session") {
  Gateway g;
  auto res = g.client->Post("/api/v1/admin/reload", {{"Authorization", "Bearer admin-token-0123456789"}},
                            "", "application/json");
  REQUIRE(res);
  CHECK(res->status == 401);
}

}  // namespace
}  // namespace trolyso::testing
