// A volunteer works an escalation through the API, against the real binary
// and a fake Telegram: claim, reply, resolve, rating; the bot answers again.
#include <doctest/doctest.h>

#include "e2e/volunteer_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

Gateway::ConfigMaker Volunteers(VolunteerOptions options = {}) {
  return [options](const FakeTelegramApi& fake) { return VolunteerConfig(fake, options); };
}

bool SentTextContains(const FakeTelegramApi& telegram, int64_t chat, const std::string& needle) {
  for (const json& body : SentTo(telegram, chat)) {
    if (body.value("text", "").find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST_CASE("a whole escalation: claim, reply, citizen writes, resolve, rating, bot again") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"},
                       "--display-name 'Nguyễn Văn Tuấn'");
  int64_t chat = NextId();
  int64_t handoff = EscalateFromTelegram(g, chat);

  ApiReply list = Call(*g.client, "GET", "/api/v1/handoffs", tuan.token);
  REQUIRE(list.status == 200);
  REQUIRE(list.body["handoffs"].size() == 1);
  const json& item = list.body["handoffs"][0];
  CHECK(item["id"] == handoff);
  CHECK(item["state"] == "waiting");
  CHECK(item["reason"] == "human_request");
  CHECK(item["position"] == 1);
  CHECK(item["page"]["channel"] == "telegram");
  CHECK(item["last_message"]["text"] == "cho tôi gặp người thật");

  ApiReply claimed = Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token);
  REQUIRE(claimed.status == 200);
  CHECK(claimed.body["handoff"]["state"] == "claimed");
  CHECK(claimed.body["handoff"]["claimed_by"]["display_name"] == "Nguyễn Văn Tuấn");
  CHECK(g.Text("SELECT state FROM conversations WHERE chat_id = '" + std::to_string(chat) + "'") ==
        "with_volunteer");
  REQUIRE(WaitFor([&] { return SentTextContains(g.telegram, chat, "Nguyễn Văn Tuấn"); }));

  const std::string reply_text = "Chào bác, cháu là Tuấn. Bác cần hỗ trợ việc gì ạ?";
  ApiReply sent = Call(*g.client, "POST", HandoffPath(handoff, "messages"), tuan.token,
                       {{"text", reply_text}});
  REQUIRE(sent.status == 201);
  CHECK(sent.body["message"]["author"] == "volunteer");
  REQUIRE(WaitFor([&] {
    auto bodies = SentTo(g.telegram, chat);
    return !bodies.empty() && bodies.back().value("text", "") == reply_text;
  }));

  // The citizen writes: the bot stays silent, the volunteer sees it.
  size_t before = SentTo(g.telegram, chat).size();
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "quên mật khẩu vneid thì làm sao").dump()));
  ApiReply transcript = Call(*g.client, "GET", HandoffPath(handoff, "messages"), tuan.token);
  REQUIRE(transcript.status == 200);
  const json& last = transcript.body["messages"].back();
  CHECK(last["author"] == "citizen");
  CHECK(last["text"] == "quên mật khẩu vneid thì làm sao");
  CHECK(last["decision"] == "to_volunteer");
  CHECK(SentTo(g.telegram, chat).size() == before);

  ApiReply resolved = Call(*g.client, "POST", HandoffPath(handoff, "resolve"), tuan.token);
  REQUIRE(resolved.status == 200);
  CHECK(resolved.body["handoff"]["state"] == "resolved");
  json closing;
  REQUIRE(WaitFor([&] {
    auto bodies = SentTo(g.telegram, chat);
    if (bodies.size() <= before || !bodies.back().contains("reply_markup")) return false;
    closing = bodies.back();
    return true;
  }));
  std::vector<std::string> payloads;
  for (const json& row : closing["reply_markup"]["inline_keyboard"]) {
    for (const json& button : row) payloads.push_back(button["callback_data"]);
  }
  REQUIRE(payloads.size() == 5);
  CHECK(payloads[4] == "rating:" + std::to_string(handoff) + ":5");

  size_t after_closing = SentTo(g.telegram, chat).size();
  REQUIRE(PostUpdate(*g.client, CallbackUpdate(NextId(), chat, payloads[4]).dump()));
  CHECK(g.Int("SELECT rating FROM handoffs WHERE id = " + std::to_string(handoff)) == 5);
  REQUIRE(WaitFor([&] { return SentTo(g.telegram, chat).size() == after_closing + 1; }));
  CHECK(SentTo(g.telegram, chat).back().value("text", "").find("đánh giá") != std::string::npos);
  // A second press changes nothing and is not thanked again.
  REQUIRE(PostUpdate(*g.client, CallbackUpdate(NextId(), chat, payloads[0]).dump()));
  CHECK(g.Int("SELECT rating FROM handoffs WHERE id = " + std::to_string(handoff)) == 5);

  // Back with the bot: the next question gets an answer by rule.
  REQUIRE(PostUpdate(*g.client, TextUpdate(NextId(), chat, "quên mật khẩu vneid").dump()));
  CHECK(g.Text("SELECT decision FROM messages WHERE direction = 'in' ORDER BY id DESC LIMIT 1") ==
        "answer");
  CHECK(g.Text("SELECT state FROM conversations WHERE chat_id = '" + std::to_string(chat) + "'") ==
        "bot");
  REQUIRE(WaitFor([&] { return SentTo(g.telegram, chat).size() >= after_closing + 2; }));
  auto bodies = SentTo(g.telegram, chat);
  CHECK(bodies.size() == after_closing + 2);
  CHECK(bodies.back().value("text", "").find("đánh giá") == std::string::npos);
}

