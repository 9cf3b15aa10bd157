// Rules kept as files beside the versions in the database: edits to the
// intents directory, export-intents / import-intents, and a rule set of
// 5,000 intents published through the API.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "e2e/admin_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

// The shipped rules copied to a directory the test may edit.
void CopyShippedRules(const TempDir& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(RepoPath("intents"))) {
    std::filesystem::copy(entry.path(), dir.path() / entry.path().filename());
  }
}

void SetAnswer(const std::string& file, const std::string& id, const std::string& answer) {
  json rules = json::parse(ReadFile(file));
  for (json& intent : rules["intents"]) {
    if (intent["id"] == id) intent["answer"] = answer;
  }
  std::ofstream(file) << rules.dump(2);
}

json IntentFrom(const json& version, const std::string& id) {
  for (json intent : version["intents"]) {
    if (intent["id"] == id) {
      intent.erase("file");
      return intent;
    }
  }
  FAIL("no intent " << id);
  return nullptr;
}

// An admin publishes a new answer for general.thanks through a draft.
void PublishThanksAnswer(httplib::Client& client, const std::string& token, const std::string& answer) {
  const int64_t draft = NewDraft(client, token);
  json thanks = IntentFrom(Call(client, "GET", "/api/v1/admin/rules/versions/1", token).body,
                           "general.thanks");
  thanks["answer"] = answer;
  REQUIRE(Call(client, "PUT", DraftPath(draft, "/intents/general.thanks"), token, thanks).status == 200);
  REQUIRE(Call(client, "POST", DraftPath(draft, "/publish"), token, json::object()).status == 200);
}

struct CommandOutput {
  int status;
  std::string text;
};

CommandOutput RunTrolyso(const std::string& args) {
  const std::string command = std::string(TROLYSO_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string text;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) text.append(buffer, n);
  return {WEXITSTATUS(pclose(pipe)), text};
}

TEST_CASE("edits to the rule files apply over what admins published, on SIGHUP and at start-up") {
  TempDir rules;
  CopyShippedRules(rules);
  Gateway g([&](const FakeTelegramApi& fake) {
    json config = VolunteerConfig(fake, {});
    config["intents"]["dir"] = rules.path().string();
    return config;
  });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  PublishThanksAnswer(*g.client, admin.token, "Dạ không có gì ạ (quản trị).");

  // The operator edits another answer in the files: only that change applies.
  SetAnswer(rules.File("general.json"), "general.goodbye", "Tạm biệt (tệp).");
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return g.server.log().find("rules reloaded: version 3") != std::string::npos; }));
  CHECK(AskWeb(*g.client, "cảm ơn bạn") == "Dạ không có gì ạ (quản trị).");
  CHECK(AskWeb(*g.client, "tạm biệt nhé", "admin-e2e-session-000002") == "Tạm biệt (tệp).");
  CHECK(g.Text("SELECT kind FROM rule_versions WHERE version = 3") == "import");

  // Unchanged files make no version; files edited while it was down do.
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return g.server.log().find("rules reloaded: version 3 live") != std::string::npos; }));
  CHECK(g.server.Terminate() == 0);
  SetAnswer(rules.File("general.json"), "general.goodbye", "Hẹn gặp lại (tệp, lúc máy chủ tắt).");
  g.Restart();
  CHECK(AskWeb(*g.client, "tạm biệt nhé", "admin-e2e-session-000003") == "Hẹn gặp lại (tệp, lúc máy chủ tắt).");
  CHECK(AskWeb(*g.client, "cảm ơn bạn", "admin-e2e-session-000004") == "Dạ không có gì ạ (quản trị).");
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 4);

  // A broken file edit is refused and the live rules stay.
  SetAnswer(rules.File("general.json"), "general.goodbye", "");
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return g.server.log().find("reload rejected") != std::string::npos; }));
  CHECK(AskWeb(*g.client, "tạm biệt nhé", "admin-e2e-session-000005") == "Hẹn gặp lại (tệp, lúc máy chủ tắt).");
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 4);
}

TEST_CASE("a rule directory the config names for the first time is a starting point, not a change") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  PublishThanksAnswer(*g.client, admin.token, "Dạ không có gì ạ (quản trị).");

  // The same shipped files at another path: nothing of the admin's edit is undone.
  TempDir moved;
  CopyShippedRules(moved);
  REQUIRE(g.server.Terminate() == 0);
  json config = json::parse(ReadFile(g.server.config_path()));
  config["intents"]["dir"] = moved.path().string();
  std::ofstream(g.server.config_path()) << config.dump(2);
  g.Restart();
  CHECK(AskWeb(*g.client, "cảm ơn bạn") == "Dạ không có gì ạ (quản trị).");
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 2);
  // Later edits there apply as usual.
  SetAnswer(moved.File("general.json"), "general.goodbye", "Tạm biệt (thư mục mới).");
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return g.server.log().find("rules reloaded: version 3") != std::string::npos; }));
  CHECK(AskWeb(*g.client, "tạm biệt nhé", "admin-e2e-session-000002") == "Tạm biệt (thư mục mới).");
  CHECK(AskWeb(*g.client, "cảm ơn bạn", "admin-e2e-session-000003") == "Dạ không có gì ạ (quản trị).");
}

