// The conversation state machine, without clock or database.
#include "pipeline/conversation_policy.h"

#include <doctest/doctest.h>

#include "support/intent_fixtures.h"

namespace trolyso::pipeline {
namespace {

using store::ConversationRow;
using store::ConversationState;

const intents::RuleSet& Rules() { return trolyso::testing::ShippedRules(); }

Page TestPage() {
  Page page;
  page.id = "p";
  page.name = "Đoàn xã Thử";
  page.area = "thu";
  return page;
}

Inbound Text(const std::string& text) {
  Inbound in;
  in.kind = InboundKind::kText;
  in.text = text;
  return in;
}

Decision DecideText(const ConversationRow& conversation, const std::string& text) {
  Inbound in = Text(text);
  return Decide(conversation, in, Classify(in, Rules()), Rules(), TestPage(), 0);
}

TEST_CASE("a known question is answered and clears the not-understood streak") {
  ConversationRow conversation;
  conversation.unmatched_streak = 1;
  Decision d = DecideText(conversation, "quên mật khẩu vneid");
  CHECK(d.kind == DecisionKind::kAnswer);
  CHECK(d.intent_id == "vneid.forgot_password");
  CHECK(d.next_unmatched_streak == 0);
  CHECK(d.next_state == ConversationState::kBot);
  REQUIRE(d.replies.size() == 1);
  CHECK_FALSE(d.escalation);
}

TEST_CASE("the first miss asks to rephrase, the second hands over") {
  ConversationRow conversation;
  Decision first = DecideText(conversation, "zxqv plorp");
  CHECK(first.kind == DecisionKind::kNotUnderstood);
  CHECK(first.next_unmatched_streak == 1);
  CHECK(first.next_state == ConversationState::kBot);
  REQUIRE(first.replies.size() == 1);
  bool offers_person = false;
  for (const Button& b : first.replies[0].buttons) {
    offers_person = offers_person || b.payload == "intent:general.human_request";
  }
  CHECK(offers_person);

  conversation.unmatched_streak = first.next_unmatched_streak;
  Decision second = DecideText(conversation, "blorft quxx");
  CHECK(second.kind == DecisionKind::kEscalate);
  CHECK(second.next_state == ConversationState::kQueued);
  REQUIRE(second.escalation);
  CHECK(second.escalation->reason == "not_understood_twice");
  CHECK(second.next_unmatched_streak == 0);
}

TEST_CASE("while queued or with a volunteer the bot says nothing") {
  for (ConversationState state : {ConversationState::kQueued, ConversationState::kWithVolunteer}) {
    ConversationRow conversation;
    conversation.state = state;
    Decision d = DecideText(conversation, "quên mật khẩu vneid");
    CHECK(d.kind == DecisionKind::kToVolunteer);
    CHECK(d.replies.empty());
    CHECK(d.next_state == state);
    CHECK_FALSE(d.escalation);
  }
}

TEST_CASE("the human-request intent escalates with a holding reply naming the page") {
  Decision d = DecideText(ConversationRow{}, "cho tôi gặp tư vấn viên");
  CHECK(d.kind == DecisionKind::kEscalate);
  CHECK(d.intent_id == "general.human_request");
  REQUIRE(d.escalation);
  CHECK(d.escalation->reason == "human_request");
  REQUIRE_FALSE(d.replies.empty());
  CHECK(d.replies.back().text.find("Đoàn xã Thử") != std::string::npos);
}

TEST_CASE("an urgent intent is queued first and keeps its own safety answer") {
  Decision d = DecideText(ConversationRow{}, "tôi vừa bị lừa chuyển khoản mất tiền");
  CHECK(d.kind == DecisionKind::kEscalate);
  REQUIRE(d.escalation);
  CHECK(d.escalation->priority >= kUrgentPriority);
  CHECK(d.replies.size() == 2);  // the rule's advice, then the holding message
}

TEST_CASE("a button press selects its intent; a stale button is not understood") {
  Inbound pressed;
  pressed.kind = InboundKind::kButton;
  pressed.text = "intent:vneid.activate";
  intents::MatchResult match = Classify(pressed, Rules());
  REQUIRE(match.kind == intents::MatchResult::Kind::kAnswer);
  CHECK(match.intent->id == "vneid.activate");

  pressed.text = "intent:no.such_intent";
  CHECK(Classify(pressed, Rules()).kind == intents::MatchResult::Kind::kNoMatch);
}

TEST_CASE("a rating button is taken in any state, and only in its exact shape") {
  Inbound pressed;
  pressed.kind = InboundKind::kButton;
  for (ConversationState state :
       {ConversationState::kBot, ConversationState::kQueued, ConversationState::kWithVolunteer}) {
    ConversationRow conversation;
    conversation.state = state;
    pressed.text = "rating:42:4";
    Decision d = Decide(conversation, pressed, Classify(pressed, Rules()), Rules(), TestPage(), 0);
    CHECK(d.kind == DecisionKind::kRating);
    REQUIRE(d.rating.has_value());
    CHECK(d.rating->handoff_id == 42);
    CHECK(d.rating->stars == 4);
    CHECK(d.next_state == state);  // a late rating never changes who answers
    CHECK(d.replies.size() == 1);
  }
  ConversationRow bot;
  for (const char* bad : {"rating:42:6", "rating:42:0", "rating::4", "rating:4x:4", "rating:42:45",
                          "rating:42", "rating:99999999999999999999:5"}) {
    CAPTURE(bad);
    pressed.text = bad;
    Decision d = Decide(bot, pressed, Classify(pressed, Rules()), Rules(), TestPage(), 0);
    CHECK(d.kind != DecisionKind::kRating);
    CHECK_FALSE(d.rating.has_value());
  }
}

TEST_CASE("a page's disabled rules never answer there; its own welcome and holding texts are used") {
  ConversationRow bot;
  Inbound question = Text("quên mật khẩu vneid");
  Decision usual = Decide(bot, question, Classify(question, Rules()), Rules(), TestPage(), 0);
  REQUIRE(usual.kind == DecisionKind::kAnswer);
  Page local = TestPage();
  local.disabled_intents = {usual.intent_id};
  Decision here = Decide(bot, question, Classify(question, Rules()), Rules(), local, 0);
  CHECK(here.kind == DecisionKind::kNotUnderstood);
  CHECK(here.intent_id.empty());

  local.holding_message = "Đội hỗ trợ xã sẽ nhắn lại bạn trong giờ hành chính.";
  Inbound human = Text("cho tôi gặp người thật");
  Decision held = Decide(bot, human, Classify(human, Rules()), Rules(), local, 0);
  REQUIRE(held.kind == DecisionKind::kEscalate);
  CHECK(held.replies.back().text == local.holding_message);

  local.welcome_message = "Chào bạn! Đây là trang của Đoàn xã.";
  Inbound follow;
  follow.kind = InboundKind::kFollow;
  Decision welcomed = Decide(bot, follow, {}, Rules(), local, 0);
  REQUIRE(welcomed.kind == DecisionKind::kWelcome);
  CHECK(welcomed.replies[0].text == local.welcome_message);
  CHECK_FALSE(welcomed.replies[0].buttons.empty());
  ConversationRow queued;
  queued.state = ConversationState::kQueued;
  CHECK(Decide(queued, follow, {}, Rules(), local, 0).kind == DecisionKind::kRecordOnly);
}

TEST_CASE("media asks for text and counts as a miss; an edit is only recorded") {
  Inbound photo;
  photo.kind = InboundKind::kNonText;
  photo.media_kind = "voice";
  Decision d = Decide(ConversationRow{}, photo, {}, Rules(), TestPage(), 0);
  CHECK(d.kind == DecisionKind::kAskForText);
  CHECK(d.next_unmatched_streak == 1);

  ConversationRow after_miss;
  after_miss.unmatched_streak = 1;
  Decision again = Decide(after_miss, photo, {}, Rules(), TestPage(), 0);
  CHECK(again.kind == DecisionKind::kEscalate);
  CHECK(again.escalation->reason == "non_text:voice");

  Inbound edit = Text("sửa lại câu hỏi");
  edit.kind = InboundKind::kEdited;
  Decision recorded = Decide(ConversationRow{}, edit, {}, Rules(), TestPage(), 0);
  CHECK(recorded.kind == DecisionKind::kRecordOnly);
  CHECK(recorded.replies.empty());
}

}  // namespace
}  // namespace trolyso::pipeline
