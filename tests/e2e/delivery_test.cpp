// How the gateway reacts to what Telegram answers, end to end.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

using Scripted = FakeTelegramApi::Scripted;

TEST_CASE("a 429 is retried after retry_after and delivered once") {
  Gateway g;
  g.telegram.Script({{429, R"({"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}})"}});
  int64_t id = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  auto calls = g.telegram.calls();
  REQUIRE(calls.size() == 2);
  CHECK(calls[0].answered_status == 429);
  // Retry times are whole milliseconds of the system clock: up to 1 ms short
  // of the second as this test's steady clock measures it.
  CHECK(calls[1].at - calls[0].at >= std::chrono::milliseconds(998));
  CHECK(calls[0].body == calls[1].body);  // the same request again
  REQUIRE(WaitFor([&] {
    return g.Int("SELECT attempts FROM outbox WHERE state = 'delivered'") == 2;
  }));
}

TEST_CASE("a 5xx is retried with back-off and delivered") {
  Gateway g;
  g.telegram.Script({{502, "<html>Bad Gateway</html>"}, {500, R"({"ok":false})"}});
  int64_t id = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  auto calls = g.telegram.calls();
  REQUIRE(calls.size() == 3);
  // Base 200 ms, doubling, at least half of each ceiling: >= 100 ms, >= 200 ms.
  CHECK(calls[1].at - calls[0].at >= std::chrono::milliseconds(100));
  CHECK(calls[2].at - calls[1].at >= std::chrono::milliseconds(200));
}

TEST_CASE("a 403 marks the citizen unreachable and is never retried") {
  Gateway g;
  g.telegram.Script({{403, ReadFile(RepoPath("webhooks/telegram/response-error-403-blocked.json"))}});
  int64_t id = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump()));
  REQUIRE(WaitFor([&] { return g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'unreachable'") == 1; }));
  CHECK(g.Int("SELECT reachable FROM conversations") == 0);
  CHECK(g.Text("SELECT last_error FROM outbox") == "Forbidden: bot was blocked by the user");
  CHECK(g.telegram.calls().size() == 1);
}

TEST_CASE("another 4xx is a dead letter with Telegram's description") {
  Gateway g;
  g.telegram.Script({{400, R"({"ok":false,"error_code":400,"description":"Bad Request: chat not found"})"}});
  int64_t id = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump()));
  REQUIRE(WaitFor([&] { return g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'dead'") == 1; }));
  CHECK(g.Text("SELECT last_error FROM outbox") == "Bad Request: chat not found");
  CHECK(g.telegram.calls().size() == 1);
}

TEST_CASE("a server killed after acknowledging still delivers the reply after restart") {
  Gateway g;
  // Telegram is down: the reply is acknowledged and stored but cannot go out.
  g.telegram.SetDefault(Scripted{503, R"({"ok":false,"error_code":503,"description":"down"})"});
  int64_t id = NextId();
  auto res = PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump());
  REQUIRE(res);
  REQUIRE(res->status == 200);
  REQUIRE(WaitFor([&] { return !g.telegram.calls().empty(); }));
  g.server.Kill();
  CHECK(g.telegram.delivered().empty());

  g.telegram.SetDefault(std::nullopt);
  g.Restart();
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  CHECK(g.telegram.delivered()[0].body["chat_id"] == id);
  REQUIRE(WaitFor([&] { return g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") == 1; }));
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 1);
  // The retried webhook after the restart is still recognised.
  auto retried = PostUpdate(*g.client, TextUpdate(id, id, "xin chào").dump());
  REQUIRE(retried);
  CHECK(retried->status == 200);
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 1);
}

TEST_CASE("replies to one chat keep their order while the first is retried") {
  Gateway g;
  g.telegram.Script({{500, R"({"ok":false})"}});
  int64_t chat = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "xin chào").dump()));
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "cảm ơn bạn").dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 2; }));
  auto delivered = g.telegram.delivered();
  std::string first_reply =
      g.Text("SELECT text FROM messages WHERE direction = 'out' ORDER BY id LIMIT 1");
  std::string second_reply =
      g.Text("SELECT text FROM messages WHERE direction = 'out' ORDER BY id LIMIT 1 OFFSET 1");
  REQUIRE_FALSE(first_reply.empty());
  CHECK(delivered[0].body["text"] == first_reply);
  CHECK(delivered[1].body["text"] == second_reply);
}

}  // namespace
}  // namespace trolyso::testing

namespace trolyso::testing {
namespace {

// Regression: the dispatcher once re-sent rows whose "delivered" committed
// while it was reading an older snapshot; under load some chats got two.
TEST_CASE("under concurrent load every update is answered exactly once") {
  Gateway g;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 60;
  std::vector<std::thread> threads;
  std::atomic<int> acknowledged{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      httplib::Client c("127.0.0.1", g.server.port());
      for (int i = 0; i < kPerThread; ++i) {
        int64_t id = NextId();
        auto res = PostUpdate(c, TextUpdate(id, id, i % 2 ? "xin chào" : "cảm ơn nhé").dump());
        if (res && res->status == 200) ++acknowledged;
      }
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(acknowledged == kThreads * kPerThread);
  REQUIRE(WaitFor([&] {
    return g.Int("SELECT COUNT(*) FROM outbox WHERE state = 'delivered'") == kThreads * kPerThread;
  }, std::chrono::seconds(30)));
  std::set<int64_t> chats;
  for (const auto& call : g.telegram.delivered()) chats.insert(call.body["chat_id"].get<int64_t>());
  CHECK(chats.size() == static_cast<size_t>(kThreads * kPerThread));
  CHECK(g.telegram.delivered().size() == static_cast<size_t>(kThreads * kPerThread));
}

}  // namespace
}  // namespace trolyso::testing
