// The `trolyso match` and `trolyso check` sub-commands: tools for admins and
// CI over the rule files alone (no database, no server).
//
// Each takes the arguments after its sub-command name, prints to stdout
// (results) and stderr (usage and load errors), and returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace trolyso::app {

// trolyso match [--intents DIR] [--json] "text"
// Prints the normalized forms, candidates, winner, captures and the rendered
// answer for a demo page; with --json one JSON object with at least
// "intent" (id or null) and "decision" ("answer", "clarify" or "escalate").
// Exit 0 on success, 1 when the rules don't load, 2 on bad arguments.
int RunMatchCommand(const std::vector<std::string>& args);

// trolyso check [--intents DIR]
// Loads, compiles and runs every example and counter-example; prints each
// failure as "file: intent: example: got X". Exit 0 (with a one-line
// summary) when all hold, 1 on any failure, 2 on bad arguments.
int RunCheckCommand(const std::vector<std::string>& args);

}  // namespace trolyso::app
