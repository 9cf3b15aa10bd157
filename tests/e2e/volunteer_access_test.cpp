// Accounts, sessions and who may do what: every forbidden path is tried
// against the real server, and every refusal has its status and code.
#include <doctest/doctest.h>

#include "e2e/volunteer_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

Gateway::ConfigMaker Volunteers() {
  return [](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); };
}

TEST_CASE("passwords are stored as salted PBKDF2 and sessions only as hashes") {
  Gateway g(Volunteers());
  std::string password = AddUser(g.server, "tuan", "volunteer", {"tanphong"});
  CHECK(password.size() == 16);
  std::string stored = g.Text("SELECT password_hash FROM users WHERE username = 'tuan'");
  CHECK(stored.starts_with("pbkdf2-sha256$600000$"));
  CHECK(stored.find(password) == std::string::npos);
  std::string other = AddUser(g.server, "hoa", "volunteer", {"tanphong"});
  CHECK(other != password);
  // Per-user salt: the salt fields differ.
  std::string salt_a = stored.substr(21, 32);
  std::string salt_b = g.Text("SELECT password_hash FROM users WHERE username = 'hoa'").substr(21, 32);
  CHECK(salt_a != salt_b);

  std::string token = Login(*g.client, "tuan", password);
  CHECK(token.size() == 64);
  CHECK(g.Int("SELECT COUNT(*) FROM sessions") == 1);
  CHECK(g.Text("SELECT token_hash FROM sessions") != token);
  ApiReply me = Call(*g.client, "GET", "/api/v1/me", token);
  REQUIRE(me.status == 200);
  CHECK(me.body["user"]["username"] == "tuan");
  CHECK(me.body["user"]["areas"] == json::array({"tanphong"}));

  REQUIRE(Call(*g.client, "POST", "/api/v1/logout", token).status == 200);
  ApiReply after = Call(*g.client, "GET", "/api/v1/me", token);
  CHECK(after.status == 401);
  CHECK(after.error_code() == "unauthenticated");
}

TEST_CASE("a wrong password and an unknown user get the same answer; attempts are limited") {
  Gateway g(Volunteers());
  AddUser(g.server, "tuan", "volunteer", {"tanphong"});
  ApiReply wrong = Call(*g.client, "POST", "/api/v1/login", "",
                        {{"username", "tuan"}, {"password", "not-the-password"}});
  ApiReply unknown = Call(*g.client, "POST", "/api/v1/login", "",
                          {{"username", "nobody"}, {"password", "not-the-password"}});
  CHECK(wrong.status == 401);
  CHECK(unknown.status == 401);
  CHECK(wrong.body == unknown.body);
  CHECK(wrong.error_code() == "invalid_credentials");

  int limited_at = 0;
  for (int attempt = 2; attempt <= 8 && limited_at == 0; ++attempt) {
    ApiReply r = Call(*g.client, "POST", "/api/v1/login", "",
                      {{"username", "tuan"}, {"password", "guess-" + std::to_string(attempt)}});
    if (r.status == 429) limited_at = attempt;
  }
  CHECK(limited_at == 6);  // five tries per account, then one a minute
  auto res = g.client->Post("/api/v1/login", json{{"username", "tuan"}, {"password", "x"}}.dump(),
                            "application/json");
  REQUIRE(res);
  CHECK(res->status == 429);
  CHECK(std::stoi(res->get_header_value("Retry-After")) > 0);
}

TEST_CASE("malformed logins and API bodies are answered 400 with a JSON error") {
  Gateway g(Volunteers());
  for (const std::string& body : {std::string("not json"), std::string("[1,2]"),
                                  std::string("{\"username\": \"tuan\"}"),
                                  std::string("{\"username\": 5, \"password\": \"x\"}")}) {
    auto res = g.client->Post("/api/v1/login", body, "application/json");
    REQUIRE(res);
    CHECK_MESSAGE(res->status == 400, body);
    CHECK(json::parse(res->body)["error"]["code"] == "invalid_body");
  }
}

