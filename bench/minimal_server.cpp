// Baseline for the webhook benchmark: the cheapest cpp-httplib server that
// answers Telegram webhooks (200 "{}" and nothing else). trolyso's figures are
// reported as ratios of this server's, measured on the same machine in the
// same run, so they say what trolyso costs on top of the library itself.
//
//   minimal_server [--port N] [--threads T] [--untuned]
//                  [--relay-to URL [--relay-senders N]]
//
// With --relay-to, it is the second, fairer baseline: trolyso also sends one
// sendMessage per webhook, to a fake Telegram API on the same cores, and that
// cost belongs in the reference too. Each update is parsed just enough to get
// message.chat.id, answered 200 "{}" at once, and a fixed answer is queued in
// memory for N sender threads to POST to URL/bot123:bench/sendMessage. No
// storage, no retries across restarts: the bare cost of "receive, answer,
// send one message". GET /stats then reports what was acknowledged and sent.
//
// Prints "listening on <port>" once the socket accepts connections.

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "tuned_server.h"

namespace {

using nlohmann::json;

constexpr char kHost[] = "127.0.0.1";  // Loopback only, by design.

// The token in the benchmark's generated trolyso config, so both targets hit
// the same fake API route.
constexpr char kSendMessagePath[] = "/bot123:bench/sendMessage";
// A typical FAQ answer (about 300 characters), so the outbound request is as
// large as a real one rather than a few bytes.
constexpr char kAnswer[] =
    "Để kích hoạt tài khoản định danh điện tử mức 2, bạn mang căn cước "
    "gắn chip đến Công an xã nơi thường trú hoặc tạm trú. Cán bộ sẽ chụp "
    "ảnh chân dung, lấy vân tay và nộp hồ sơ giúp bạn. Khi hồ sơ được "
    "duyệt, ứng dụng VNeID sẽ gửi tin nhắn kích hoạt. Cần hỗ trợ thêm, "
    "bạn nhắn \"gặp cán bộ\" nhé.";
// Attempts per message. Loopback calls fail only when the fake API is gone
// or overloaded; a couple of retries keep a transient reset from showing up
// as an unanswered update, while a dead API still fails fast.
constexpr int kSendAttempts = 3;

struct Options {
  int port = 0;  // 0 = ephemeral.
  int threads = 64;
  bool tuned = true;
  std::string relay_to;   // Empty = plain mode: answer 200 and nothing else.
  int relay_senders = 4;  // trolyso's default number of sender threads.
};

[[noreturn]] void Usage(int code) {
  std::fprintf(code == 0 ? stdout : stderr,
               "usage: minimal_server [--port N] [--threads T] [--untuned]\n"
               "                      [--relay-to URL [--relay-senders N]]\n"
               "  --port N           port on 127.0.0.1, 0 = ephemeral (default 0)\n"
               "  --threads T        worker threads when tuned (default 64)\n"
               "  --untuned          keep cpp-httplib's defaults (backlog 5,\n"
               "                     5 requests per keep-alive connection, 8 threads)\n"
               "  --relay-to URL     also send one sendMessage per update to URL,\n"
               "                     e.g. http://127.0.0.1:8081 (a fake Telegram API)\n"
               "  --relay-senders N  sender threads for --relay-to (default 4)\n");
  std::exit(code);
}

Options ParseArgs(int argc, char** argv) {
  Options opts;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto next_int = [&] {
      if (i + 1 >= argc) Usage(2);
      return std::atoi(argv[++i]);
    };
    if (arg == "--port") {
      opts.port = next_int();
    } else if (arg == "--threads") {
      opts.threads = next_int();
    } else if (arg == "--untuned") {
      opts.tuned = false;
    } else if (arg == "--relay-to") {
      if (i + 1 >= argc) Usage(2);
      opts.relay_to = argv[++i];
    } else if (arg == "--relay-senders") {
      opts.relay_senders = next_int();
    } else if (arg == "--help" || arg == "-h") {
      Usage(0);
    } else {
      Usage(2);
    }
  }
  if (opts.port < 0 || opts.port > 65535 || opts.threads < 1 ||
      opts.relay_senders < 1) {
    Usage(2);
  }
  return opts;
}

// message.chat.id of a Telegram update, or nullopt if it has none.
std::optional<int64_t> ChatId(const std::string& body) {
  const json update = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!update.is_object()) return std::nullopt;  // Also covers "discarded".
  const auto message = update.find("message");
  if (message == update.end() || !message->is_object()) return std::nullopt;
  const auto chat = message->find("chat");
  if (chat == message->end() || !chat->is_object()) return std::nullopt;
  const auto id = chat->find("id");
  if (id == chat->end() || !id->is_number_integer()) return std::nullopt;
  return id->get<int64_t>();
}

