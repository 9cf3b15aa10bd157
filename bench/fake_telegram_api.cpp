// A fake Telegram Bot API and Zalo OA API on loopback for the webhook
// benchmark. It accepts Telegram's sendMessage and answerCallbackQuery for any
// token, and Zalo's consultation message and token refresh, and counts what
// arrived, so the benchmark can check that every acknowledged update or event
// was answered exactly once.
//
//   fake_telegram_api [--port N] [--threads T]
//
//   POST /bot<token>/sendMessage          {"chat_id": 1, "text": "..."}
//   POST /bot<token>/answerCallbackQuery  {"callback_query_id": "..."}
//   POST /v3.0/oa/message/cs   header access_token,
//                              {"recipient": {"user_id": "1"}, "message": {"text": "..."}}
//   POST /v4/oa/access_token   header secret_key, form refresh_token, app_id,
//                              grant_type=refresh_token
//   GET  /stats[?min_chat_id=A&max_chat_id=B]
//
// A Telegram chat id and a Zalo user id (decimal) are counted alike, per chat:
// /stats' send_message, distinct_chats and duplicate_chats cover both, and
// count only chats in [A, B] when given, so a run's replies can be told apart
// from a warm-up's that are still being delivered. Zalo's answers are HTTP 200
// with "error": 0 on success, as the real API's; a consultation message with
// an access token this process did not issue gets error -216 (trolyso then
// refreshes and retries once) and is counted in zalo_token_rejected.
//
// Prints "listening on <port>" once the socket accepts connections.

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "tuned_server.h"

namespace {

using nlohmann::json;

constexpr char kHost[] = "127.0.0.1";  // Loopback only, by design.

struct Options {
  int port = 0;
  int threads = 64;
};

[[noreturn]] void Usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: fake_telegram_api [--port N] [--threads T]\n");
  std::exit(code);
}

Options ParseArgs(int argc, char** argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if ((arg == "--port" || arg == "--threads") && i + 1 < argc) {
      (arg == "--port" ? opts.port : opts.threads) = std::atoi(argv[++i]);
    } else if (arg == "--help" || arg == "-h") {
      Usage(0);
    } else {
      Usage(2);
    }
  }
  if (opts.port < 0 || opts.port > 65535 || opts.threads < 1) Usage(2);
  return opts;
}

std::optional<int64_t> ParseInt(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// What arrived, per chat. One mutex is plenty: the critical section is a
// hash-map increment, far cheaper than the HTTP exchange around it.
class Stats {
 public:
  // Returns the message_id to report, unique across the process.
  int64_t RecordMessage(int64_t chat_id) {
    std::lock_guard lock(mu_);
    ++per_chat_[chat_id];
    return ++messages_;
  }
  void RecordCallbackAnswer() {
    std::lock_guard lock(mu_);
    ++callback_answers_;
  }
  void RecordBadRequest() {
    std::lock_guard lock(mu_);
    ++bad_requests_;
  }
  // Zalo: a refresh issues a new access token (all issued stay valid).
  std::string IssueZaloToken() {
    std::lock_guard lock(mu_);
    ++zalo_refreshes_;
    std::string token = "bench-access-" + std::to_string(zalo_refreshes_);
    zalo_tokens_.push_back(token);
    return token;
  }
  // True if `token` was issued; counts a refusal otherwise.
  bool CheckZaloToken(const std::string& token) {
    std::lock_guard lock(mu_);
    if (std::ranges::find(zalo_tokens_, token) != zalo_tokens_.end()) return true;
    ++zalo_token_rejected_;
    return false;
  }
  int64_t RecordZaloMessage(int64_t user_id) {
    std::lock_guard lock(mu_);
    ++zalo_messages_;
    ++per_chat_[user_id];
    return ++messages_;
  }

  json Snapshot(int64_t min_chat_id, int64_t max_chat_id) const {
    std::lock_guard lock(mu_);
    int64_t messages = 0, chats = 0, duplicate_chats = 0;
    for (const auto& [chat_id, count] : per_chat_) {
      if (chat_id < min_chat_id || chat_id > max_chat_id) continue;
      messages += count;
      ++chats;
      if (count > 1) ++duplicate_chats;
    }
    return {{"send_message", messages},
            {"distinct_chats", chats},
            {"duplicate_chats", duplicate_chats},
            {"send_message_all_chats", messages_},
            {"answer_callback_query", callback_answers_},
            {"zalo_messages_all_users", zalo_messages_},
            {"zalo_token_refreshes", zalo_refreshes_},
            {"zalo_token_rejected", zalo_token_rejected_},
            {"bad_requests", bad_requests_}};
  }

 private:
  mutable std::mutex mu_;
  std::unordered_map<int64_t, int64_t> per_chat_;
  int64_t messages_ = 0;
  int64_t callback_answers_ = 0;
  int64_t bad_requests_ = 0;
  int64_t zalo_messages_ = 0;
  int64_t zalo_refreshes_ = 0;
  int64_t zalo_token_rejected_ = 0;
  std::vector<std::string> zalo_tokens_;
};

// Telegram accepts parameters as JSON or as a form; trolyso sends JSON, but
// a form costs nothing to support. Returns a JSON object either way, or
// nullopt if the body is not parseable.
std::optional<json> Params(const httplib::Request& req) {
  if (req.get_header_value("Content-Type").starts_with("application/json")) {
    json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object()) return std::nullopt;
    return body;
  }
  json body = json::object();
  for (const auto& [key, value] : req.params) body[key] = value;
  return body;
}