TEST_CASE("without a token every volunteer route answers 401") {
  Gateway g(Volunteers());
  int64_t handoff = EscalateFromTelegram(g, NextId());
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/api/v1/me"}, {"GET", "/api/v1/areas"}, {"GET", "/api/v1/handoffs"},
           {"GET", HandoffPath(handoff)}, {"POST", HandoffPath(handoff, "claim")},
           {"GET", HandoffPath(handoff, "messages")}, {"POST", HandoffPath(handoff, "messages")},
           {"GET", "/api/v1/events"}, {"GET", "/api/v1/admin/users"},
           {"POST", "/api/v1/admin/users"}, {"POST", "/api/v1/logout"}}) {
    ApiReply r = Call(*g.client, method, path, "", json::object());
    CHECK_MESSAGE(r.status == 401, method << " " << path);
    CHECK(r.error_code() == "unauthenticated");
    ApiReply forged = Call(*g.client, method, path, std::string(64, 'a'), json::object());
    CHECK_MESSAGE(forged.status == 401, method << " " << path << " with a forged token");
  }
}

TEST_CASE("a volunteer of another area is refused on every path of a handoff") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  Signed mai = SignIn(g.server, *g.client, "mai", "volunteer", {"xuanlam"});
  int64_t handoff = EscalateFromTelegram(g, NextId());
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);

  ApiReply list = Call(*g.client, "GET", "/api/v1/handoffs", mai.token);
  REQUIRE(list.status == 200);
  CHECK(list.body["handoffs"].empty());
  ApiReply filtered = Call(*g.client, "GET", "/api/v1/handoffs?area=tanphong", mai.token);
  CHECK(filtered.body["handoffs"].empty());

  for (const auto& [method, action, body] : std::vector<std::tuple<std::string, std::string, json>>{
           {"GET", "", nullptr},
           {"GET", "messages", nullptr},
           {"GET", "faq", nullptr},
           {"POST", "claim", nullptr},
           {"POST", "release", nullptr},
           {"POST", "resolve", nullptr},
           {"POST", "messages", {{"text", "xin chào"}}},
           {"POST", "notes", {{"text", "ghi chú"}}},
           {"POST", "transfer", {{"area", "xuanlam"}}}}) {
    ApiReply r = Call(*g.client, method, HandoffPath(handoff, action), mai.token, body);
    CHECK_MESSAGE(r.status == 403, method << " " << action);
    CHECK_MESSAGE(r.error_code() == "forbidden", method << " " << action);
  }
  // Nothing changed: still held by tuan, no note, no message from mai.
  CHECK(g.Text("SELECT state FROM handoffs") == "claimed");
  CHECK(g.Int("SELECT COUNT(*) FROM handoff_notes") == 0);
  CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE author = 'volunteer'") == 0);
}

TEST_CASE("the district sees its communes' handoffs only once offered to it; an admin sees all") {
  Gateway g(Volunteers());
  Signed district = SignIn(g.server, *g.client, "huyen", "volunteer", {"phuhoa"});
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  int64_t handoff = EscalateFromTelegram(g, NextId());
  CHECK(Call(*g.client, "GET", "/api/v1/handoffs", district.token).body["handoffs"].empty());
  CHECK(Call(*g.client, "GET", HandoffPath(handoff), district.token).status == 403);
  ApiReply all = Call(*g.client, "GET", "/api/v1/handoffs", admin.token);
  REQUIRE(all.body["handoffs"].size() == 1);
  CHECK(Call(*g.client, "POST", HandoffPath(handoff, "claim"), admin.token).status == 200);
}

