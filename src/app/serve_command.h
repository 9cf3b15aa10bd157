// `trolyso serve`: wires configuration, store, rules, pipeline, delivery and
// HTTP together and runs until SIGINT/SIGTERM; SIGHUP reloads the rules.
#pragma once

#include <string>
#include <vector>

namespace trolyso::app {

int RunServeCommand(const std::vector<std::string>& args);

}  // namespace trolyso::app
