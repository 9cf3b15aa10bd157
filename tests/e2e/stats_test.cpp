// Admin statistics over what really happened in a running server.
#include <doctest/doctest.h>

#include <ctime>

#include "e2e/volunteer_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

// Today's date in Vietnam (UTC+7), as the stats name days.
std::string VietnamToday() {
  std::time_t now = std::time(nullptr) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[11];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
  return buf;
}

TEST_CASE("admin statistics count answers, escalations, handoffs and ratings, and group what was not answered") {
  Gateway g([](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {}); });
  Signed admin = SignIn(g.server, *g.client, "quantri", "admin", {});
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  auto say = [&](int64_t chat, const std::string& text) {
    auto res = PostUpdate(*g.client, TextUpdate(NextId(), chat, text).dump());
    REQUIRE(res);
    REQUIRE(res->status == 200);
  };
  say(NextId(), "quên mật khẩu vneid");
  say(NextId(), "quen mk vneid");
  int64_t chat = NextId();
  say(chat, "tủ lạnh nhà tôi kêu to");     // not understood
  say(chat, "tu lanh nha toi keu to a");  // the same, typed another way: handed over
  int64_t handoff = g.Int("SELECT id FROM handoffs");
  REQUIRE(handoff > 0);
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
  REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "resolve"), tuan.token).status == 200);
  REQUIRE(PostUpdate(*g.client, CallbackUpdate(NextId(), chat, "rating:" + std::to_string(handoff) + ":4").dump()));

  CHECK(Call(*g.client, "GET", "/api/v1/admin/stats", tuan.token).status == 403);
  CHECK(Call(*g.client, "GET", "/api/v1/admin/stats?days=0", admin.token).status == 400);
  ApiReply stats = Call(*g.client, "GET", "/api/v1/admin/stats?days=7", admin.token);
  REQUIRE(stats.status == 200);
  const json& totals = stats.body["totals"];
  CHECK(totals["messages"] == 5);  // four texts and the rating press
  CHECK(totals["answered"] == 2);
  CHECK(totals["not_understood"] == 1);
  CHECK(totals["escalated"] == 1);
  CHECK(totals["handoffs_claimed"] == 1);
  CHECK(totals["handoffs_resolved"] == 1);
  CHECK(totals["ratings"] == 1);
  CHECK(totals["average_rating"] == 4.0);
  CHECK(totals["median_claim_seconds"].get<double>() >= 0.0);
  REQUIRE(stats.body["days"].size() == 1);
  CHECK(stats.body["days"][0]["day"] == VietnamToday());
  CHECK(stats.body["days"][0]["page_id"] == "tg");
  CHECK(stats.body["areas"][0]["area"] == "tanphong");
  REQUIRE(!stats.body["top_intents"].empty());
  CHECK(stats.body["top_intents"][0]["intent"] == "vneid.forgot_password");
  CHECK(stats.body["top_intents"][0]["count"] == 2);
  REQUIRE(!stats.body["top_unanswered"].empty());
  const json& group = stats.body["top_unanswered"][0];
  CHECK(group["count"] == 2);  // typed two ways, one group
  CHECK(group["examples"].size() == 2);
}

}  // namespace
}  // namespace trolyso::testing
