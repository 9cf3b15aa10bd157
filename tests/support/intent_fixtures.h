// Fixtures shared by the tests that need rules or a page: the shipped rule
// set (loaded once per test binary), a page with every local fact set, and a
// small lexicon for hand-written rule directories.
#pragma once

#include <memory>

#include <doctest/doctest.h>

#include "core/page.h"
#include "intents/rule_set.h"
#include "support/files.h"

namespace trolyso::testing {

inline constexpr const char* kTestLexicon =
    R"({"entries": {"ko": "khong", "mk": "mat khau", "dc": "duoc"}})";

// intents/ as shipped, checked like the server checks it at start-up.
inline const intents::RuleSet& ShippedRules() {
  static const std::shared_ptr<const intents::RuleSet> rules = [] {
    auto loaded = intents::RuleSet::LoadDir(RepoPath("intents"));
    REQUIRE_MESSAGE(loaded.ok(), loaded.status().message());
    return *loaded;
  }();
  return *rules;
}

inline Page FullPage() {
  Page page;
  page.name = "Đoàn xã Tân Phong";
  page.hotline = "0270 3800 000";
  page.office_address = "Trụ sở UBND xã";
  page.office_hours = "7:30–17:00";
  page.map_link = "https://maps.example/tp";
  return page;
}

}  // namespace trolyso::testing
