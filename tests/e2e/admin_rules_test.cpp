// The versioned rule sets through the admin API: drafts, validation, impact
// preview, publish, rollback, concurrent publishes, and the audit log.
#include <doctest/doctest.h>

#include <thread>

#include "e2e/admin_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

constexpr const char* kZaloQuestion = "làm sao để đổi tên zalo";
constexpr const char* kZaloAnswer = "Mở Zalo → Cá nhân → bấm vào tên → Đổi tên → Lưu.";

json ZaloIntent(const std::string& pattern) {
  return SimpleIntent("general.zalo_name", pattern, "đổi tên zalo thế nào", kZaloAnswer);
}

std::vector<std::string> Actions(httplib::Client& client, const std::string& token) {
  ApiReply audit = Call(client, "GET", "/api/v1/admin/audit?limit=200", token);
  REQUIRE(audit.status == 200);
  std::vector<std::string> actions;
  for (const json& e : audit.body["entries"]) actions.push_back(e["action"]);
  return actions;
}

bool Has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

TEST_CASE("an admin's draft is checked, previewed, published, and rolled back") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  const std::string before = AskWeb(*g.client, kZaloQuestion);
  REQUIRE(before != kZaloAnswer);
  AskWeb(*g.client, "lam sao doi ten zalo vay", "admin-e2e-session-000002");
  AskWeb(*g.client, "cảm ơn bạn", "admin-e2e-session-000003");

  const int64_t draft = NewDraft(*g.client, admin.token);
  // A bad pattern is saved into the draft but reported, with RE2's words.
  ApiReply bad = Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token,
                      ZaloIntent("\\bdoi ten (zalo"));
  REQUIRE(bad.status == 200);
  CHECK(bad.body["status"] == "created");
  REQUIRE(bad.body["problems"].size() == 1);
  CHECK(bad.body["problems"][0]["field"] == "patterns[0]");
  CHECK(bad.body["problems"][0]["problem"].get<std::string>().find("missing )") != std::string::npos);
  ApiReply invalid = Call(*g.client, "POST", DraftPath(draft, "/validate"), admin.token, json::object());
  CHECK(invalid.body["ok"] == false);
  CHECK(Call(*g.client, "POST", DraftPath(draft, "/impact"), admin.token, json::object()).status == 422);

  ApiReply fixed = Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token,
                        ZaloIntent("\\bdoi ten (tren )?zalo\\b"));
  CHECK(fixed.body["problems"].empty());
  ApiReply valid = Call(*g.client, "POST", DraftPath(draft, "/validate"), admin.token, json::object());
  CHECK_MESSAGE(valid.body["ok"] == true, valid.body.dump());

  // The impact preview replays the last inbound messages: two of three move.
  ApiReply impact = Call(*g.client, "POST", DraftPath(draft, "/impact"), admin.token, json::object());
  REQUIRE(impact.status == 200);
  CHECK(impact.body["examined"] == 3);
  CHECK(impact.body["changed"] == 2);
  REQUIRE(impact.body["transitions"].size() == 1);
  CHECK(impact.body["transitions"][0]["from"] == "no_match");
  CHECK(impact.body["transitions"][0]["to"] == "general.zalo_name");
  CHECK(impact.body["transitions"][0]["messages"].dump().find("đổi tên zalo") != std::string::npos);
  ApiReply one = Call(*g.client, "POST", DraftPath(draft, "/impact"), admin.token, {{"limit", 1}});
  CHECK(one.body["examined"] == 1);
  CHECK(Call(*g.client, "POST", DraftPath(draft, "/impact"), admin.token, {{"limit", 0}}).status == 422);

  // Try-it shows both sides.
  ApiReply tried = Call(*g.client, "POST", "/api/v1/admin/rules/try", admin.token,
                        {{"text", kZaloQuestion}, {"draft_id", draft}});
  CHECK(tried.body["live"]["decision"] == "no_match");
  CHECK(tried.body["draft"]["intent"] == "general.zalo_name");
  CHECK(tried.body["draft"]["answer"]["text"] == kZaloAnswer);
  CHECK(tried.body["normalized"]["folded"] == "lam sao de doi ten zalo");

  ApiReply published = Call(*g.client, "POST", DraftPath(draft, "/publish"), admin.token,
                            {{"note", "thêm câu đổi tên Zalo"}});
  REQUIRE_MESSAGE(published.status == 200, published.body.dump());
  CHECK(published.body["version"] == 2);
  CHECK(AskWeb(*g.client, kZaloQuestion) == kZaloAnswer);
  // A published draft is closed.
  CHECK(Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token,
             ZaloIntent("\\bzalo\\b")).error_code() == "draft_closed");

  ApiReply rules = Call(*g.client, "GET", "/api/v1/admin/rules", admin.token);
  CHECK(rules.body["live_version"] == 2);
  CHECK(rules.body["versions"][0]["author"] == "quantri");
  CHECK(rules.body["versions"][0]["note"] == "thêm câu đổi tên Zalo");
  CHECK(rules.body["versions"][1]["kind"] == "seed");
  ApiReply v2 = Call(*g.client, "GET", "/api/v1/admin/rules/versions/2", admin.token);
  CHECK(v2.body["intents"].dump().find("general.zalo_name") != std::string::npos);

  // Rollback: one action, the old answer returns, recorded as a new version.
  CHECK(Call(*g.client, "POST", "/api/v1/admin/rules/versions/99/rollback", admin.token, json::object())
            .status == 404);
  CHECK(Call(*g.client, "POST", "/api/v1/admin/rules/versions/abc/rollback", admin.token, json::object())
            .status == 404);
  CHECK(Call(*g.client, "GET", "/api/v1/admin/rules/versions/99", admin.token).status == 404);
  ApiReply back = Call(*g.client, "POST", "/api/v1/admin/rules/versions/1/rollback", admin.token,
                       {{"note", "trả lời chưa đúng"}});
  REQUIRE_MESSAGE(back.status == 200, back.body.dump());
  CHECK(back.body["version"] == 3);
  CHECK(back.body["rolled_back_to"] == 1);
  CHECK(AskWeb(*g.client, kZaloQuestion) == before);
  CHECK(Call(*g.client, "POST", "/api/v1/admin/rules/versions/3/rollback", admin.token, json::object())
            .error_code() == "already_live");

  const std::vector<std::string> actions = Actions(*g.client, admin.token);
  for (const char* a : {"rules.seed", "draft.create", "intent.create", "intent.edit", "rules.publish",
                        "rules.rollback"}) {
    CHECK_MESSAGE(Has(actions, a), a);
  }
  // Versions are immutable, whoever writes to the database.
  CHECK_FALSE(DirectWriteSucceeds(g.server.sqlite_path(), "UPDATE rule_versions SET note = 'x'"));
  CHECK_FALSE(DirectWriteSucceeds(g.server.sqlite_path(), "DELETE FROM rule_versions"));
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 3);
}