TEST_CASE("notes stay private, FAQ answers are rendered for the page, transfer moves the chat") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  Signed mai = SignIn(g.server, *g.client, "mai", "volunteer", {"xuanlam"});
  int64_t chat = NextId();
  int64_t handoff = EscalateFromTelegram(g, chat);
  REQUIRE(WaitFor([&] { return SentTo(g.telegram, chat).size() == 1; }));  // the holding reply
  size_t sent_before = SentTo(g.telegram, chat).size();

  ApiReply note = Call(*g.client, "POST", HandoffPath(handoff, "notes"), tuan.token,
                       {{"text", "Bác hỏi về hồ sơ đất đai, cần cán bộ xã."}});
  REQUIRE(note.status == 201);
  ApiReply detail = Call(*g.client, "GET", HandoffPath(handoff), tuan.token);
  REQUIRE(detail.body["handoff"]["notes"].size() == 1);
  CHECK(detail.body["handoff"]["notes"][0]["text"] == "Bác hỏi về hồ sơ đất đai, cần cán bộ xã.");
  CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE text LIKE '%đất đai%'") == 0);

  ApiReply faq = Call(*g.client, "GET", HandoffPath(handoff, "faq"), tuan.token);
  REQUIRE(faq.status == 200);
  bool found = false;
  for (const json& intent : faq.body["intents"]) {
    std::string answer = intent["answer"];
    CHECK(answer.find("{page.") == std::string::npos);
    if (intent["id"] == "general.office_hours_location") found = true;
  }
  CHECK(found);

  CHECK(Call(*g.client, "GET", HandoffPath(handoff), mai.token).status == 403);
  ApiReply moved = Call(*g.client, "POST", HandoffPath(handoff, "transfer"), tuan.token,
                        {{"area", "xuanlam"}});
  REQUIRE(moved.status == 200);
  CHECK(moved.body["handoff"]["area"] == "xuanlam");
  CHECK(moved.body["handoff"]["offered_areas"] == json::array({"xuanlam"}));
  CHECK(Call(*g.client, "GET", HandoffPath(handoff), mai.token).status == 200);
  CHECK(Call(*g.client, "GET", HandoffPath(handoff), tuan.token).status == 403);
  CHECK(Call(*g.client, "POST", HandoffPath(handoff, "claim"), mai.token).status == 200);
  // The citizen hears who took over, once the chat reached the other commune.
  CHECK(WaitFor([&] { return SentTo(g.telegram, chat).size() == sent_before + 1; }));
  CHECK(SentTextContains(g.telegram, chat, "mai"));
}

