#include "http/json_reply.h"

#include <httplib.h>

namespace trolyso::http {

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kConflict: return 409;
    case StatusCode::kTooLarge: return 413;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

std::string_view ErrorCodeOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kUnauthenticated: return "unauthenticated";
    case StatusCode::kPermissionDenied: return "permission_denied";
    case StatusCode::kNotFound: return "not_found";
    case StatusCode::kConflict: return "conflict";
    case StatusCode::kTooLarge: return "payload_too_large";
    case StatusCode::kUnavailable: return "unavailable";
    case StatusCode::kInternal: return "internal";
  }
  return "internal";
}

void ReplyError(httplib::Response& res, const Status& status) {
  bool internal = status.code() == StatusCode::kInternal || status.code() == StatusCode::kUnavailable;
  ReplyError(res, HttpStatusOf(status.code()), ErrorCodeOf(status.code()),
             internal ? "temporary server error, please retry" : status.message());
}

void ReplyError(httplib::Response& res, int http_status, std::string_view code,
                std::string_view message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  ReplyJson(res, body, http_status);
}

void ReplyRefusal(httplib::Response& res, const Status& status) {
  if (status.code() == StatusCode::kInternal || status.code() == StatusCode::kUnavailable) {
    return ReplyError(res, HttpStatusOf(status.code()), ErrorCodeOf(status.code()),
                      "Máy chủ đang gặp sự cố tạm thời, vui lòng thử lại.");
  }
  int http_status = status.code() == StatusCode::kInvalidArgument ? 422 : HttpStatusOf(status.code());
  std::string_view message = status.message();
  size_t colon = message.find(": ");
  if (colon == std::string_view::npos) {
    return ReplyError(res, http_status, ErrorCodeOf(status.code()), message);
  }
  ReplyError(res, http_status, message.substr(0, colon), message.substr(colon + 2));
}

void ReplyJson(httplib::Response& res, const nlohmann::json& body, int http_status) {
  res.status = http_status;
  // Replace, not throw: a citizen's text could in theory carry bytes that a
  // strict dump would reject; inbound text was validated, this is a backstop.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

}  // namespace trolyso::http