std::optional<int64_t> ChatId(const json& params) {
  auto it = params.find("chat_id");
  if (it == params.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (it->is_string()) return ParseInt(it->get_ref<const std::string&>());
  return std::nullopt;
}

void Reply(httplib::Response& res, int status, const json& body) {
  res.status = status;
  // replace: echoing a client's invalid UTF-8 must not throw.
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json");
}

void ReplyError(httplib::Response& res, int status, std::string description) {
  Reply(res, status,
        {{"ok", false}, {"error_code", status}, {"description", description}});
}

void SendMessage(Stats& stats, const json& params, httplib::Response& res) {
  const auto chat_id = ChatId(params);
  if (!chat_id) {
    stats.RecordBadRequest();
    return ReplyError(res, 400, "Bad Request: chat not found");
  }
  auto text_it = params.find("text");
  if (text_it == params.end() || !text_it->is_string() ||
      text_it->get_ref<const std::string&>().empty()) {
    stats.RecordBadRequest();
    return ReplyError(res, 400, "Bad Request: message text is empty");
  }
  const int64_t message_id = stats.RecordMessage(*chat_id);
  Reply(res, 200,
        {{"ok", true},
         {"result",
          {{"message_id", message_id},
           {"date", 0},
           {"chat", {{"id", *chat_id}, {"type", "private"}}},
           {"text", *text_it}}}});
}

void AnswerCallbackQuery(Stats& stats, const json& params,
                         httplib::Response& res) {
  if (!params.contains("callback_query_id")) {
    stats.RecordBadRequest();
    return ReplyError(res, 400, "Bad Request: query is too old and response "
                                "timeout expired or query ID is invalid");
  }
  stats.RecordCallbackAnswer();
  Reply(res, 200, {{"ok", true}, {"result", true}});
}

// Zalo answers errors with HTTP 200 and a non-zero "error" (§6 of the spec).
void ZaloError(httplib::Response& res, int code, std::string message) {
  Reply(res, 200, {{"error", code}, {"message", message}});
}

// POST /v3.0/oa/message/cs: one consultation message to recipient.user_id.
void ZaloSend(Stats& stats, const httplib::Request& req, httplib::Response& res) {
  if (!stats.CheckZaloToken(req.get_header_value("access_token"))) {
    return ZaloError(res, -216, "Access token is invalid");
  }
  json body = json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  std::optional<int64_t> user_id;
  const json* text = nullptr;
  if (body.is_object() && body.contains("recipient") && body["recipient"].is_object() &&
      body["recipient"].contains("user_id") && body["recipient"]["user_id"].is_string()) {
    user_id = ParseInt(body["recipient"]["user_id"].get_ref<const std::string&>());
  }
  if (body.is_object() && body.contains("message") && body["message"].is_object() &&
      body["message"].contains("text") && body["message"]["text"].is_string() &&
      !body["message"]["text"].get_ref<const std::string&>().empty()) {
    text = &body["message"]["text"];
  }
  if (!user_id || text == nullptr) {
    stats.RecordBadRequest();
    return ZaloError(res, -201, "Parameters are invalid");
  }
  const int64_t message_id = stats.RecordZaloMessage(*user_id);
  Reply(res, 200,
        {{"error", 0},
         {"message", "Success"},
         {"data", {{"message_id", std::to_string(message_id)},
                   {"user_id", std::to_string(*user_id)}}}});
}

// POST /v4/oa/access_token: the refresh_token grant (§7), form-encoded.
void ZaloRefresh(Stats& stats, const httplib::Request& req, httplib::Response& res) {
  httplib::Params form;
  httplib::detail::parse_query_text(req.body, form);
  auto field = [&form](const char* key) {
    auto it = form.find(key);
    return it == form.end() ? std::string() : it->second;
  };
  if (req.get_header_value("secret_key").empty() || field("grant_type") != "refresh_token" ||
      field("refresh_token").empty() || field("app_id").empty()) {
    stats.RecordBadRequest();
    return Reply(res, 200, {{"error", -14014}, {"error_name", "Invalid parameter"},
                            {"error_description", "refresh_token, app_id, grant_type and the "
                                                  "secret_key header are required"}});
  }
  std::string access = stats.IssueZaloToken();
  Reply(res, 200, {{"access_token", access},
                   {"refresh_token", "bench-refresh-" + access.substr(access.rfind('-') + 1)},
                   {"expires_in", "90000"}});
}

}  // namespace

