#include "admin/question_groups.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "support/intent_fixtures.h"

namespace trolyso::admin {
namespace {

std::string Identity(const std::string& s) { return s; }

TEST_CASE("one question asked many ways lands in one group; another question in its own") {
  const std::vector<store::UnansweredText> texts = {
      {"làm sao để đổi tên zalo", "not_understood"},
      {"lam sao doi ten zalo vay ad", "not_understood"},
      {"cách đổi tên trên Zalo ạ", "escalate"},
      {"xin hỏi lịch tiêm chủng cho bé", "not_understood"},
      {"ạ", "not_understood"},  // no content word: skipped
      {"lịch tiêm chủng của bé ở đâu", "escalate"},
  };
  const auto groups = GroupQuestions(testing::ShippedRules(), texts, Identity, 2, 10);
  REQUIRE(groups.size() == 2);
  CHECK(groups[0].count == 3);
  CHECK(groups[0].not_understood == 2);
  CHECK(groups[0].escalated == 1);
  CHECK(GroupKey(groups[0]) == "doi ten zalo");
  CHECK(groups[0].examples.size() == 2);
  CHECK(groups[1].count == 2);
  for (const char* word : {"lich", "tiem", "chung"}) {
    CHECK_MESSAGE(std::count(groups[1].words.begin(), groups[1].words.end(), word) == 1, word);
  }
}

TEST_CASE("groups are capped and examples are passed through the mask") {
  const std::vector<store::UnansweredText> texts = {{"đổi sim 0912345678", "escalate"},
                                                    {"bao hiem xe may", "not_understood"}};
  const auto groups =
      GroupQuestions(testing::ShippedRules(), texts, [](const std::string&) { return std::string("***"); }, 5, 1);
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].examples == std::vector<std::string>{"***"});
}

}  // namespace
}  // namespace trolyso::admin
