// `trolyso user add`: creates a volunteer or admin account and prints its
// one-time password. Writes to the same SQLite file as a running server
// (WAL lets both write), so it works while the server runs.
#pragma once

#include <string>
#include <vector>

namespace trolyso::app {

int RunUserCommand(const std::vector<std::string>& args);

}  // namespace trolyso::app