TEST_CASE("refusals on the queue: resolved, not held, bad text, unknown area, unknown id") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  Signed hoa = SignIn(g.server, *g.client, "hoa", "volunteer", {"tanphong"});
  int64_t handoff = EscalateFromTelegram(g, NextId());

  ApiReply not_held = Call(*g.client, "POST", HandoffPath(handoff, "messages"), hoa.token,
                           {{"text", "xin chào"}});
  CHECK(not_held.status == 403);
  CHECK(not_held.error_code() == "not_holder");
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
  CHECK(Call(*g.client, "POST", HandoffPath(handoff, "messages"), hoa.token,
             {{"text", "xin chào"}}).status == 403);

  for (const json& text : {json(""), json("   \n\t "), json(std::string(2001, 'a')), json(42),
                           json(nullptr)}) {
    ApiReply r = Call(*g.client, "POST", HandoffPath(handoff, "messages"), tuan.token,
                      {{"text", text}});
    CHECK_MESSAGE(r.status == 422, text.dump().substr(0, 20));
    CHECK(r.error_code() == "invalid_text");
  }
  // 2,000 letters, each two bytes in UTF-8, is still within the limit.
  std::string longest;
  for (int i = 0; i < 2000; ++i) longest += "ă";
  CHECK(Call(*g.client, "POST", HandoffPath(handoff, "messages"), tuan.token,
             {{"text", longest}}).status == 201);
  CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE author = 'volunteer'") == 1);

  ApiReply bad_area = Call(*g.client, "POST", HandoffPath(handoff, "transfer"), tuan.token,
                           {{"area", "khong-co"}});
  CHECK(bad_area.status == 422);
  CHECK(bad_area.error_code() == "unknown_area");
  auto raw = g.client->Post(HandoffPath(handoff, "notes").c_str(),
                            {{"Authorization", "Bearer " + tuan.token}}, "{oops", "application/json");
  REQUIRE(raw);
  CHECK(raw->status == 400);

  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "resolve"), tuan.token).status == 200);
  for (const std::string action : {"claim", "resolve", "release"}) {
    ApiReply r = Call(*g.client, "POST", HandoffPath(handoff, action), tuan.token);
    CHECK_MESSAGE(r.status == 409, action);
    CHECK(r.error_code() == "resolved");
  }
  CHECK(Call(*g.client, "POST", HandoffPath(handoff, "messages"), tuan.token,
             {{"text", "còn đó không?"}}).status == 409);
  CHECK(Call(*g.client, "GET", HandoffPath(999999), tuan.token).status == 404);
  CHECK(Call(*g.client, "GET", "/api/v1/handoffs/abc", tuan.token).status == 404);
  CHECK(Call(*g.client, "GET", "/api/v1/handoffs?state=lost", tuan.token).status == 400);
}

TEST_CASE("admins create accounts through the API; volunteers may not") {
  Gateway g(Volunteers());
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  json request = {{"username", "lan"}, {"display_name", "Trần Thị Lan"}, {"role", "volunteer"},
                  {"areas", {"xuanlam"}}};
  CHECK(Call(*g.client, "POST", "/api/v1/admin/users", tuan.token, request).status == 403);
  CHECK(Call(*g.client, "GET", "/api/v1/admin/users", tuan.token).status == 403);
  ApiReply created = Call(*g.client, "POST", "/api/v1/admin/users", admin.token, request);
  REQUIRE(created.status == 201);
  CHECK(created.body["user"]["areas"] == json::array({"xuanlam"}));
  std::string token = Login(*g.client, "lan", created.body["password"]);
  CHECK(Call(*g.client, "GET", "/api/v1/me", token).body["user"]["display_name"] == "Trần Thị Lan");

  ApiReply taken = Call(*g.client, "POST", "/api/v1/admin/users", admin.token, request);
  CHECK(taken.status == 409);
  json bad_area = request;
  bad_area["username"] = "lan2";
  bad_area["areas"] = {"khong-co"};
  CHECK(Call(*g.client, "POST", "/api/v1/admin/users", admin.token, bad_area).status == 422);
  json bad_role = request;
  bad_role["username"] = "lan3";
  bad_role["role"] = "root";
  CHECK(Call(*g.client, "POST", "/api/v1/admin/users", admin.token, bad_role).status == 422);
  ApiReply users = Call(*g.client, "GET", "/api/v1/admin/users", admin.token);
  CHECK(users.body["users"].size() == 3);
  CHECK(users.body.dump().find("pbkdf2") == std::string::npos);
}

TEST_CASE("the reload API takes an admin session; a volunteer's is refused") {
  Gateway g(Volunteers());
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  CHECK(Call(*g.client, "POST", "/api/v1/admin/reload").status == 401);
  CHECK(Call(*g.client, "POST", "/api/v1/admin/reload", tuan.token).status == 403);
  ApiReply ok = Call(*g.client, "POST", "/api/v1/admin/reload", admin.token);
  CHECK(ok.status == 200);
  CHECK(ok.body["status"] == "reloaded");
}

}  // namespace
}  // namespace trolyso::testing