TEST_CASE("a draft that fails validation is refused with every failure listed, and nothing changes") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});

  // Structure and compile problems in three intents, all in one answer.
  const int64_t draft = NewDraft(*g.client, admin.token);
  json bad_regex = ZaloIntent("(zalo");
  json no_answer = SimpleIntent("general.no_answer", "\\bkhong tra loi\\b", "không trả lời", "x");
  no_answer.erase("answer");
  json dangling = SimpleIntent("general.dangling", "\\bnut hong\\b", "nút hỏng", "Nút hỏng.");
  dangling["buttons"] = {{{"label", "Đi đâu"}, {"intent", "general.not_there"}}};
  for (const json& intent : {bad_regex, no_answer, dangling}) {
    REQUIRE(Call(*g.client, "PUT", DraftPath(draft, "/intents/" + intent["id"].get<std::string>()),
                 admin.token, intent).status == 200);
  }
  ApiReply refused = Call(*g.client, "POST", DraftPath(draft, "/publish"), admin.token, json::object());
  REQUIRE(refused.status == 422);
  CHECK(refused.error_code() == "invalid_rules");
  const json& failures = refused.body["error"]["failures"];
  REQUIRE(failures.size() == 3);
  const std::string all = failures.dump();
  CHECK(all.find("general.zalo_name") != std::string::npos);
  CHECK(all.find("missing )") != std::string::npos);
  CHECK(all.find("general.no_answer") != std::string::npos);
  CHECK(all.find("general.not_there") != std::string::npos);

  // Examples are checked once everything compiles: both failures listed.
  const int64_t second = NewDraft(*g.client, admin.token);
  json stealer = SimpleIntent("general.stealer", "\\bcam on\\b", "cảm ơn ad", "Cướp lời.");
  stealer["priority"] = 100;
  stealer["counter_examples"] = {"cảm ơn nhiều"};
  REQUIRE(Call(*g.client, "PUT", DraftPath(second, "/intents/general.stealer"), admin.token, stealer)
              .status == 200);
  ApiReply examples = Call(*g.client, "POST", DraftPath(second, "/publish"), admin.token, json::object());
  REQUIRE(examples.status == 422);
  const std::string listed = examples.body["error"]["failures"].dump();
  CHECK(listed.find("phản ví dụ") != std::string::npos);        // its own counter-example
  CHECK(listed.find("general.thanks") != std::string::npos);    // the intent it steals from

  AskWeb(*g.client, "cảm ơn bạn");
  CHECK(g.Text("SELECT intent FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1") ==
        "general.thanks");
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 1);
  CHECK(g.Text("SELECT state FROM rule_drafts WHERE id = " + std::to_string(draft)) == "open");
}

