// A Telegram update through the real server to the fake Telegram API.
#include <doctest/doctest.h>

#include <thread>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

TEST_CASE("a question is answered with exactly one sendMessage to the configured api_base") {
  Gateway g;
  int64_t id = NextId();
  auto res = PostUpdate(*g.client, TextUpdate(id, id, "quên mật khẩu vneid thì làm sao ạ").dump());
  REQUIRE(res);
  CHECK(res->status == 200);
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  auto call = g.telegram.delivered()[0];
  CHECK(call.body["chat_id"] == id);
  // What the citizen got is what the pipeline decided and stored.
  std::string stored = g.Text("SELECT text FROM messages WHERE direction = 'out'");
  CHECK(call.body["text"] == stored);
  CHECK(g.Text("SELECT intent FROM messages WHERE direction = 'out'") == "vneid.forgot_password");
  REQUIRE(WaitFor([&] {
    return g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") == 1;
  }));
}

TEST_CASE("the recorded sample update yields one reply to its chat") {
  Gateway g;
  std::string body = ReadFile(RepoPath("webhooks/telegram/text-no-diacritics.json"));
  auto res = PostUpdate(*g.client, body);
  REQUIRE(res);
  CHECK(res->status == 200);
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  CHECK(g.telegram.delivered()[0].body["chat_id"] == 6234567890);
}

TEST_CASE("a retried update gets no second reply") {
  Gateway g;
  int64_t id = NextId();
  std::string body = TextUpdate(id, id, "xin chào").dump();
  auto first = PostUpdate(*g.client, body);
  auto second = PostUpdate(*g.client, body);
  REQUIRE(first);
  REQUIRE(second);
  CHECK(first->status == 200);
  CHECK(second->status == 200);
  REQUIRE(WaitFor([&] {
    return g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") == 1;
  }));
  // One outbox row in all, delivered: nothing is left that could send again.
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 1);
  CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == 1);
  CHECK(g.telegram.delivered().size() == 1);
  // The log is written by a background thread: wait for the line.
  CHECK(WaitFor([&] { return g.server.log().find("duplicate") != std::string::npos; }));
}

TEST_CASE("the same update delivered concurrently is answered exactly once") {
  Gateway g;
  int64_t id = NextId();
  std::string body = TextUpdate(id, id, "cảm ơn bạn nhiều").dump();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      httplib::Client c("127.0.0.1", g.server.port());
      auto res = PostUpdate(c, body);
      if (res && res->status == 200) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 8);
  REQUIRE(WaitFor([&] {
    return g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") == 1;
  }));
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 1);
  CHECK(g.telegram.delivered().size() == 1);
}

TEST_CASE("a button press is answered inline and selects its intent directly") {
  Gateway g;
  int64_t id = NextId();
  nlohmann::json update = nlohmann::json::parse(ReadFile(RepoPath("webhooks/telegram/callback-query.json")));
  update["update_id"] = id;
  update["callback_query"]["data"] = "intent:vneid.activate";
  auto res = PostUpdate(*g.client, update.dump());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  nlohmann::json reply = nlohmann::json::parse(res->body);
  CHECK(reply["method"] == "answerCallbackQuery");
  CHECK(reply["callback_query_id"] == update["callback_query"]["id"]);
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  CHECK(g.Text("SELECT intent FROM messages WHERE direction = 'out'") == "vneid.activate");
}

TEST_CASE("answers with buttons are sent as an inline keyboard of intent payloads") {
  Gateway g;
  int64_t id = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  nlohmann::json body = g.telegram.delivered()[0].body;
  REQUIRE(body.contains("reply_markup"));
  for (const auto& row : body["reply_markup"]["inline_keyboard"]) {
    std::string data = row[0]["callback_data"];
    CHECK(data.starts_with("intent:"));
    CHECK(data.size() <= 64);
  }
}

TEST_CASE("the citizen's text is masked in the log") {
  Gateway g;
  int64_t id = NextId();
  REQUIRE(PostUpdate(*g.client,
                     TextUpdate(id, id, "số cccd của tôi là 001203004567, sdt 0912345678").dump()));
  REQUIRE(WaitFor([&] { return g.server.log().find("event=" + std::to_string(id)) != std::string::npos; }));
  std::string log = g.server.log();
  CHECK(log.find("001203004567") == std::string::npos);
  CHECK(log.find("0912345678") == std::string::npos);
  CHECK(log.find("567") != std::string::npos);  // the masked form keeps the last digits
}

TEST_CASE("SIGTERM shuts down cleanly") {
  Gateway g;
  CHECK(g.server.Terminate() == 0);
}

}  // namespace
}  // namespace trolyso::testing
