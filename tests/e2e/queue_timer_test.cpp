// The queue's clock: a handoff nobody claims within the SLA is offered to
// the parent area and the citizen is told their real place in line; a chat
// whose volunteer went silent returns to the queue.
#include <doctest/doctest.h>

#include "e2e/volunteer_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

TEST_CASE("past the SLA the district is offered the handoff and citizens hear their place") {
  Gateway g([](const FakeTelegramApi& fake) {
    return VolunteerConfig(fake, {.sla_seconds = 2});
  });
  Signed district = SignIn(g.server, *g.client, "huyen", "volunteer", {"phuhoa"});
  std::vector<int64_t> chats = {NextId(), NextId(), NextId()};
  std::vector<int64_t> handoffs;
  for (int64_t chat : chats) handoffs.push_back(EscalateFromTelegram(g, chat));
  CHECK(Call(*g.client, "GET", "/api/v1/handoffs", district.token).body["handoffs"].empty());

  REQUIRE(WaitFor([&] {
    return Call(*g.client, "GET", "/api/v1/handoffs", district.token).body["handoffs"].size() == 3;
  }));
  ApiReply list = Call(*g.client, "GET", "/api/v1/handoffs", district.token);
  for (size_t i = 0; i < 3; ++i) {
    const json& h = list.body["handoffs"][i];
    CHECK(h["id"] == handoffs[i]);  // first come, first in line
    CHECK(h["position"] == static_cast<int>(i) + 1);
    CHECK(h["offered_areas"] == json::array({"tanphong", "phuhoa"}));
  }
  // Each citizen was told the place the queue gives them.
  for (size_t i = 0; i < 3; ++i) {
    std::string expected = "vị trí thứ " + std::to_string(i + 1) + ".";
    REQUIRE(WaitFor([&] {
      for (const json& body : SentTo(g.telegram, chats[i])) {
        if (body.value("text", "").find(expected) != std::string::npos &&
            body.value("text", "").find("Huyện Phú Hòa") != std::string::npos) {
          return true;
        }
      }
      return false;
    }));
  }
  // Claims happen in the order positions promised.
  for (size_t i = 0; i < 3; ++i) {
    ApiReply first = Call(*g.client, "GET", "/api/v1/handoffs?state=waiting", district.token);
    REQUIRE(!first.body["handoffs"].empty());
    CHECK(first.body["handoffs"][0]["position"] == 1);
    CHECK(first.body["handoffs"][0]["id"] == handoffs[i]);
    REQUIRE(Call(*g.client, "POST", HandoffPath(handoffs[i], "claim"), district.token).status == 200);
  }
}

TEST_CASE("an urgent handoff goes ahead of earlier ordinary ones") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  int64_t ordinary = EscalateFromTelegram(g, NextId());
  int64_t urgent = EscalateFromTelegram(
      g, NextId(), "tôi vừa bị lừa chuyển khoản mất 20 triệu, giúp tôi với");
  ApiReply list = Call(*g.client, "GET", "/api/v1/handoffs", tuan.token);
  REQUIRE(list.body["handoffs"].size() == 2);
  CHECK(list.body["handoffs"][0]["id"] == urgent);
  CHECK(list.body["handoffs"][0]["urgent"] == true);
  CHECK(list.body["handoffs"][0]["position"] == 1);
  CHECK(list.body["handoffs"][1]["id"] == ordinary);
  CHECK(list.body["handoffs"][1]["position"] == 2);
}

TEST_CASE("a holder silent past the limit loses the chat back to the queue") {
  Gateway g([](const FakeTelegramApi& fake) {
    return VolunteerConfig(fake, {.idle_release_seconds = 2});
  });
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  int64_t handoff = EscalateFromTelegram(g, NextId());
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
  REQUIRE(WaitFor([&] {
    return g.Text("SELECT state FROM handoffs WHERE id = " + std::to_string(handoff)) == "waiting";
  }));
  CHECK(g.Text("SELECT state FROM conversations") == "queued");
  ApiReply detail = Call(*g.client, "GET", HandoffPath(handoff), tuan.token);
  REQUIRE(detail.body["handoff"]["notes"].size() == 1);
  CHECK(detail.body["handoff"]["notes"][0]["text"].get<std::string>().find("Tự động trả lại") == 0);
  CHECK(Call(*g.client, "GET", "/api/v1/me", tuan.token).body["open_chats"] == 0);
}

}  // namespace
}  // namespace trolyso::testing
