// What the Zalo adapter tests share: the recorded samples and a page whose
// ids and secrets are the ones the samples and signature vectors use.
#pragma once

#include <string>

#include "core/page.h"
#include "support/files.h"

namespace trolyso::channels::zalo {

inline constexpr const char* kSampleOaId = "4318290756153046782";
inline constexpr const char* kSampleAppId = "2893417265019485302";

// webhooks/zalo/<name>.json
inline std::string Sample(const std::string& name) {
  return trolyso::testing::ReadFile(trolyso::testing::RepoPath("webhooks/zalo/" + name + ".json"));
}

inline Page SamplePage() {
  Page page;
  page.id = "zalo-test";
  page.name = "Đoàn phường Thử";
  page.channel = Channel::kZalo;
  page.zalo.oa_id = kSampleOaId;
  page.zalo.app_id = kSampleAppId;
  page.zalo.oa_secret_key = "Vt6qN2xLp9RwK4zYb7Hc";
  page.zalo.app_secret = "AppSecretNotOaSecret01";
  return page;
}

}  // namespace trolyso::channels::zalo
