// Config validation: every forbidden config is refused with one line naming
// the key; the shipped configs load.
#include "app/config.h"

#include <doctest/doctest.h>

#include <cstdlib>

#include "support/files.h"

namespace trolyso::app {
namespace {

using trolyso::testing::RepoPath;

constexpr const char* kZaloPage =
    R"({"id": "zalo-tanphong", "name": "Đoàn xã Tân Phong", "area": "tanphong", "channel": "zalo",
        "zalo": {"oa_id": "4318290756153046782", "app_id": "2893417265019485302",
                 "app_secret": "app-secret", "oa_secret_key": "oa-secret",
                 "refresh_token": "rt-initial", "api_base": "https://openapi.zalo.me"}})";
constexpr const char* kWebPage =
    R"({"id": "web", "name": "Đoàn xã A", "area": "a", "channel": "webchat"})";

std::string WithPages(const std::string& pages) { return R"({"pages": [)" + pages + "]}"; }

TEST_CASE("the default config starts with no secrets set") {
  unsetenv("TG_TOKEN");
  unsetenv("TG_SECRET");
  Result<Config> c = LoadConfig(RepoPath("config/trolyso.json"));
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  REQUIRE(c->pages.size() == 1);
  CHECK(c->pages[0]->channel == Channel::kWebchat);
  CHECK(c->skipped_pages.size() == 1);  // the optional Telegram page
  CHECK(c->areas.size() == 2);           // the demo commune and its district
}

TEST_CASE("the full example loads once its variables are set, with ${NAME} expanded") {
  setenv("TG_TOKEN", "123:abc", 1);
  setenv("TG_SECRET", "s3cret_token-1", 1);
  setenv("TG_TEAM_CHAT", "-1009876543210", 1);
  Result<Config> c = LoadConfig(RepoPath("config/trolyso.example.json"));
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  bool found = false;
  for (const auto& page : c->pages) {
    if (page->channel != Channel::kTelegram) continue;
    found = true;
    CHECK(page->telegram.token == "123:abc");
    CHECK(page->telegram.secret_token == "s3cret_token-1");
  }
  CHECK(found);
  REQUIRE(!c->areas.empty());
  CHECK(c->areas[0].notify_chat_id == "-1009876543210");
  CHECK(c->areas[0].parent == "phuhoa");
  unsetenv("TG_TOKEN");
  unsetenv("TG_SECRET");
  unsetenv("TG_TEAM_CHAT");
}

TEST_CASE("comments are allowed and defaults fill what is not said") {
  Result<Config> c = ParseConfig("// hello\n" + WithPages(kWebPage), "t.json");
  REQUIRE(c.ok());
  CHECK(c->server.port == 8080);
  CHECK(c->sqlite_path == "data/trolyso.db");
  CHECK(c->intents_dir == "intents");
}

