#include "admin/question_groups.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace trolyso::admin {
namespace {

// Folded words that say nothing about what was asked.
const std::set<std::string, std::less<>>& StopWords() {
  static const std::set<std::string, std::less<>> kWords = {
      "a",    "ad",   "ah",   "ak",   "anh",  "ban",  "bac",  "cho",  "chi",  "chu",
      "co",   "cua",  "da",   "de",   "duoc", "em",   "gi",   "giup", "hoi",  "khong",
      "la",   "lam",  "minh", "nao",  "ne",   "nha",  "nhe",  "nhu",  "oi",   "roi",
      "sao",  "the",  "thi",  "toi",  "va",   "vay",  "voi",  "vui",  "long", "xin",
      "chao", "cam",  "on",   "o",    "ma",   "nay",  "do",   "u",    "vang", "bi",
      "muon", "ko",   "z",    "ha",   "hay"};
  return kWords;
}

std::set<std::string> ContentWords(const intents::RuleSet& rules, const std::string& text) {
  std::istringstream words(rules.Normalize(text).folded);
  std::set<std::string> kept;
  for (std::string w; words >> w;) {
    const bool number = std::all_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (w.size() >= 2 && !number && !StopWords().count(w)) kept.insert(w);
  }
  return kept;
}

bool SameQuestion(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t shared = 0;
  for (const std::string& w : a) shared += b.count(w);
  const size_t smaller = std::min(a.size(), b.size());
  if (smaller == 0) return false;
  if (smaller == 1) return shared == 1 && a.size() == b.size();
  return shared >= 2 && shared * 3 >= smaller * 2;
}

struct Building {
  std::set<std::string> first;
  std::map<std::string, int> word_counts;
  QuestionGroup group;
};

}  // namespace

std::vector<QuestionGroup> GroupQuestions(const intents::RuleSet& rules,
                                          const std::vector<store::UnansweredText>& texts,
                                          const std::function<std::string(const std::string&)>& mask,
                                          size_t examples_per_group, size_t max_groups) {
  std::vector<Building> groups;
  for (const store::UnansweredText& t : texts) {
    std::set<std::string> words = ContentWords(rules, t.text);
    if (words.empty()) continue;
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const Building& g) { return SameQuestion(g.first, words); });
    if (it == groups.end()) {
      groups.push_back({words, {}, {}});
      it = groups.end() - 1;
    }
    QuestionGroup& g = it->group;
    ++g.count;
    (t.decision == "escalate" ? g.escalated : g.not_understood) += 1;
    for (const std::string& w : words) ++it->word_counts[w];
    const std::string shown = mask(t.text);
    if (g.examples.size() < examples_per_group &&
        std::find(g.examples.begin(), g.examples.end(), shown) == g.examples.end()) {
      g.examples.push_back(shown);
    }
  }
  std::vector<QuestionGroup> out;
  for (Building& b : groups) {
    for (const auto& [word, n] : b.word_counts) {
      if (n * 2 >= b.group.count) b.group.words.push_back(word);
    }
    out.push_back(std::move(b.group));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const QuestionGroup& a, const QuestionGroup& b) { return a.count > b.count; });
  if (out.size() > max_groups) out.resize(max_groups);
  return out;
}

std::string GroupKey(const QuestionGroup& group) {
  std::string key;
  for (const std::string& w : group.words) key += (key.empty() ? "" : " ") + w;
  return key;
}

}  // namespace trolyso::admin
