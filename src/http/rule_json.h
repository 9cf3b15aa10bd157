// JSON shapes shared by the admin rule routes: drafts, versions, failures.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "admin/rule_editor.h"
#include "store/rule_repository.h"

namespace httplib {
struct Response;
}

namespace trolyso::http {

// "file: intent: field: problem" split for the editor, with the line kept.
nlohmann::json FailureJson(const std::string& line);
nlohmann::json FailuresJson(const std::vector<std::string>& lines);

nlohmann::json VersionJson(const store::RuleVersionRow& row);

// The summary of a draft: ids created/edited/deleted, lexicon keys changed.
nlohmann::json DraftSummaryJson(const admin::DraftView& view);

// A refused publish or rollback: 409 with the live version, 422 with every
// failure, or the plain refusal.
void ReplyPublishRefusal(httplib::Response& res, const admin::PublishOutcome& outcome);

}  // namespace trolyso::http
