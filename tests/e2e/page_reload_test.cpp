// Pages change on SIGHUP without a restart: added pages start, removed ones
// stop, a page whose new settings are broken keeps its previous ones.
#include <doctest/doctest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

int WebchatStatus(httplib::Client& client, const std::string& page, const std::string& text) {
  auto res = client.Post(("/api/v1/webchat/" + page + "/messages").c_str(),
                         json{{"session", "session-reload-0123456789"}, {"text", text}}.dump(),
                         "application/json");
  REQUIRE(res);
  return res->status;
}

void Rewrite(const ServerProcess& server, const std::function<void(json&)>& edit) {
  json config = json::parse(ReadFile(server.config_path()));
  edit(config);
  std::ofstream(server.config_path()) << config.dump(2);
}

TEST_CASE("SIGHUP starts added pages, stops removed ones, keeps a broken one's previous settings") {
  Gateway g;
  CHECK(WebchatStatus(*g.client, "web-new", "xin chào") == 404);
  Rewrite(g.server, [](json& c) {
    c["pages"].push_back({{"id", "web-new"}, {"name", "Đoàn xã Mới"}, {"area", "thunghiem"},
                          {"channel", "webchat"}, {"office_hours", "Thứ Bảy 8:00–11:00"}});
    // The Telegram page's new settings are broken: it must keep working as before.
    c["pages"][0]["telegram"]["api_base"] = "ftp://nowhere";
  });
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return WebchatStatus(*g.client, "web-new", "giờ làm việc của xã") == 200; }));
  CHECK(g.Text("SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id "
               "WHERE c.page_id = 'web-new' AND m.direction = 'out'")
            .find("Thứ Bảy 8:00–11:00") != std::string::npos);
  auto res = PostUpdate(*g.client, TextUpdate(NextId(), NextId(), "xin chào").dump());
  REQUIRE(res);
  CHECK(res->status == 200);
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));  // still the old api_base
  // The operator is told why (the log is written by a background thread).
  CHECK(WaitFor([&] { return g.server.log().find("pages[0].telegram.api_base") != std::string::npos; }));

  Rewrite(g.server, [](json& c) {
    c["pages"].erase(c["pages"].size() - 1);  // web-new goes
  });
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return WebchatStatus(*g.client, "web-new", "xin chào") == 404; }));
  CHECK(WebchatStatus(*g.client, "web", "xin chào") == 200);
}

TEST_CASE("a config file that no longer parses changes nothing") {
  Gateway g;
  std::ofstream(g.server.config_path()) << "{ this is not json";
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return g.server.log().find("reload rejected") != std::string::npos; }));
  CHECK(WebchatStatus(*g.client, "web", "xin chào") == 200);
}

}  // namespace
}  // namespace trolyso::testing

namespace trolyso::testing {
namespace {

// One local rule: a commune's own reception hours.
void WriteLocalRules(const std::string& dir, const std::string& pattern) {
  json rules = {
      {"topic", "general"},
      {"description", "Thông tin riêng của xã."},
      {"intents",
       {{{"id", "general.local_reception"},
         {"title", "Lịch tiếp công dân"},
         {"description", "Lịch tiếp công dân của xã, do xã tự soạn."},
         {"priority", 20},
         {"patterns", {pattern}},
         {"examples", {"lịch tiếp dân tuần này", "lich tiep cong dan"}},
         {"counter_examples", {"quên mật khẩu vneid"}},
         {"answer", {"Xã tiếp công dân sáng thứ Năm hằng tuần tại trụ sở UBND xã."}}}}}};
  std::ofstream(dir + "/local.json") << rules.dump(2);
}

TEST_CASE("a page's own rule folder answers on that page only") {
  TempDir local;
  WriteLocalRules(local.path().string(), "\\blich tiep (cong )?dan\\b");
  Gateway g([&](const FakeTelegramApi& fake) {
    json config = GatewayConfig(fake);
    config["pages"][1]["intents_dir"] = local.path().string();  // "web" gets the local rule
    config["pages"].push_back({{"id", "web-other"}, {"name", "Đoàn xã Khác"}, {"area", "thunghiem"},
                               {"channel", "webchat"}});
    return config;
  });
  REQUIRE(WebchatStatus(*g.client, "web", "lịch tiếp dân tuần này") == 200);
  REQUIRE(WebchatStatus(*g.client, "web-other", "lịch tiếp dân tuần này") == 200);
  CHECK(g.Text("SELECT m.intent FROM messages m JOIN conversations c ON c.id = m.conversation_id "
               "WHERE c.page_id = 'web' AND m.direction = 'in'") == "general.local_reception");
  CHECK(g.Text("SELECT m.decision FROM messages m JOIN conversations c ON c.id = m.conversation_id "
               "WHERE c.page_id = 'web-other' AND m.direction = 'in'") == "not_understood");

  // A broken edit of the local folder is refused on SIGHUP; the page keeps answering.
  WriteLocalRules(local.path().string(), "(lich tiep");
  g.server.Signal(SIGHUP);
  REQUIRE(WaitFor([&] { return g.server.log().find("reload rejected") != std::string::npos; }));
  CHECK(WaitFor([&] { return g.server.log().find("local.json") != std::string::npos; }));
  REQUIRE(WebchatStatus(*g.client, "web", "lich tiep cong dan") == 200);
  CHECK(g.Text("SELECT m.intent FROM messages m JOIN conversations c ON c.id = m.conversation_id "
               "WHERE c.page_id = 'web' AND m.direction = 'in' ORDER BY m.id DESC LIMIT 1") ==
        "general.local_reception");
}

TEST_CASE("a broken local rule folder stops start-up with its location") {
  TempDir dir;
  TempDir local;
  WriteLocalRules(local.path().string(), "(lich tiep");
  json config = {{"storage", {{"sqlite_path", dir.File("t.db")}}},
                 {"intents", {{"dir", RepoPath("intents")}}},
                 {"pages", {{{"id", "web"}, {"name", "X"}, {"area", "a"}, {"channel", "webchat"},
                             {"intents_dir", local.path().string()}}}}};
  std::ofstream(dir.File("config.json")) << config.dump();
  std::string command = std::string(TROLYSO_BINARY) + " serve --config " + dir.File("config.json") +
                        " > " + dir.File("out") + " 2>&1";
  int status = std::system(command.c_str());
  CHECK(status != 0);
  std::string out = ReadFile(dir.File("out"));
  CHECK(out.find("pages.web.intents_dir") != std::string::npos);
  CHECK(out.find("local.json: general.local_reception: patterns[0]") != std::string::npos);
}

}  // namespace
}  // namespace trolyso::testing
