// `trolyso export-intents` and `trolyso import-intents`: the live rule-set
// version to files (so rules can also be kept in git) and files back as a
// draft for an admin to review, try and publish in /admin.
//
// Each takes the arguments after its sub-command name and returns the exit
// code: 0 done, 1 failed, 2 bad arguments.
#pragma once

#include <string>
#include <vector>

namespace trolyso::app {

// trolyso export-intents DIR [--config FILE]
// Writes lexicon.json and every rule file of the live version into DIR
// (created if missing) and removes rule files there that the version does
// not have (schema.json is left alone).
int RunExportIntentsCommand(const std::vector<std::string>& args);

// trolyso import-intents DIR [--config FILE]
// Stores DIR's files as a draft over the live version (by intent and
// lexicon entry, so a newer live version can still be rebased onto) and
// prints the draft's number and the problems publishing would find.
int RunImportIntentsCommand(const std::vector<std::string>& args);

}  // namespace trolyso::app
