// Process-wide logging set-up: one line per event through spdlog, to stderr,
// written by a background thread so a slow terminal never slows a webhook.
#pragma once

#include <string>

namespace trolyso::app {

// `level`: trace, debug, info, warn, error.
void SetUpLogging(const std::string& level);

}  // namespace trolyso::app
