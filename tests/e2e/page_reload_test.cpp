// Pages change on SIGHUP without a restart: added pages start, removed ones
// stop, a page whose new settings are broken keeps its previous ones.
#include <doctest/doctest.h>

#include <csignal>
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
  CHECK(g.server.log().find("pages[0].telegram.api_base") != std::string::npos);  // told why

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
