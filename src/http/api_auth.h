// Authentication and request-body helpers shared by the volunteer and admin
// API routes.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http/routes.h"
#include "store/records.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace trolyso::http {

// The token of "Authorization: Bearer <token>", or "".
std::string BearerToken(const httplib::Request& req);

// The user behind the request's token; otherwise answers 401 and returns nullopt.
std::optional<store::UserRow> RequireUser(const RouteContext& ctx, const httplib::Request& req,
                                          httplib::Response& res);
// The same, and answers 403 unless the user is an admin.
std::optional<store::UserRow> RequireAdmin(const RouteContext& ctx, const httplib::Request& req,
                                           httplib::Response& res);

// The body as a JSON object; otherwise answers 400 and returns nullopt.
std::optional<nlohmann::json> RequireJsonObject(const httplib::Request& req,
                                                httplib::Response& res);

// The same, where the body may be empty (taken as {}).
std::optional<nlohmann::json> OptionalJsonObject(const httplib::Request& req,
                                                 httplib::Response& res);

// A string field of `body`; "" when absent or not a string.
std::string StringField(const nlohmann::json& body, const char* key);

// The "days" query parameter of the admin reports: 1 to 366, default 30;
// otherwise answers 400 and returns nullopt.
std::optional<int> RequireDays(const httplib::Request& req, httplib::Response& res);

// A path id like /handoffs/{id}: digits only, else nullopt (answered 404).
std::optional<int64_t> RequireId(const std::string& text, httplib::Response& res,
                                 std::string_view not_found = "Không tìm thấy yêu cầu hỗ trợ này.");

}  // namespace trolyso::http