// The in-memory outbox of relay mode: webhook handlers push chat ids, sender
// threads pop them and POST sendMessage, each over its own keep-alive
// connection (as trolyso's senders do). Unbounded, like trolyso's backlog
// during a burst; the benchmark waits for it to drain.
class Relay {
 public:
  Relay(std::string url, int senders) : url_(std::move(url)) {
    for (int i = 0; i < senders; ++i) {
      threads_.emplace_back([this] { SendLoop(); });
    }
  }
  ~Relay() {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void Push(int64_t chat_id) {
    {
      std::lock_guard lock(mu_);
      queue_.push_back(chat_id);
    }
    cv_.notify_one();
  }

  void CountAcknowledged() {
    acknowledged_.fetch_add(1, std::memory_order_relaxed);
  }

  json Snapshot() const {
    std::lock_guard lock(mu_);
    return {{"acknowledged", acknowledged_.load()},
            {"sent", sent_.load()},
            {"failed", failed_.load()},
            {"queued", queue_.size()}};
  }

 private:
  void SendLoop() {
    httplib::Client client(url_);
    client.set_keep_alive(true);
    // Same reason as the server's: without it every call waits ~40 ms for the
    // peer's delayed ACK, and 4 senders then cap the relay at ~100 msg/s.
    client.set_tcp_nodelay(true);
    for (;;) {
      int64_t chat_id;
      {
        std::unique_lock lock(mu_);
        // Drain what is queued even when stopping: it was acknowledged.
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        chat_id = queue_.front();
        queue_.pop_front();
      }
      // Built here, not in the handler, so the webhook answer does not wait
      // for it; the CPU is spent in this process either way.
      const std::string body =
          json{{"chat_id", chat_id}, {"text", kAnswer}}.dump();
      bool ok = false;
      for (int attempt = 0; attempt < kSendAttempts && !ok; ++attempt) {
        auto res = client.Post(kSendMessagePath, body, "application/json");
        ok = res && res->status == 200;
      }
      (ok ? sent_ : failed_).fetch_add(1, std::memory_order_relaxed);
    }
  }

  const std::string url_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<int64_t> queue_;
  bool stopping_ = false;
  std::atomic<int64_t> acknowledged_{0};
  std::atomic<int64_t> sent_{0};
  std::atomic<int64_t> failed_{0};
  std::vector<std::thread> threads_;  // Last: joined before the rest goes.
};

}  // namespace

int main(int argc, char** argv) {
  const Options opts = ParseArgs(argc, argv);

  httplib::Server svr;
  std::atomic<int> listen_fd{-1};
  if (opts.tuned) bench::TuneServer(svr, opts.threads, listen_fd);

  std::optional<Relay> relay;
  if (opts.relay_to.empty()) {
    svr.Post(R"(/webhooks/telegram/([^/]+))",
             [](const httplib::Request&, httplib::Response& res) {
               res.set_content("{}", "application/json");
             });
  } else {
    relay.emplace(opts.relay_to, opts.relay_senders);
    svr.Post(R"(/webhooks/telegram/([^/]+))",
             [&relay](const httplib::Request& req, httplib::Response& res) {
               const auto chat_id = ChatId(req.body);
               if (!chat_id) {
                 // Visible in wrk's non-2xx count, unlike a silent 200.
                 res.status = 400;
                 res.set_content("{}", "application/json");
                 return;
               }
               relay->Push(*chat_id);
               relay->CountAcknowledged();
               res.set_content("{}", "application/json");
             });
    svr.Get("/stats",
            [&relay](const httplib::Request&, httplib::Response& res) {
              res.set_content(relay->Snapshot().dump(), "application/json");
            });
  }

  int port = opts.port;
  if (port == 0) {
    port = svr.bind_to_any_port(kHost);
  } else if (!svr.bind_to_port(kHost, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::fprintf(stderr, "minimal_server: cannot bind %s:%d\n", kHost,
                 opts.port);
    return 1;
  }
  // The library listened with a backlog of 5; calling listen() again on a
  // listening socket makes Linux adopt the new backlog.
  if (opts.tuned && !bench::RaiseBacklog(listen_fd)) {
    std::perror("minimal_server: listen");
    return 1;
  }

  std::cout << "listening on " << port << std::endl;  // endl: flush for the script.
  return svr.listen_after_bind() ? 0 : 1;
}