TEST_CASE("two admins publishing at once: one wins, the other is told to rebase") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed an = SignIn(g.server, *g.client, "an.nguyen", "admin", {});
  Signed binh = SignIn(g.server, *g.client, "binh", "admin", {});
  ApiReply live = Call(*g.client, "GET", "/api/v1/admin/rules/versions/1", an.token);
  json thanks, goodbye;
  for (const json& intent : live.body["intents"]) {
    if (intent["id"] == "general.thanks") thanks = intent;
    if (intent["id"] == "general.goodbye") goodbye = intent;
  }
  REQUIRE(thanks.is_object());
  REQUIRE(goodbye.is_object());
  thanks.erase("file");
  goodbye.erase("file");

  const int64_t draft_an = NewDraft(*g.client, an.token);
  const int64_t draft_binh = NewDraft(*g.client, binh.token);
  json thanks_an = thanks, goodbye_an = goodbye, thanks_binh = thanks;
  thanks_an["answer"] = "Dạ không có gì ạ (An).";
  goodbye_an["answer"] = "Chào bạn, hẹn gặp lại (An).";
  thanks_binh["answer"] = "Rất vui được giúp bạn (Bình).";
  REQUIRE(Call(*g.client, "PUT", DraftPath(draft_an, "/intents/general.thanks"), an.token, thanks_an).status == 200);
  REQUIRE(Call(*g.client, "PUT", DraftPath(draft_an, "/intents/general.goodbye"), an.token, goodbye_an).status == 200);
  REQUIRE(Call(*g.client, "PUT", DraftPath(draft_binh, "/intents/general.thanks"), binh.token, thanks_binh).status == 200);

  ApiReply results[2];
  {
    std::thread a([&] {
      httplib::Client c("127.0.0.1", g.server.port());
      results[0] = Call(c, "POST", DraftPath(draft_an, "/publish"), an.token, json::object());
    });
    std::thread b([&] {
      httplib::Client c("127.0.0.1", g.server.port());
      results[1] = Call(c, "POST", DraftPath(draft_binh, "/publish"), binh.token, json::object());
    });
    a.join();
    b.join();
  }
  const int winner = results[0].status == 200 ? 0 : 1;
  const int loser = 1 - winner;
  REQUIRE_MESSAGE(results[winner].status == 200, results[winner].body.dump());
  REQUIRE_MESSAGE(results[loser].status == 409, results[loser].body.dump());
  CHECK(results[loser].error_code() == "live_version_moved");
  CHECK(results[loser].body["error"]["live_version"] == 2);
  CHECK(results[loser].body["error"]["base_version"] == 1);
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 2);

  // The loser rebases: told both touched general.thanks, then publishes.
  const int64_t loser_draft = loser == 0 ? draft_an : draft_binh;
  const std::string& loser_token = loser == 0 ? an.token : binh.token;
  ApiReply rebased = Call(*g.client, "POST", DraftPath(loser_draft, "/rebase"), loser_token, json::object());
  REQUIRE(rebased.status == 200);
  CHECK(rebased.body["base_version"] == 2);
  CHECK(rebased.body["conflicts"] == json::array({"general.thanks"}));
  ApiReply second = Call(*g.client, "POST", DraftPath(loser_draft, "/publish"), loser_token, json::object());
  REQUIRE_MESSAGE(second.status == 200, second.body.dump());
  CHECK(second.body["version"] == 3);
  // The later publish decides general.thanks; An's goodbye is live either way.
  CHECK(AskWeb(*g.client, "cảm ơn bạn") == (loser == 0 ? "Dạ không có gì ạ (An)." : "Rất vui được giúp bạn (Bình)."));
  CHECK(AskWeb(*g.client, "tạm biệt nhé", "admin-e2e-session-000009") == "Chào bạn, hẹn gặp lại (An).");
}