int main(int argc, char** argv) {
  const Options opts = ParseArgs(argc, argv);
  Stats stats;

  httplib::Server svr;
  std::atomic<int> listen_fd{-1};
  bench::TuneServer(svr, opts.threads, listen_fd);

  // Bot API method names are case-insensitive.
  svr.Post(R"(/bot([^/]+)/([A-Za-z]+))",
           [&stats](const httplib::Request& req, httplib::Response& res) {
             std::string method = req.matches[2];
             std::ranges::transform(method, method.begin(), [](unsigned char c) {
               return static_cast<char>(std::tolower(c));
             });
             const auto params = Params(req);
             if (!params) {
               stats.RecordBadRequest();
               return ReplyError(res, 400, "Bad Request: can't parse JSON");
             }
             if (method == "sendmessage") return SendMessage(stats, *params, res);
             if (method == "answercallbackquery") {
               return AnswerCallbackQuery(stats, *params, res);
             }
             ReplyError(res, 404, "Not Found");
           });

  svr.Post("/v3.0/oa/message/cs",
           [&stats](const httplib::Request& req, httplib::Response& res) {
             ZaloSend(stats, req, res);
           });
  svr.Post("/v4/oa/access_token",
           [&stats](const httplib::Request& req, httplib::Response& res) {
             ZaloRefresh(stats, req, res);
           });

  svr.Get("/stats", [&stats](const httplib::Request& req,
                             httplib::Response& res) {
    auto bound = [&req](const char* key, int64_t fallback) {
      if (!req.has_param(key)) return std::optional<int64_t>(fallback);
      return ParseInt(req.get_param_value(key));
    };
    const auto lo = bound("min_chat_id", std::numeric_limits<int64_t>::min());
    const auto hi = bound("max_chat_id", std::numeric_limits<int64_t>::max());
    if (!lo || !hi) return ReplyError(res, 400, "Bad Request: bad chat id bound");
    Reply(res, 200, stats.Snapshot(*lo, *hi));
  });

  int port = opts.port;
  if (port == 0) {
    port = svr.bind_to_any_port(kHost);
  } else if (!svr.bind_to_port(kHost, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::fprintf(stderr, "fake_telegram_api: cannot bind %s:%d\n", kHost,
                 opts.port);
    return 1;
  }
  if (!bench::RaiseBacklog(listen_fd)) {  // Replaces the library's 5.
    std::perror("fake_telegram_api: listen");
    return 1;
  }

  std::cout << "listening on " << port << std::endl;  // endl: flush for the script.
  return svr.listen_after_bind() ? 0 : 1;
}
