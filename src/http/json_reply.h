// The one place a Status becomes an HTTP answer.
//
// Errors go out as {"error": {"code": "...", "message": "..."}} with the
// status HttpStatusOf() picks. The message is the Status's own words, which
// name what was wrong with the request; internal failures are logged where
// they happen and answered with a generic message, never with their detail.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace httplib {
struct Response;
}

namespace trolyso::http {

int HttpStatusOf(StatusCode code);

// A short machine-readable code: "invalid_argument", "not_found"...
std::string_view ErrorCodeOf(StatusCode code);

void ReplyError(httplib::Response& res, const Status& status);
void ReplyError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message);
// For the volunteer and admin API, whose refusals carry their own code and
// Vietnamese sentence as the Status's "code: sentence" (see handoff/queue.h):
// the HTTP status comes from the StatusCode (InvalidArgument answers 422,
// the request being well-formed but its content refused), the code and
// message from the two halves. Internal failures get a generic sentence.
void ReplyRefusal(httplib::Response& res, const Status& status);

void ReplyJson(httplib::Response& res, const nlohmann::json& body, int http_status = 200);

}  // namespace trolyso::http
