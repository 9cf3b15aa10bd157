// Groups the questions the bot could not answer so that one question asked
// many ways lands in one group: each text becomes the set of its folded,
// lexicon-normalized words minus stop words (forms of address, politeness,
// question words), and joins the first group whose first member's words
// it shares mostly (at least two words, or its only word, and two thirds
// of the smaller set). Greedy and order-dependent, which is fine for an
// inbox: the newest question opens a group, older ones join it.
//
// Pure function; thread-safe.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "intents/rule_set.h"
#include "store/stats_repository.h"

namespace trolyso::admin {

struct QuestionGroup {
  std::vector<std::string> words;     // shared by at least half the members, alphabetical
  int count = 0;
  int not_understood = 0;
  int escalated = 0;
  std::vector<std::string> examples;  // masked, newest first
};

// Biggest first, at most `max_groups`; texts without a content word are
// skipped. `mask` hides personal numbers in the examples.
std::vector<QuestionGroup> GroupQuestions(const intents::RuleSet& rules,
                                          const std::vector<store::UnansweredText>& texts,
                                          const std::function<std::string(const std::string&)>& mask,
                                          size_t examples_per_group, size_t max_groups);

// "dang nhap vneid": the words joined, for display and as a group's key.
std::string GroupKey(const QuestionGroup& group);

}  // namespace trolyso::admin