TEST_CASE("release puts the chat back in line; a second volunteer can then claim it") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  Signed hoa = SignIn(g.server, *g.client, "hoa", "volunteer", {"tanphong"});
  int64_t handoff = EscalateFromTelegram(g, NextId());
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
  ApiReply taken = Call(*g.client, "POST", HandoffPath(handoff, "claim"), hoa.token);
  CHECK(taken.status == 409);
  CHECK(taken.error_code() == "already_claimed");
  CHECK(Call(*g.client, "POST", HandoffPath(handoff, "release"), hoa.token).status == 403);
  ApiReply released = Call(*g.client, "POST", HandoffPath(handoff, "release"), tuan.token);
  REQUIRE(released.status == 200);
  CHECK(released.body["handoff"]["state"] == "waiting");
  CHECK(g.Text("SELECT state FROM conversations") == "queued");
  CHECK(Call(*g.client, "POST", HandoffPath(handoff, "claim"), hoa.token).status == 200);
}

TEST_CASE("a volunteer's capacity bounds the chats they hold") {
  Gateway g(Volunteers({.capacity = 3}));
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"}, "--capacity 2");
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(EscalateFromTelegram(g, NextId()));
  CHECK(Call(*g.client, "POST", HandoffPath(ids[0], "claim"), tuan.token).status == 200);
  CHECK(Call(*g.client, "POST", HandoffPath(ids[1], "claim"), tuan.token).status == 200);
  ApiReply third = Call(*g.client, "POST", HandoffPath(ids[2], "claim"), tuan.token);
  CHECK(third.status == 409);
  CHECK(third.error_code() == "capacity_reached");
  ApiReply me = Call(*g.client, "GET", "/api/v1/me", tuan.token);
  CHECK(me.body["open_chats"] == 2);
  CHECK(me.body["capacity"] == 2);
  REQUIRE(Call(*g.client, "POST", HandoffPath(ids[0], "resolve"), tuan.token).status == 200);
  CHECK(Call(*g.client, "POST", HandoffPath(ids[2], "claim"), tuan.token).status == 200);
}

TEST_CASE("web chat escalations are worked the same way; replies appear in the citizen's page") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  std::string session = "session-web-0123456789";
  int64_t handoff = EscalateFromWebchat(g, "web", session);
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "messages"), tuan.token,
               {{"text", "Chào bạn, mình là tình nguyện viên."}}).status == 201);
  auto res = g.client->Get(("/api/v1/webchat/web/messages?session=" + session).c_str());
  REQUIRE(res);
  json messages = json::parse(res->body)["messages"];
  CHECK(messages.back()["author"] == "volunteer");
  CHECK(messages.back()["text"] == "Chào bạn, mình là tình nguyện viên.");
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 0);  // nothing to push for the web chat
}

}  // namespace
}  // namespace trolyso::testing

namespace trolyso::testing {
namespace {

TEST_CASE("a team with a Telegram group hears of each new escalation, with a console link") {
  Gateway g([](const FakeTelegramApi& fake) {
    nlohmann::json config = VolunteerConfig(fake, {});
    config["server"]["public_url"] = "https://trolyso.example.vn";
    config["areas"][0]["notify"] = {{"page", "tg"}, {"chat_id", "-100777"}};
    return config;
  });
  int64_t handoff = EscalateFromWebchat(g, "web", "session-notice-0123456789");
  REQUIRE(WaitFor([&] { return !SentTo(g.telegram, -100777).empty(); }));
  std::string notice = SentTo(g.telegram, -100777)[0]["text"];
  CHECK(notice.find("#" + std::to_string(handoff)) != std::string::npos);
  CHECK(notice.find("Xã Tân Phong") != std::string::npos);
  CHECK(notice.find("https://trolyso.example.vn/console#/h/" + std::to_string(handoff)) !=
        std::string::npos);
  CHECK(notice.find("người thật") == std::string::npos);  // never the citizen's own words
  // A commune without a group (xuanlam) gets no notice.
  EscalateFromWebchat(g, "web-xl", "session-notice-xl-0123456789");
  REQUIRE(WaitFor([&] { return g.Int("SELECT COUNT(*) FROM outbox WHERE state != 'pending'") == 1; }));
  CHECK(g.Int("SELECT COUNT(*) FROM outbox") == 1);
}

}  // namespace
}  // namespace trolyso::testing