namespace trolyso::testing {
namespace {

TEST_CASE("account changes are in an append-only audit log that only admins read") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  REQUIRE(Call(*g.client, "POST", "/api/v1/admin/users", admin.token,
               {{"username", "lan"}, {"display_name", "Trần Thị Lan"}, {"role", "volunteer"},
                {"areas", {"xuanlam"}}}).status == 201);
  CHECK(Call(*g.client, "GET", "/api/v1/admin/audit", tuan.token).status == 403);
  ApiReply audit = Call(*g.client, "GET", "/api/v1/admin/audit", admin.token);
  REQUIRE(audit.status == 200);
  const nlohmann::json& entries = audit.body["entries"];
  // Newest first; the oldest are the rules' first version and the areas.
  REQUIRE(entries.size() == 5);
  CHECK(entries[3]["action"] == "areas.config");
  CHECK(entries[3]["detail"].get<std::string>().find("xuanlam: ") != std::string::npos);
  CHECK(entries[4]["action"] == "rules.seed");
  CHECK(entries[0]["action"] == "user.create");
  CHECK(entries[0]["subject"] == "lan");
  CHECK(entries[0]["actor"] == "quantri");
  CHECK(entries[0]["detail"].get<std::string>().find("xuanlam") != std::string::npos);
  CHECK(entries[1]["subject"] == "tuan");
  CHECK(entries[1]["actor"] == "cli");
  CHECK(audit.body.dump().find("pbkdf2") == std::string::npos);
  CHECK(Call(*g.client, "GET", "/api/v1/admin/audit?before=abc", admin.token).status == 400);
  ApiReply older = Call(*g.client, "GET",
                        "/api/v1/admin/audit?before=" + std::to_string(entries[0]["id"].get<int64_t>()),
                        admin.token);
  CHECK(older.body["entries"].size() == 4);

  // Not even a direct write to the database can change or remove an entry.
  CHECK_FALSE(DirectWriteSucceeds(g.server.sqlite_path(), "UPDATE audit_log SET actor = 'someone'"));
  CHECK_FALSE(DirectWriteSucceeds(g.server.sqlite_path(), "DELETE FROM audit_log"));
  CHECK(g.Int("SELECT COUNT(*) FROM audit_log WHERE actor = 'someone'") == 0);
  CHECK(g.Int("SELECT COUNT(*) FROM audit_log") == 5);
}

}  // namespace
}  // namespace trolyso::testing

namespace trolyso::testing {
namespace {

TEST_CASE("an admin changes a volunteer's areas and locks the account; each change is audited") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  const std::string path = "/api/v1/admin/users/tuan";
  CHECK(Call(*g.client, "PATCH", path, tuan.token, {{"areas", {"xuanlam"}}}).status == 403);
  CHECK(Call(*g.client, "PATCH", "/api/v1/admin/users/nobody", admin.token, {{"capacity", 2}}).status == 404);
  CHECK(Call(*g.client, "PATCH", path, admin.token, {{"areas", {"nowhere"}}}).status == 422);
  CHECK(Call(*g.client, "PATCH", path, admin.token, {{"areas", json::array()}}).status == 422);
  CHECK(Call(*g.client, "PATCH", path, admin.token, {{"capacity", 0}}).status == 422);
  CHECK(Call(*g.client, "PATCH", "/api/v1/admin/users/quantri", admin.token, {{"disabled", true}})
            .error_code() == "self_disable");

  ApiReply moved = Call(*g.client, "PATCH", path, admin.token, {{"areas", {"xuanlam"}}, {"capacity", 5}});
  REQUIRE(moved.status == 200);
  CHECK(moved.body["user"]["areas"] == json::array({"xuanlam"}));
  // The volunteer now sees Xuân Lâm's queue, not Tân Phong's.
  const int64_t here = EscalateFromWebchat(g, "web-xl", "access-session-xl-000001");
  const int64_t there = EscalateFromWebchat(g, "web", "access-session-tp-000001");
  CHECK(Call(*g.client, "GET", "/api/v1/handoffs/" + std::to_string(here), tuan.token).status == 200);
  CHECK(Call(*g.client, "GET", "/api/v1/handoffs/" + std::to_string(there), tuan.token).status == 403);
  CHECK(Call(*g.client, "GET", "/api/v1/me", tuan.token).body["user"]["capacity"] == 5);

  ApiReply locked = Call(*g.client, "PATCH", path, admin.token, {{"disabled", true}});
  REQUIRE(locked.status == 200);
  CHECK(Call(*g.client, "GET", "/api/v1/me", tuan.token).status == 401);  // signed out everywhere

  CHECK(g.Int("SELECT COUNT(*) FROM audit_log WHERE action = 'user.update' AND subject = 'tuan'") == 2);
  CHECK(g.Text("SELECT detail FROM audit_log WHERE action = 'user.update' ORDER BY id LIMIT 1") ==
        "khu vực tanphong → xuanlam; số cuộc cùng lúc 3 → 5");
  CHECK(g.Text("SELECT actor FROM audit_log WHERE action = 'user.update' ORDER BY id DESC LIMIT 1") ==
        "quantri");
}

}  // namespace
}  // namespace trolyso::testing