TEST_CASE("export-intents writes the live version; import-intents loads files as a draft") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  const int64_t draft = NewDraft(*g.client, admin.token);
  json zalo = SimpleIntent("general.zalo_name", "\\bdoi ten zalo\\b", "đổi tên zalo", "Trả lời 1.");
  REQUIRE(Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token, zalo).status == 200);
  REQUIRE(Call(*g.client, "POST", DraftPath(draft, "/publish"), admin.token, json::object()).status == 200);

  TempDir out;
  std::ofstream(out.File("stale.json")) << "{}";  // a rule file the version does not have
  CommandOutput exported = RunTrolyso("export-intents " + out.path().string() + " --config " +
                                      g.server.config_path());
  REQUIRE_MESSAGE(exported.status == 0, exported.text);
  CHECK(exported.text.find("exported version 2") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(out.File("stale.json")));
  CHECK(ReadFile(out.File("lexicon.json")) == ReadFile(RepoPath("intents/lexicon.json")));
  CHECK(ReadFile(out.File("vneid.json")) == ReadFile(RepoPath("intents/vneid.json")));
  json general = json::parse(ReadFile(out.File("general.json")));
  CHECK(general.dump().find("general.zalo_name") != std::string::npos);

  SetAnswer(out.File("general.json"), "general.zalo_name", "Trả lời 2.");
  CommandOutput imported = RunTrolyso("import-intents " + out.path().string() + " --config " +
                                      g.server.config_path());
  REQUIRE_MESSAGE(imported.status == 0, imported.text);
  CHECK(imported.text.find("0 intents created, 1 edited, 0 deleted") != std::string::npos);
  CHECK(imported.text.find("it validates") != std::string::npos);
  ApiReply drafts = Call(*g.client, "GET", "/api/v1/admin/drafts", admin.token);
  REQUIRE(drafts.body["drafts"].size() == 1);
  CHECK(drafts.body["drafts"][0]["author"] == "cli");
  CHECK(drafts.body["drafts"][0]["changes"]["edited"] == json::array({"general.zalo_name"}));
  CHECK(AskWeb(*g.client, "doi ten zalo") == "Trả lời 1.");  // a draft changes nothing live
  const int64_t imported_draft = drafts.body["drafts"][0]["id"];
  REQUIRE(Call(*g.client, "POST", DraftPath(imported_draft, "/publish"), admin.token, json::object())
              .status == 200);
  CHECK(AskWeb(*g.client, "doi ten zalo", "admin-e2e-session-000002") == "Trả lời 2.");

  CHECK(RunTrolyso("import-intents /nonexistent --config " + g.server.config_path()).status == 1);
  CHECK(RunTrolyso("export-intents").status == 2);
}

TEST_CASE("a rule set of 5,000 intents validates and publishes in under 5 seconds") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  TempDir files;
  CopyShippedRules(files);
  json bulk = {{"topic", "bulk"}, {"intents", json::array()}};
  for (int i = 0; i < 5000; ++i) {
    const std::string code = "zq" + std::to_string(i) + "k";
    bulk["intents"].push_back(SimpleIntent("bulk.rule_" + std::to_string(i),
                                           "\\b(thu tuc|ho so) " + code + "\\b",
                                           "cho hỏi thủ tục " + code, "Thủ tục " + code + "."));
  }
  std::ofstream(files.File("bulk.json")) << bulk.dump();
  CommandOutput imported = RunTrolyso("import-intents " + files.path().string() + " --config " +
                                      g.server.config_path());
  REQUIRE_MESSAGE(imported.status == 0, imported.text);
  CHECK(imported.text.find("5000 intents created") != std::string::npos);
  const int64_t draft = Call(*g.client, "GET", "/api/v1/admin/drafts", admin.token).body["drafts"][0]["id"];

  const auto start = std::chrono::steady_clock::now();
  ApiReply published = Call(*g.client, "POST", DraftPath(draft, "/publish"), admin.token, json::object());
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  REQUIRE_MESSAGE(published.status == 200, published.body.dump().substr(0, 2000));
  MESSAGE("5,034 intents published in " << seconds << " s");
  CHECK(seconds < 5.0);
  CHECK(AskWeb(*g.client, "cho hỏi hồ sơ zq4321k") == "Thủ tục zq4321k.");
  CHECK(g.Int("SELECT intent_count FROM rule_versions WHERE version = 2") == 5034);
}

}  // namespace
}  // namespace trolyso::testing