TEST_CASE("the lexicon is edited in a draft and goes live with it") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  const int64_t draft = NewDraft(*g.client, admin.token);
  REQUIRE(Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token,
               ZaloIntent("\\bdoi ten (tren )?zalo\\b")).status == 200);
  CHECK(Call(*g.client, "POST", DraftPath(draft, "/lexicon"), admin.token, {{"key", "hai tu"}, {"value", "x"}})
            .status == 422);
  CHECK(Call(*g.client, "POST", DraftPath(draft, "/lexicon"), admin.token, {{"key", "zl"}, {"value", ""}})
            .status == 422);
  REQUIRE(Call(*g.client, "POST", DraftPath(draft, "/lexicon"), admin.token, {{"key", "zl"}, {"value", "zalo"}})
              .status == 200);
  REQUIRE(Call(*g.client, "POST", DraftPath(draft, "/lexicon"), admin.token, {{"key", "ntn"}, {"value", nullptr}})
              .status == 200);
  ApiReply view = Call(*g.client, "GET", DraftPath(draft), admin.token);
  CHECK(view.body["lexicon"]["zl"] == "zalo");
  CHECK_FALSE(view.body["lexicon"].contains("ntn"));
  CHECK(view.body["changes"]["lexicon"].size() == 2);

  ApiReply tried = Call(*g.client, "POST", "/api/v1/admin/rules/try", admin.token,
                        {{"text", "doi ten zl"}, {"draft_id", draft}});
  CHECK(tried.body["draft_normalized"]["folded"] == "doi ten zalo");
  CHECK(tried.body["normalized"]["folded"] == "doi ten zl");
  CHECK(tried.body["draft"]["intent"] == "general.zalo_name");

  REQUIRE(Call(*g.client, "POST", DraftPath(draft, "/publish"), admin.token, json::object()).status == 200);
  CHECK(AskWeb(*g.client, "doi ten zl the nao") == kZaloAnswer);
  const std::vector<std::string> actions = Actions(*g.client, admin.token);
  CHECK(Has(actions, "lexicon.set"));
  CHECK(Has(actions, "lexicon.remove"));
}

