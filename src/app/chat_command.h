// `trolyso chat`: a terminal conversation with the same pipeline the web chat
// uses (like `rasa shell`), for trying rules without a browser.
#pragma once

#include <string>
#include <vector>

namespace trolyso::app {

int RunChatCommand(const std::vector<std::string>& args);

}  // namespace trolyso::app
