// Races on the queue, against the real server: simultaneous claims, a claim
// racing a release, a citizen writing while the volunteer resolves. Each
// must end in one consistent state, with nothing lost.
#include <doctest/doctest.h>

#include <atomic>
#include <thread>

#include "e2e/volunteer_support.h"

namespace trolyso::testing {
namespace {

using nlohmann::json;

Gateway::ConfigMaker Volunteers() {
  return [](const FakeTelegramApi& fake) { return VolunteerConfig(fake, {.capacity = 50}); };
}

// Runs `a` and `b` on two threads released at the same instant.
template <typename A, typename B>
void AtOnce(A a, B b) {
  std::atomic<int> ready{0};
  auto start = [&] {
    ready.fetch_add(1);
    while (ready.load() < 2) {
    }
  };
  std::thread ta([&] { start(); a(); });
  std::thread tb([&] { start(); b(); });
  ta.join();
  tb.join();
}

// Conversation and handoff agree: claimed <-> with_volunteer, waiting <-> queued.
void CheckConsistent(Gateway& g, int64_t handoff) {
  std::string h = g.Text("SELECT state FROM handoffs WHERE id = " + std::to_string(handoff));
  std::string c = g.Text("SELECT c.state FROM conversations c JOIN handoffs h ON "
                         "h.conversation_id = c.id WHERE h.id = " + std::to_string(handoff));
  if (h == "claimed") CHECK(c == "with_volunteer");
  if (h == "waiting") CHECK(c == "queued");
  if (h == "resolved") CHECK(c == "bot");
  if (h == "claimed") {
    CHECK(g.Int("SELECT claimed_by IS NOT NULL FROM handoffs WHERE id = " + std::to_string(handoff)) == 1);
  } else if (h == "waiting") {
    CHECK(g.Int("SELECT claimed_by IS NULL FROM handoffs WHERE id = " + std::to_string(handoff)) == 1);
  }
}

TEST_CASE("two volunteers claiming the same handoff at the same instant: exactly one wins") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  Signed hoa = SignIn(g.server, *g.client, "hoa", "volunteer", {"tanphong"});
  httplib::Client other("127.0.0.1", g.server.port());
  for (int round = 0; round < 20; ++round) {
    int64_t handoff = EscalateFromTelegram(g, NextId());
    ApiReply a, b;
    AtOnce([&] { a = Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token); },
           [&] { b = Call(other, "POST", HandoffPath(handoff, "claim"), hoa.token); });
    CHECK((a.status == 200) != (b.status == 200));
    const ApiReply& loser = a.status == 200 ? b : a;
    CHECK(loser.status == 409);
    CHECK(loser.error_code() == "already_claimed");
    std::string winner = a.status == 200 ? "tuan" : "hoa";
    CHECK(g.Text("SELECT u.username FROM handoffs h JOIN users u ON u.id = h.claimed_by "
                 "WHERE h.id = " + std::to_string(handoff)) == winner);
    CheckConsistent(g, handoff);
  }
  // One "claimed" notice per chat, never two.
  CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE author = 'system' AND text LIKE '%đã nhận%'") == 20);
}

TEST_CASE("a claim racing a release ends in one consistent state") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  Signed hoa = SignIn(g.server, *g.client, "hoa", "volunteer", {"tanphong"});
  httplib::Client other("127.0.0.1", g.server.port());
  int claimed_by_hoa = 0;
  for (int round = 0; round < 20; ++round) {
    int64_t handoff = EscalateFromTelegram(g, NextId());
    REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
    ApiReply release, claim;
    AtOnce([&] { release = Call(*g.client, "POST", HandoffPath(handoff, "release"), tuan.token); },
           [&] { claim = Call(other, "POST", HandoffPath(handoff, "claim"), hoa.token); });
    CHECK(release.status == 200);  // tuan held it: his release always succeeds
    std::string state = g.Text("SELECT state FROM handoffs WHERE id = " + std::to_string(handoff));
    if (claim.status == 200) {
      ++claimed_by_hoa;  // the release came first
      CHECK(state == "claimed");
    } else {
      CHECK(claim.status == 409);  // the claim came first and found it held
      CHECK(state == "waiting");
    }
    CheckConsistent(g, handoff);
  }
  MESSAGE("claims that came after the release: " << claimed_by_hoa << " of 20");
}

TEST_CASE("a citizen writing while the volunteer resolves: the message is kept and handled once") {
  Gateway g(Volunteers());
  Signed tuan = SignIn(g.server, *g.client, "tuan", "volunteer", {"tanphong"});
  httplib::Client citizen("127.0.0.1", g.server.port());
  for (int round = 0; round < 15; ++round) {
    int64_t chat = NextId();
    int64_t handoff = EscalateFromTelegram(g, chat);
    REQUIRE(Call(*g.client, "POST", HandoffPath(handoff, "claim"), tuan.token).status == 200);
    std::string text = "cảm ơn cháu nhé " + std::to_string(round);
    ApiReply resolved;
    int posted = 0;
    AtOnce([&] { resolved = Call(*g.client, "POST", HandoffPath(handoff, "resolve"), tuan.token); },
           [&] {
             auto res = PostUpdate(citizen, TextUpdate(NextId(), chat, text).dump());
             posted = res ? res->status : -1;
           });
    CHECK(posted == 200);
    CHECK(resolved.status == 200);
    std::string where = "conversation_id = (SELECT conversation_id FROM handoffs WHERE id = " +
                        std::to_string(handoff) + ")";
    CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE text = '" + text + "'") == 1);
    std::string decision = g.Text("SELECT decision FROM messages WHERE text = '" + text + "'");
    int64_t message_id = g.Int("SELECT id FROM messages WHERE text = '" + text + "'");
    int64_t closing_id = g.Int("SELECT id FROM messages WHERE " + where +
                               " AND author = 'system' AND buttons IS NOT NULL");
    if (decision == "to_volunteer") {
      CHECK(message_id < closing_id);  // arrived before the resolve: in the volunteer's transcript
    } else {
      CHECK(message_id > closing_id);  // after: the bot handled it, and replied
      CHECK(g.Int("SELECT COUNT(*) FROM messages WHERE " + where + " AND author = 'bot' AND id > " +
                  std::to_string(message_id)) == 1);
    }
    CheckConsistent(g, handoff);
  }
}

}  // namespace
}  // namespace trolyso::testing
