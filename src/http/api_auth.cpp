#include "http/api_auth.h"

#include <httplib.h>

#include <charconv>

#include "http/json_reply.h"
#include "text/utf8.h"

namespace trolyso::http {
namespace {

constexpr std::string_view kBearer = "Bearer ";

}  // namespace

std::string BearerToken(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  if (!std::string_view(header).starts_with(kBearer)) return "";
  return header.substr(kBearer.size());
}

std::optional<store::UserRow> RequireUser(const RouteContext& ctx, const httplib::Request& req,
                                          httplib::Response& res) {
  Result<store::UserRow> user = ctx.accounts.Authenticate(BearerToken(req));
  if (!user.ok()) {
    res.set_header("WWW-Authenticate", "Bearer");
    ReplyRefusal(res, user.status());
    return std::nullopt;
  }
  return std::move(*user);
}

std::optional<store::UserRow> RequireAdmin(const RouteContext& ctx, const httplib::Request& req,
                                           httplib::Response& res) {
  std::optional<store::UserRow> user = RequireUser(ctx, req, res);
  if (user && user->role != store::Role::kAdmin) {
    ReplyError(res, 403, "forbidden", "Chức năng này chỉ dành cho quản trị viên.");
    return std::nullopt;
  }
  return user;
}

std::optional<nlohmann::json> RequireJsonObject(const httplib::Request& req,
                                                httplib::Response& res) {
  if (!text::IsValidUtf8(req.body)) {
    ReplyError(res, 400, "invalid_body", "Nội dung gửi lên không phải UTF-8 hợp lệ.");
    return std::nullopt;
  }
  nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    ReplyError(res, 400, "invalid_body", "Nội dung gửi lên phải là một đối tượng JSON.");
    return std::nullopt;
  }
  return body;
}

std::optional<nlohmann::json> OptionalJsonObject(const httplib::Request& req,
                                                 httplib::Response& res) {
  if (req.body.empty()) return nlohmann::json::object();
  return RequireJsonObject(req, res);
}

std::string StringField(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<int> RequireDays(const httplib::Request& req, httplib::Response& res) {
  int days = 30;
  if (std::string text = req.get_param_value("days"); !text.empty()) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
    if (ec != std::errc() || end != text.data() + text.size() || days < 1 || days > 366) {
      ReplyError(res, 400, "invalid_days", "Tham số days phải từ 1 đến 366.");
      return std::nullopt;
    }
  }
  return days;
}

std::optional<int64_t> RequireId(const std::string& text, httplib::Response& res,
                                 std::string_view not_found) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    ReplyError(res, 404, "not_found", not_found);
    return std::nullopt;
  }
  return id;
}

}  // namespace trolyso::http
