// A fake Telegram Bot API on loopback for the webhook benchmark. It accepts
// sendMessage and answerCallbackQuery for any token and counts what arrived,
// so the benchmark can check that every acknowledged update was answered
// exactly once.
//
//   fake_telegram_api [--port N] [--threads T]
//
//   POST /bot<token>/sendMessage          {"chat_id": 1, "text": "..."}
//   POST /bot<token>/answerCallbackQuery  {"callback_query_id": "..."}
//   GET  /stats[?min_chat_id=A&max_chat_id=B]
//
// /stats counts only chats in [A, B] when given, so a run's replies can be
// told apart from a warm-up's that are still being delivered.
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
            {"bad_requests", bad_requests_}};
  }

 private:
  mutable std::mutex mu_;
  std::unordered_map<int64_t, int64_t> per_chat_;
  int64_t messages_ = 0;
  int64_t callback_answers_ = 0;
  int64_t bad_requests_ = 0;
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