TEST_CASE("bad requests to the rule API get a clear refusal and change nothing") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  const int64_t draft = NewDraft(*g.client, admin.token);
  httplib::Headers auth = {{"Authorization", "Bearer " + admin.token}};
  auto put = g.client->Put(DraftPath(draft, "/intents/general.zalo_name").c_str(), auth, "{not json",
                           "application/json");
  REQUIRE(put);
  CHECK(put->status == 400);
  json mismatched = ZaloIntent("x");
  mismatched["id"] = "general.other";
  CHECK(Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token, mismatched)
            .status == 422);
  CHECK(Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token, json::array())
            .status == 400);
  CHECK(Call(*g.client, "PUT", DraftPath(999, "/intents/general.zalo_name"), admin.token, ZaloIntent("x"))
            .status == 404);
  CHECK(Call(*g.client, "DELETE", DraftPath(draft, "/intents/general.nothing"), admin.token).status == 404);
  CHECK(Call(*g.client, "POST", DraftPath(draft, "/intents/general.nothing/examples"), admin.token,
             {{"texts", {"a"}}}).status == 404);
  CHECK(Call(*g.client, "POST", DraftPath(draft, "/intents/general.thanks/examples"), admin.token,
             {{"texts", json::array()}}).status == 422);
  CHECK(Call(*g.client, "POST", "/api/v1/admin/rules/check-pattern", admin.token, {{"pattern", 5}})
            .status == 422);
  CHECK(Call(*g.client, "POST", "/api/v1/admin/rules/try", admin.token, {{"text", ""}}).status == 422);
  ApiReply check = Call(*g.client, "POST", "/api/v1/admin/rules/check-pattern", admin.token,
                        {{"pattern", "(a|"}, {"texts", {"a"}}});
  CHECK(check.body["ok"] == false);
  CHECK(check.body["error"].get<std::string>().find("RE2") != std::string::npos);
  // Discarded drafts take no more edits.
  CHECK(Call(*g.client, "DELETE", DraftPath(draft), admin.token).status == 200);
  CHECK(Call(*g.client, "PUT", DraftPath(draft, "/intents/general.zalo_name"), admin.token,
             ZaloIntent("\\bzalo\\b")).status == 409);
  CHECK(Call(*g.client, "GET", "/api/v1/admin/drafts", admin.token).body["drafts"].empty());
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 1);
}

TEST_CASE("every admin route refuses a volunteer (403) and a missing token (401)") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  const int64_t draft = NewDraft(*g.client, admin.token);
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/api/v1/admin/rules"},
      {"GET", "/api/v1/admin/rules/versions/1"},
      {"POST", "/api/v1/admin/rules/versions/1/rollback"},
      {"POST", "/api/v1/admin/rules/check-pattern"},
      {"POST", "/api/v1/admin/rules/try"},
      {"GET", "/api/v1/admin/unanswered"},
      {"GET", "/api/v1/admin/stats"},
      {"GET", "/api/v1/admin/audit"},
      {"GET", "/api/v1/admin/users"},
      {"POST", "/api/v1/admin/users"},
      {"PATCH", "/api/v1/admin/users/tuan"},
      {"POST", "/api/v1/admin/reload"},
      {"POST", "/api/v1/admin/drafts"},
      {"GET", "/api/v1/admin/drafts"},
      {"GET", DraftPath(draft)},
      {"DELETE", DraftPath(draft)},
      {"PUT", DraftPath(draft, "/intents/general.thanks")},
      {"DELETE", DraftPath(draft, "/intents/general.thanks")},
      {"POST", DraftPath(draft, "/intents/general.thanks/examples")},
      {"POST", DraftPath(draft, "/lexicon")},
      {"POST", DraftPath(draft, "/validate")},
      {"POST", DraftPath(draft, "/impact")},
      {"POST", DraftPath(draft, "/publish")},
      {"POST", DraftPath(draft, "/rebase")},
  };
  const json body = {{"text", "a"}, {"pattern", "a"}, {"texts", {"a"}}, {"key", "a"}, {"value", "b"}};
  for (const auto& [method, path] : routes) {
    CHECK_MESSAGE(Call(*g.client, method, path, tuan.token, body).status == 403, method << " " << path);
    CHECK_MESSAGE(Call(*g.client, method, path, "", body).status == 401, method << " " << path);
  }
  // Nothing the volunteer sent changed anything.
  CHECK(g.Int("SELECT COUNT(*) FROM rule_versions") == 1);
  CHECK(g.Text("SELECT state FROM rule_drafts") == "open");
  CHECK(g.Text("SELECT changes FROM rule_drafts") == "{\"intents\":{},\"lexicon\":{}}");
}

}  // namespace
}  // namespace trolyso::testing
