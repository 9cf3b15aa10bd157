// The conversation state machine over the wire: bot → queued, silence while
// a person is due, and the citizen's messages kept for the volunteer.
#include <doctest/doctest.h>

#include "e2e/e2e_support.h"

namespace trolyso::testing {
namespace {

std::string OutText(const Gateway& g, int n) {
  return g.Text("SELECT text FROM messages WHERE direction = 'out' ORDER BY id LIMIT 1 OFFSET " +
                std::to_string(n));
}

TEST_CASE("two messages the rules cannot answer hand the chat to a volunteer") {
  Gateway g;
  int64_t chat = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "zxqv plorp wug").dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  CHECK(g.Text("SELECT state FROM conversations") == "bot");
  CHECK(g.Text("SELECT decision FROM messages WHERE direction = 'in'") == "not_understood");

  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "blorft quxx zzyzx").dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 2; }));
  CHECK(g.Text("SELECT state FROM conversations") == "queued");
  CHECK(g.Int("SELECT COUNT(*) FROM handoffs WHERE state = 'waiting'") == 1);
  CHECK(g.Text("SELECT reason FROM handoffs") == "not_understood_twice");
  CHECK(g.Text("SELECT area FROM handoffs") == "thunghiem");
  CHECK(OutText(g, 1).find("tình nguyện viên") != std::string::npos);

  // While queued the bot stays silent, even for a question it knows.
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "quên mật khẩu vneid").dump()));
  REQUIRE(WaitFor([&] { return g.Int("SELECT COUNT(*) FROM messages WHERE direction = 'in'") == 3; }));
  CHECK(g.Text("SELECT decision FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1") ==
        "to_volunteer");
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 2);
}

TEST_CASE("asking for a person escalates at once") {
  Gateway g;
  int64_t chat = NextId();
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "cho tôi gặp người thật").dump()));
  REQUIRE(WaitFor([&] { return g.Text("SELECT state FROM conversations") == "queued"; }));
  CHECK(g.Text("SELECT reason FROM handoffs") == "human_request");
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
}

TEST_CASE("a citizen who has just been scammed is queued first") {
  Gateway g;
  int64_t chat = NextId();
  REQUIRE(PostUpdate(*g.client,
                     TextUpdate(NextId(), chat, "tôi vừa bị lừa chuyển khoản mất 20 triệu").dump()));
  REQUIRE(WaitFor([&] { return g.Int("SELECT COUNT(*) FROM handoffs") == 1; }));
  CHECK(g.Text("SELECT reason FROM handoffs") == "urgent:payment.scam_warning");
  CHECK(g.Int("SELECT priority FROM handoffs") > 0);
}

TEST_CASE("a sticker gets a request for text, a second one a volunteer") {
  Gateway g;
  nlohmann::json sticker =
      nlohmann::json::parse(ReadFile(RepoPath("webhooks/telegram/sticker.json")));
  sticker["update_id"] = NextId();
  REQUIRE(PostUpdate(*g.client, sticker.dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  CHECK(g.Text("SELECT decision FROM messages WHERE direction = 'in'") == "ask_for_text");
  CHECK(g.telegram.delivered()[0].body["text"].get<std::string>().find("chữ") != std::string::npos);

  sticker["update_id"] = NextId();
  REQUIRE(PostUpdate(*g.client, sticker.dump()));
  REQUIRE(WaitFor([&] { return g.Text("SELECT state FROM conversations") == "queued"; }));
  CHECK(g.Text("SELECT reason FROM handoffs") == "non_text:sticker");
}

TEST_CASE("an edited message is kept but not answered again") {
  Gateway g;
  REQUIRE(PostUpdate(*g.client, ReadFile(RepoPath("webhooks/telegram/edited-message.json"))));
  REQUIRE(WaitFor([&] { return g.Int("SELECT COUNT(*) FROM messages") == 1; }));
  CHECK(g.Text("SELECT decision FROM messages") == "record_only");
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 0);
}

TEST_CASE("blocking the bot marks the chat unreachable; writing again reaches it") {
  Gateway g;
  int64_t chat = 5123456789;
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "xin chào").dump()));
  REQUIRE(WaitFor([&] { return g.telegram.delivered().size() == 1; }));
  REQUIRE(PostUpdate(*g.client, ReadFile(RepoPath("webhooks/telegram/my-chat-member-blocked.json"))));
  REQUIRE(WaitFor([&] { return g.Int("SELECT reachable FROM conversations") == 0; }));
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "cảm ơn").dump()));
  REQUIRE(WaitFor([&] { return g.Int("SELECT reachable FROM conversations") == 1; }));
}

}  // namespace
}  // namespace trolyso::testing
