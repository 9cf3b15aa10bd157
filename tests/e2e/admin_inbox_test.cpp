// What the bot could not answer: the grouped inbox and its two actions.
#include <doctest/doctest.h>

#include <fstream>

#include "e2e/admin_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

TEST_CASE("the unanswered inbox groups one question asked many ways; its actions fill a draft") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  const std::vector<std::string> asked = {
      "làm sao để đổi tên zalo", "lam sao doi ten zalo vay ad", "cách đổi tên zalo",
      "đổi tên trên zalo thế nào ạ", "e muốn đổi tên zalo số 0912345678"};
  int session = 0;
  for (const std::string& text : asked) {
    AskWeb(*g.client, text, "admin-inbox-session-" + std::to_string(100000 + ++session));
  }
  AskWeb(*g.client, "xin hỏi lịch tiêm chủng cho bé", "admin-inbox-session-200000");
  AskWeb(*g.client, "cảm ơn bạn", "admin-inbox-session-300000");  // answered: not in the inbox

  CHECK(Call(*g.client, "GET", "/api/v1/admin/unanswered?days=0", admin.token).status == 400);
  ApiReply inbox = Call(*g.client, "GET", "/api/v1/admin/unanswered", admin.token);
  REQUIRE(inbox.status == 200);
  CHECK(inbox.body["scanned"] == 6);
  const json& groups = inbox.body["groups"];
  REQUIRE(groups.size() == 2);
  CHECK(groups[0]["count"] == 5);
  CHECK(groups[0]["not_understood"].get<int>() + groups[0]["escalated"].get<int>() == 5);
  for (const char* word : {"doi", "ten", "zalo"}) {
    CHECK_MESSAGE(std::find(groups[0]["words"].begin(), groups[0]["words"].end(), json(word)) !=
                      groups[0]["words"].end(),
                  word);
  }
  const std::string examples = groups[0]["examples"].dump();
  CHECK(examples.find("0912345678") == std::string::npos);
  CHECK(examples.find("*******678") != std::string::npos);
  CHECK(groups[1]["count"] == 1);

  // "Add these as examples to intent X" puts them into a draft.
  const int64_t draft = NewDraft(*g.client, admin.token);
  std::vector<std::string> texts = groups[0]["examples"].get<std::vector<std::string>>();
  ApiReply added = Call(*g.client, "POST", DraftPath(draft, "/intents/general.capabilities/examples"),
                        admin.token, {{"texts", texts}});
  REQUIRE(added.status == 200);
  CHECK(added.body["added"] == static_cast<int>(texts.size()));
  ApiReply again = Call(*g.client, "POST", DraftPath(draft, "/intents/general.capabilities/examples"),
                        admin.token, {{"texts", texts}});
  CHECK(again.body["added"] == 0);  // no duplicates
  ApiReply view = Call(*g.client, "GET", DraftPath(draft), admin.token);
  CHECK(view.body["changes"]["edited"] == json::array({"general.capabilities"}));

  // "Create a new intent from this group": a draft intent with the group's examples.
  json fresh = SimpleIntent("general.zalo_name", "\\bdoi ten (tren )?zalo\\b", texts[0],
                            "Mở Zalo → Cá nhân → bấm vào tên → Đổi tên.");
  fresh["examples"] = texts;
  ApiReply created = Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token, fresh);
  CHECK(created.body["status"] == "created");
  view = Call(*g.client, "GET", DraftPath(draft), admin.token);
  CHECK(view.body["changes"]["created"] == json::array({"general.zalo_name"}));
  // Hit counts come with the draft for the intent list.
  CHECK(view.body["hits"]["general.thanks"] == 1);
  // The draft would now make general.capabilities' new examples fail (they
  // go to the new intent): validation says so, naming both.
  ApiReply checked = Call(*g.client, "POST", DraftPath(draft, "/validate"), admin.token, json::object());
  CHECK(checked.body["ok"] == false);
  CHECK(checked.body["failures"].dump().find("general.capabilities") != std::string::npos);
  // Deleting the created intent just forgets it.
  REQUIRE(Call(*g.client, "DELETE", DraftPath(draft, "/intents/general.zalo_name"), admin.token).status == 200);
  view = Call(*g.client, "GET", DraftPath(draft), admin.token);
  CHECK(view.body["changes"]["created"].empty());
  CHECK(view.body["changes"]["deleted"].empty());
  CHECK(g.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'intent.delete' AND subject = 'general.zalo_name'") == 1);
  CHECK(g.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'intent.examples' AND subject = 'general.capabilities'") == 1);  // the no-op second call is not recorded
}

}  // namespace
}  // namespace trolyso::testing

namespace trolyso::testing {
namespace {

using nlohmann::json;

TEST_CASE("area changes in the config file are recorded in the audit log at start-up") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  auto area_entries = [&] {
    return g.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'areas.config'");
  };
  CHECK(area_entries() == 1);
  REQUIRE(g.server.Terminate() == 0);
  g.Restart();  // same areas: nothing new
  CHECK(area_entries() == 1);

  REQUIRE(g.server.Terminate() == 0);
  json config = json::parse(ReadFile(g.server.config_path()));
  config["areas"][1]["name"] = "Xã Xuân Lâm mới";
  config["areas"].push_back({{"id", "hoaxuan"}, {"name", "Xã Hòa Xuân"}, {"parent", "phuhoa"}});
  std::ofstream(g.server.config_path()) << config.dump(2);
  g.Restart();
  CHECK(area_entries() == 2);
  CHECK(g.Text("SELECT subject FROM audit_log WHERE action = 'areas.config' ORDER BY id DESC LIMIT 1") ==
        "thêm hoaxuan; sửa xuanlam");
  CHECK(g.Text("SELECT actor FROM audit_log WHERE action = 'areas.config' ORDER BY id DESC LIMIT 1") ==
        "config");
}

}  // namespace
}  // namespace trolyso::testing