TEST_CASE("forbidden configs are refused with the key that is wrong") {
  unsetenv("NOT_SET_ANYWHERE");
  struct Case {
    std::string text;
    std::string message;  // what the one line must say
  };
  const std::string tg = R"({"id": "tg", "name": "T", "area": "a", "channel": "telegram", )";
  const Case cases[] = {
      {"{", "invalid JSON"},
      {R"({"pages": []})", "pages: must be a non-empty array"},
      {WithPages(R"({"id": "x", "name": "X", "area": "a", "channel": "fax"})"),
       "pages[0].channel: unknown channel \"fax\""},
      {WithPages(std::string(kWebPage) + "," + kWebPage), "pages[1].id: duplicate page id \"web\""},
      {WithPages(tg + R"("telegram": {"token": "${NOT_SET_ANYWHERE}"}})"),
       "pages[0].telegram.token: environment variable NOT_SET_ANYWHERE is not set"},
      {WithPages(tg + R"("telegram": {"token": "1:a", "secret_token": "has space"}})"),
       "pages[0].telegram.secret_token"},
      {WithPages(tg + R"("telegram": {"token": "1:a", "api_base": "ftp://x"}})"),
       "pages[0].telegram.api_base: must start with https:// or http://"},
      {WithPages(tg + R"("telgram": {}})"), "pages[0].telgram: unknown key"},
      {WithPages(tg + "\"optional\": false}"), "pages[0].telegram: is required"},
      {R"({"server": {"port": 70000}, "pages": [)" + std::string(kWebPage) + "]}",
       "server.port: must be between 0 and 65535"},
      {R"({"storage": {"synchronous": "maybe"}, "pages": [)" + std::string(kWebPage) + "]}",
       "storage.synchronous"},
      {R"({"srever": {}, "pages": [)" + std::string(kWebPage) + "]}", "srever: unknown key"},
      {WithPages(R"({"id": "bad id!", "name": "X", "area": "a", "channel": "webchat"})"),
       "pages[0].id"},
      {R"({"admin": {"token": "short"}, "pages": [)" + std::string(kWebPage) + "]}",
       "admin.token: must be at least 16 characters"},
      {R"({"areas": [{"id": "a", "parent": "nowhere"}], "pages": [)" + std::string(kWebPage) + "]}",
       "areas: areas: \"a\" has unknown parent \"nowhere\""},
      {R"({"areas": [{"id": "a", "parent": "b"}, {"id": "b", "parent": "a"}], "pages": [)" +
           std::string(kWebPage) + "]}",
       "form a cycle"},
      {R"({"areas": [{"id": "a"}, {"id": "a"}], "pages": [)" + std::string(kWebPage) + "]}",
       "areas[1].id: duplicate area id \"a\""},
      {R"({"areas": [{"id": "a", "notify": {"page": "nope", "chat_id": "-100"}}], "pages": [)" +
           std::string(kWebPage) + "]}",
       "areas[0].notify.page: no page \"nope\""},
      {R"({"areas": [{"id": "a", "notify": {"page": "web", "chat_id": "-100"}}], "pages": [)" +
           std::string(kWebPage) + "]}",
       "areas[0].notify.page: team notices go through a telegram page"},
      {R"({"areas": [{"id": "a", "notify": {"page": "web", "chat_id": "group"}}], "pages": [)" +
           std::string(kWebPage) + "]}",
       "areas[0].notify.chat_id"},
      {R"({"areas": [{"id": "a", "sla": 5}], "pages": [)" + std::string(kWebPage) + "]}",
       "areas[0].sla: unknown key"},
      {R"({"handoff": {"capacity": 0}, "pages": [)" + std::string(kWebPage) + "]}",
       "handoff.capacity: must be between 1 and 50"},
      {R"({"server": {"public_url": "trolyso.vn"}, "pages": [)" + std::string(kWebPage) + "]}",
       "server.public_url: must start with https:// or http://"},
      {WithPages(R"({"id": "z", "name": "Z", "area": "a", "channel": "zalo"})"),
       "pages[0].zalo: is required for a Zalo page"},
      {WithPages(std::string(kZaloPage).replace(std::string(kZaloPage).find("4318290756153046782"), 19, "OA-TANPHONG")),
       "pages[0].zalo.oa_id: the OA's numeric id"},
      {WithPages(std::string(kZaloPage).replace(std::string(kZaloPage).find("rt-initial"), 10, "${NOT_SET_ANYWHERE}")),
       "pages[0].zalo.refresh_token: environment variable NOT_SET_ANYWHERE is not set"},
      {WithPages(std::string(kZaloPage).replace(std::string(kZaloPage).find("https://openapi"), 15, "ftp://openapi")),
       "pages[0].zalo.api_base: must start with https:// or http://"},
      {R"({"webhooks": {"zalo_replay_window_hours": 0}, "pages": [)" + std::string(kWebPage) + "]}",
       "webhooks.zalo_replay_window_hours: must be between 1 and 720"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    Result<Config> parsed = ParseConfig(c.text, "t.json");
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message().find(c.message) != std::string::npos);
    CHECK(parsed.status().message().starts_with("t.json: "));
    CHECK(parsed.status().message().find('\n') == std::string::npos);
  }
}

TEST_CASE("a Zalo page reads its OA, app and secrets; the replay window is configurable") {
  Result<Config> c = ParseConfig(
      R"({"webhooks": {"zalo_replay_window_hours": 48}, "pages": [)" + std::string(kZaloPage) + "]}",
      "t.json");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  const Page& page = *c->pages[0];
  CHECK(page.channel == Channel::kZalo);
  CHECK(page.zalo.oa_id == "4318290756153046782");
  CHECK(page.zalo.app_id == "2893417265019485302");
  CHECK(page.zalo.oa_secret_key == "oa-secret");
  CHECK(page.zalo.refresh_token == "rt-initial");
  CHECK(page.zalo.oauth_base == "https://oauth.zaloapp.com");
  CHECK(c->zalo_replay_window_ms == 48LL * 3600 * 1000);
}

TEST_CASE("areas: parents, SLAs and team notices; page areas not listed become areas") {
  std::string tg = R"({"id": "tg", "name": "T", "area": "xa", "channel": "telegram",
                       "telegram": {"token": "1:a"}})";
  std::string text = R"({"server": {"public_url": "https://trolyso.example.vn/"},
    "handoff": {"sla_seconds": 120, "idle_release_seconds": 600, "capacity": 4},
    "areas": [{"id": "xa", "name": "Xã A", "parent": "huyen", "sla_seconds": 60,
               "notify": {"page": "tg", "chat_id": "-1001234567890"}},
              {"id": "huyen", "name": "Huyện B"}],
    "pages": [)" + tg + "," + kWebPage + "]}";
  Result<Config> c = ParseConfig(text, "t.json");
  REQUIRE_MESSAGE(c.ok(), c.status().message());
  REQUIRE(c->areas.size() == 3);  // xa, huyen, and "a" from the web page
  CHECK(c->areas[0].parent == "huyen");
  CHECK(c->areas[0].sla_ms == 60'000);
  CHECK(c->areas[0].notify_page == "tg");
  CHECK(c->areas[0].notify_chat_id == "-1001234567890");
  CHECK(c->areas[1].sla_ms == 0);  // the default applies
  CHECK(c->areas[2].id == "a");
  CHECK(c->areas[2].parent.empty());
  CHECK(c->queue.default_sla_ms == 120'000);
  CHECK(c->queue.idle_release_ms == 600'000);
  CHECK(c->accounts.default_capacity == 4);
  CHECK(c->console_url == "https://trolyso.example.vn/console");
}

TEST_CASE("an optional page with unset variables is skipped, a required one is fatal") {
  unsetenv("NOT_SET_ANYWHERE");
  std::string tg = R"({"id": "tg", "name": "T", "area": "a", "channel": "telegram", "optional": true,
                       "telegram": {"token": "${NOT_SET_ANYWHERE}"}})";
  Result<Config> c = ParseConfig(WithPages(std::string(kWebPage) + "," + tg), "t.json");
  REQUIRE(c.ok());
  CHECK(c->pages.size() == 1);
  CHECK(c->skipped_pages.size() == 1);
  // Optional does not excuse other mistakes.
  std::string broken = R"({"id": "tg", "name": "T", "area": "a", "channel": "telegram", "optional": true,
                           "telegram": {"token": "1:a", "api_base": "ftp://x"}})";
  CHECK_FALSE(ParseConfig(WithPages(std::string(kWebPage) + "," + broken), "t.json").ok());
}

TEST_CASE("an unreadable config file is named") {
  Result<Config> c = LoadConfig("/nonexistent/trolyso.json");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().find("/nonexistent/trolyso.json") != std::string::npos);
}

}  // namespace
}  // namespace trolyso::app
